"""Run configuration: one frozen dataclass; CLI options map one-to-one to its fields.

Defaults can also come from `[tool.mtqa]` in a pyproject.toml or from an `mtqa.toml` in the working
directory (`load_file_defaults`); explicit CLI options win.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, UsageError
from mtqa.types import Severity

# ISO 639-1 codes the segmenter, the checks and the language identifier know. Other languages are
# refused up front rather than checked badly.
SUPPORTED_LANGS = ("it", "en")
# Expected target/source character-length ratio per language pair: Italian runs longer than
# English (0.87 on the demo article; 0.86-0.89 on the authored corpora).
LENGTH_RATIO: dict[tuple[str, str], float] = {("it", "en"): 0.88, ("en", "it"): 1.14}
_LANG_OPTION = {"source_lang": "--src-lang", "target_lang": "--tgt-lang"}


# Numeric precisions of the neural scorers (the published QE models and offline-qe).
PRECISIONS = ("auto", "fp32", "bf16", "fp16", "int8")

# Every threshold a scorer reads through `Config.threshold` (`--threshold NAME=VALUE`, or
# `thresholds` in mtqa.toml). A name not listed is refused: a typo such as "offline-qe.minr" would
# otherwise be ignored and a gate would run on the default without saying so.
QE_FAMILIES = ("cometkiwi", "xcomet", "cometqe", "metricx24", "metricx23")
THRESHOLD_NAMES = frozenset({
    "length.minor_factor", "length.major_factor", "untranslated.langid", "untranslated_words.margin",
    "consistency.min_words", "similarity.minor", "similarity.major",
    "wordalign.layer", "wordalign.weak_link", "wordalign.max_best",
    "offline-qe.minor", "offline-qe.major", "offline-qe.token",
    "terms.min_occurrences", "terms.min_agree", "terms.min_share", "terms.min_chars",
    *(f"qe.{family}.min_score" for family in QE_FAMILIES),
})


def unknown_threshold(names: Iterable[str]) -> str | None:
    """The error for the first of `names` that is not a threshold, or None when all are."""
    unknown = sorted(set(names) - THRESHOLD_NAMES)
    if not unknown:
        return None
    return f"unknown threshold {unknown[0]!r}; valid names: {', '.join(sorted(THRESHOLD_NAMES))}"


@dataclass(frozen=True)
class Config:
    source_lang: str = "it"
    target_lang: str = "en"
    fail_on: Severity | None = Severity.MAJOR
    # Scorers to run, by registry name (mtqa.scoring.REGISTRY). Empty means the defaults.
    scorers: tuple[str, ...] = ()
    # Alignment: "auto" uses the embedding aligner when an encoder loads, else Gale-Church.
    aligner: str = "auto"
    encoder: str = "use"
    presegmented: bool = False
    encoding: str = "utf-8"
    glossary: str | None = None
    # Neural QE (mtqa.qe): a model id or folder, the encoder override, device and batching.
    model: str | None = None
    encoder_path: str | None = None
    device: str = "auto"
    batch_size: int = 16
    precision: str = "auto"
    # QE pairs longer than the model's token limit: "window" (sentence windows) or "truncate" (as COMET does).
    qe_long_pairs: str = "window"
    # Per-code severity overrides, e.g. {"REP001": "minor"}; and named numeric thresholds.
    severity_overrides: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for attr in ("source_lang", "target_lang"):
            lang = getattr(self, attr)
            if lang not in SUPPORTED_LANGS:
                # Exit 3 like other input the job cannot handle (issue #2 lists it with bad input).
                raise InputError(
                    f"unsupported language code {lang!r} for {_LANG_OPTION[attr]}; "
                    f"supported: {', '.join(SUPPORTED_LANGS)}"
                )
        if self.batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, got {self.batch_size}")
        if self.precision not in PRECISIONS:
            raise UsageError(f"unknown --precision {self.precision!r}; valid: {', '.join(PRECISIONS)}")
        bad_threshold = unknown_threshold(self.thresholds)
        if bad_threshold:
            raise UsageError(bad_threshold)
        for code, sev in self.severity_overrides.items():
            try:
                Severity.parse(sev)
            except ValueError as exc:
                raise UsageError(f"severity override for {code}: {exc}") from None

    def threshold(self, name: str, default: float) -> float:
        if name not in THRESHOLD_NAMES:
            raise KeyError(f"threshold {name!r} is read but not listed in mtqa.config.THRESHOLD_NAMES")
        return float(self.thresholds.get(name, default))

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["fail_on"] = self.fail_on.value if self.fail_on else "never"
        out["scorers"] = list(self.scorers)
        out["severity_overrides"] = dict(self.severity_overrides)
        out["thresholds"] = dict(self.thresholds)
        return out


def parse_fail_on(value: str) -> Severity | None:
    if value == "never":
        return None
    try:
        sev = Severity.parse(value)
    except ValueError:
        sev = Severity.OK
    if sev is Severity.OK:
        raise UsageError(f"unknown --fail-on {value!r}; valid: minor, major, critical, never")
    return sev


def load_file_defaults(cwd: Path | None = None) -> dict[str, Any]:
    """Read `mtqa.toml` or `[tool.mtqa]` from `pyproject.toml` in `cwd`; {} when neither exists."""
    base = cwd or Path.cwd()
    for name, key in (("mtqa.toml", None), ("pyproject.toml", "tool.mtqa")):
        path = base / name
        if not path.is_file():
            continue
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read configuration: {exc}; fix the TOML syntax", path=str(path)) from None
        if key is not None:
            for part in key.split("."):
                data = data.get(part, {})
            if not data:
                continue
        valid = {f.name for f in dataclasses.fields(Config)}
        unknown = sorted(set(data) - valid)
        if unknown:
            raise InputError(
                f"unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(valid))}",
                path=str(path),
            )
        for table in ("thresholds", "severity_overrides"):
            if not isinstance(data.get(table, {}), dict):
                raise InputError(f"'{table}' must be a table of NAME = VALUE entries", path=str(path))
        bad_threshold = unknown_threshold(data.get("thresholds", {}))
        if bad_threshold:
            raise InputError(bad_threshold, path=str(path))
        return data
    return {}
