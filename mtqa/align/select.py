"""Choose the aligner for a run: the embedding aligner when its encoder loads and covers both
languages, else Gale-Church with a warning (config.aligner "auto")."""

from __future__ import annotations

from mtqa.align.base import Aligner
from mtqa.config import Config
from mtqa.models.encoders import encoder_languages, shared_encoder
from mtqa.errors import ModelUnavailableError, UsageError

ALIGNERS = ("auto", "vecalign", "gale-church")


def build_aligner(config: Config) -> tuple[Aligner, list[str]]:
    """Return the aligner for `config.aligner` / `config.encoder` and warnings for the report.

    "vecalign" fails with ModelUnavailableError (exit 4) when the encoder cannot be used;
    "auto" falls back to Gale-Church and says why.
    """
    if config.aligner not in ALIGNERS:
        raise UsageError(f"unknown aligner {config.aligner!r}; valid: {', '.join(ALIGNERS)}")
    if config.aligner == "gale-church":
        return _gale_church(config), []
    covered = encoder_languages(config.encoder)
    missing = [lang for lang in (config.source_lang, config.target_lang) if lang not in covered]
    problem: str | None = None
    if missing:
        problem = (
            f"encoder {config.encoder!r} does not cover language(s) {', '.join(missing)}"
            + ("; --encoder e5 covers about 100 languages" if config.encoder == "use" else "")
        )
    else:
        try:
            from mtqa.align.vecalign import VecAligner

            return VecAligner(shared_encoder(config.encoder)), []
        except ModelUnavailableError as exc:
            problem = exc.message
    if config.aligner == "vecalign":
        raise ModelUnavailableError(f"cannot use the vecalign aligner: {problem}; or use --aligner gale-church")
    return _gale_church(config), [f"{problem}: fell back to length-based Gale-Church alignment, which handles merged, split and missing sentences less reliably"]


def _gale_church(config: Config) -> Aligner:
    from mtqa.align.gale_church import GaleChurchAligner
    from mtqa.config import LENGTH_RATIO

    aligner: Aligner = GaleChurchAligner(ratio=LENGTH_RATIO.get((config.source_lang, config.target_lang)))
    return aligner
