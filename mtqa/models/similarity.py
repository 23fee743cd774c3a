"""Semantic similarity of each aligned pair, calibrated against unrelated pairs (code SEM001).

Raw cosines are not comparable across encoders (unrelated pairs: USE ~0.2, e5 ~0.8), so each
pair's cosine is mapped onto a two-anchor scale:

    score = clip((cos - random) / (match - random), 0, 1)

`random` is the mean cosine of the document's own mismatched pairs (source i with target j != i,
counting each distinct pair once and skipping those that share their source or their target text, so
repeated rows and several translations of one source do not pass for "unrelated"), shrunk towards the encoder's corpus-level value when the document has few pairs, so a document on
one narrow topic (high random similarity) is judged against itself; `match` is the encoder's
median cosine of correct translations on corpora/align. 0 means "no closer than a random sentence
of this document", 1 "as close as a typical correct translation".

Thresholds (config.threshold names "similarity.major", "similarity.minor") were chosen on
corpora/align, not on the demo: `python benchmarks/align.py --similarity` prints, per encoder, the
share of correct pairs, same-document wrong pairs and other-document pairs under each threshold.
Sentence cosine does not see a wrong number or a dropped negation (shared design QE-MODELS.md):
those need their own checks; this signal catches a target that says something else entirely.

A side longer than the encoder's `max_chars` is embedded from its start only; such a pair gets CUT001
(major by default), because the rest of the text was not compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mtqa.config import Config
from mtqa.evidence import Evidence
from mtqa.types import Category, Pair, PairScore, Severity, Signal

if TYPE_CHECKING:
    from mtqa.models.encoders.base import CachedEncoder

VERSION = "1"
# Defaults chosen with benchmarks/align.py --similarity on corpora/align (USE / e5): under MAJOR
# 0 % of correct pairs and 88 % / 88 % of same-document wrong targets, 100 % of other-document
# targets; under MINOR 1 % / 0 % of correct pairs, 100 % of wrong targets, 29 % / 36 % of targets
# cut to half their words. 0.55 would catch half the cut targets but flag 3 % of correct pairs.
MAJOR = 0.25
MINOR = 0.45
# Weight, in pairs, of the encoder's corpus-level random-pair mean against the document's own.
PRIOR_PAIRS = 10.0
# Beyond this many pairs the random baseline uses a fixed random sample of mismatched pairs.
MAX_BASELINE_PAIRS = 2000


class SimilarityScorer:
    name = "similarity"
    version = VERSION
    requires: tuple[type[Evidence], ...] = ()
    provides: tuple[type[Evidence], ...] = ()

    def __init__(self, config: Config, *, encoder: CachedEncoder | None = None) -> None:
        self.config = config
        self.major = config.threshold("similarity.major", MAJOR)
        self.minor = config.threshold("similarity.minor", MINOR)
        self._encoder = encoder

    @property
    def encoder(self) -> CachedEncoder:
        if self._encoder is None:
            from mtqa.models.encoders import shared_encoder

            self._encoder = shared_encoder(self.config.encoder)
        return self._encoder

    def signature(self) -> Mapping[str, str]:
        sig = {"scorer": self.name, "version": VERSION, "major": str(self.major), "minor": str(self.minor)}
        sig.update({f"encoder.{k}": v for k, v in self.encoder.signature().items()})
        return sig

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        import numpy as np

        results: list[PairScore] = [PairScore() for _ in pairs]
        live = [k for k, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
        if not live:
            return results
        enc = self.encoder
        src = enc.encode([pairs[k].source for k in live])
        tgt = enc.encode([pairs[k].target for k in live])
        cos = np.einsum("ij,ij->i", src, tgt).astype(float)
        random = self._random_mean(src, tgt, [pairs[k].source for k in live], [pairs[k].target for k in live])
        span = max(enc.match_median - random, 1e-3)
        limit = int(getattr(enc, "max_chars", 0)) or None
        for row, k in enumerate(live):
            value = float(min(1.0, max(0.0, (cos[row] - random) / span)))
            signals = self._signals(value) + self._cut_signals(pairs[k], limit)
            results[k] = PairScore(score=value, signals=signals, raw=float(cos[row]))
        return results

    def _random_mean(self, src: object, tgt: object, src_texts: Sequence[str], tgt_texts: Sequence[str]) -> float:
        import numpy as np

        # One row per distinct (source, target) pair: 10,000 copies of one correct pair are one pair,
        # not 10,000 x 9,999 "unrelated" pairs that are really the same translation.
        first: dict[tuple[str, str], int] = {}
        for row, key in enumerate(zip(src_texts, tgt_texts, strict=True)):
            first.setdefault(key, row)
        rows = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        s = np.asarray(src)[rows]
        t = np.asarray(tgt)[rows]
        s_id = _ids([src_texts[r] for r in rows])
        t_id = _ids([tgt_texts[r] for r in rows])
        n = len(rows)
        prior = self.encoder.random_mean
        if n < 2:
            return prior
        if n <= 45:  # n*(n-1) <= MAX_BASELINE_PAIRS: use every mismatched pair
            i, j = (a.ravel() for a in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
        else:
            rng = np.random.default_rng(0)
            i = rng.integers(0, n, MAX_BASELINE_PAIRS)
            j = (i + rng.integers(1, n, MAX_BASELINE_PAIRS)) % n
        # A mismatched pair that shares its source text (another translation of the same sentence)
        # or its target text is not unrelated: leave it out of the baseline.
        keep = (s_id[i] != s_id[j]) & (t_id[i] != t_id[j])
        if not keep.any():
            return prior
        doc = float(np.einsum("ij,ij->i", s[i[keep]], t[j[keep]]).mean())
        return (n * doc + PRIOR_PAIRS * prior) / (n + PRIOR_PAIRS)

    def _cut_signals(self, pair: Pair, limit: int | None) -> tuple[Signal, ...]:
        if limit is None:
            return ()
        long = [(side, len(text)) for side, text in (("source", pair.source), ("target", pair.target)) if len(text) > limit]
        if not long:
            return ()
        sides = " and ".join(f"the {side} has {n:,} characters" for side, n in long)
        return (
            Signal(
                code="CUT001",
                category=Category.LENGTH,
                message=(
                    f"not checked whole: {sides}, past the {limit:,}-character limit of the sentence encoder, "
                    "so similarity compared only the start; split the sentence to have it checked"
                ),
                scorer=self.name,
                severity_hint=Severity.MAJOR,
            ),
        )

    def _signals(self, value: float) -> tuple[Signal, ...]:
        if value >= self.minor:
            return ()
        if value < self.major:
            severity = Severity.MAJOR
            message = (
                f"the target is no closer in meaning to the source than an unrelated sentence "
                f"(calibrated similarity {value:.2f} < {self.major}): wrong or unrelated translation"
            )
        else:
            severity = Severity.MINOR
            message = (
                f"the target is only loosely related to the source (calibrated similarity "
                f"{value:.2f} < {self.minor}): check for a mistranslation or missing content"
            )
        return (
            Signal(
                code="SEM001",
                category=Category.MISTRANSLATION,
                message=message,
                scorer=self.name,
                value=value,
                severity_hint=severity,
            ),
        )


def _ids(texts: Sequence[str]) -> Any:
    """One integer per distinct text, as a numpy array aligned with `texts`."""
    import numpy as np

    seen: dict[str, int] = {}
    return np.array([seen.setdefault(text, len(seen)) for text in texts], dtype=np.int64)
