"""Run configuration: one frozen dataclass; CLI options map one-to-one to its fields.

Where a value comes from, for every option (`resolve_config`): the command line, else `mtqa.toml`
(or `[tool.mtqa]` in pyproject.toml) in the working directory, else the command's default (`score`
gates on nothing, `check` on major), else the field's default here. No environment variable sets an
option: MTQA_CACHE and MTQA_DEBUG only say where models live and whether to show tracebacks.
"""

from __future__ import annotations

import codecs

import dataclasses
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa import lang as languages
from mtqa.errors import InputError, UsageError
from mtqa.types import Severity

# ISO 639-1 codes the segmenter, the checks and the language identifier know: one per folder in
# mtqa/lang/. Other languages are refused up front rather than checked badly.
SUPPORTED_LANGS = languages.codes()
# Expected target/source character-length ratio per language pair (`Language.length_ratio`).
LENGTH_RATIO: dict[tuple[str, str], float] = {
    (code, other): ratio for code in SUPPORTED_LANGS for other, ratio in languages.get(code).length_ratio.items()
}
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


def threshold_value_error(name: str, value: object) -> str | None:
    """Why `value` cannot be threshold `name` (every threshold is a finite number >= 0), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"threshold {name!r} must be a number, got {value!r}"
    if not math.isfinite(value) or value < 0:
        return f"threshold {name!r} must be a finite number >= 0, got {value!r}"
    return None


def unknown_code(codes: Iterable[str]) -> str | None:
    """The error for the first of `codes` (upper-case) that no check emits, or None when all are known."""
    from mtqa.flags import ISSUE_CODES

    unknown = sorted(set(codes) - ISSUE_CODES)
    if not unknown:
        return None
    return f"unknown issue code {unknown[0]!r} in a severity override; valid codes: {', '.join(sorted(ISSUE_CODES))}"


def _upper_codes(overrides: Mapping[str, str]) -> dict[str, str]:
    """Issue codes are upper-case; `rep002=major` means REP002."""
    return {code.strip().upper(): value for code, value in overrides.items()}


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
    # The type of a pair file (tsv, csv or jsonl) when its suffix does not say it or it is read from
    # standard input; None tells it from the suffix, or from the text on standard input.
    input_format: str | None = None
    # A suppression file (mtqa.baseline): issues an editor accepted, which no longer fail the gate.
    baseline: str | None = None
    glossary: str | None = None
    # Neural QE (mtqa.models.qe): a model id or folder, the encoder override, device and batching.
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
                # A bad option value (exit 2), like every other --option mtqa cannot take.
                raise UsageError(
                    f"unsupported language code {lang!r} for {_LANG_OPTION[attr]}; "
                    f"supported: {', '.join(SUPPORTED_LANGS)}"
                )
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int):
            raise UsageError(f"batch_size must be a whole number, got {self.batch_size!r}")
        if self.batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, got {self.batch_size}")
        if self.precision not in PRECISIONS:
            raise UsageError(f"unknown --precision {self.precision!r}; valid: {', '.join(PRECISIONS)}")
        bad_threshold = unknown_threshold(self.thresholds) or next(
            (err for name, value in self.thresholds.items() if (err := threshold_value_error(name, value))), None
        )
        if bad_threshold:
            raise UsageError(bad_threshold)

        object.__setattr__(self, "encoding", check_encoding(self.encoding))
        object.__setattr__(self, "severity_overrides", _upper_codes(self.severity_overrides))
        bad_code = unknown_code(self.severity_overrides)
        if bad_code:
            raise UsageError(bad_code)
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
    # A review note never fails a gate, so "note" is no gate level.
    if not sev.flags:
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
                data = data.get(part, {}) if isinstance(data, dict) else {}
            if not data:
                continue
            if not isinstance(data, dict):
                raise InputError("[tool.mtqa] must be a table of settings", path=str(path))
        valid = {f.name for f in dataclasses.fields(Config)}
        unknown = sorted(set(data) - valid)
        if unknown:
            raise InputError(
                f"unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(valid))}",
                path=str(path),
            )
        bad_type = _file_type_error(data)
        if bad_type:
            raise InputError(bad_type, path=str(path))
        thresholds = data.get("thresholds", {})
        bad_threshold = unknown_threshold(thresholds) or next(
            (err for name, value in thresholds.items() if (err := threshold_value_error(name, value))), None
        )
        if bad_threshold:
            raise InputError(bad_threshold, path=str(path))
        bad_code = unknown_code(_upper_codes(data.get("severity_overrides", {})))
        if bad_code:
            raise InputError(bad_code, path=str(path))
        return data
    return {}


# The TOML type of each setting. A value of another type is refused, naming the setting and an
# example, rather than misread: `presegmented = "false"` is a non-empty string (true), `scorers =
# "fast"` would iterate as the letters f, a, s, t.
_STRING_SETTINGS = (
    "source_lang", "target_lang", "fail_on", "aligner", "encoder", "encoding", "glossary", "model",
    "encoder_path", "device", "precision", "qe_long_pairs", "input_format", "baseline",
)
_EXAMPLES = {
    "presegmented": "presegmented = true", "batch_size": "batch_size = 16", "scorers": 'scorers = ["fast"]',
    "fail_on": 'fail_on = "major"', "thresholds": "[thresholds] with NAME = NUMBER entries",
    "severity_overrides": '[severity_overrides] with CODE = "minor" entries',
}


def _file_type_error(data: Mapping[str, Any]) -> str | None:
    for key, value in data.items():
        if key in _STRING_SETTINGS:
            ok = isinstance(value, str)
            want = "a string"
        elif key == "presegmented":
            ok, want = isinstance(value, bool), "true or false (no quotes)"
        elif key == "batch_size":
            ok, want = isinstance(value, int) and not isinstance(value, bool), "a whole number (no quotes)"
        elif key == "scorers":
            ok, want = isinstance(value, list) and all(isinstance(v, str) for v in value), "a list of scorer names"
        elif key == "thresholds":
            ok, want = isinstance(value, dict), "a table of NAME = NUMBER entries"
        elif key == "severity_overrides":
            ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
            want = 'a table of CODE = "SEVERITY" entries'
        else:
            continue
        if not ok:
            example = _EXAMPLES.get(key, f'{key} = "..."')
            return f"setting {key!r} must be {want}, got {value!r}; write it as {example}"
    return None


def resolve_config(
    cli: Mapping[str, Any], *, defaults: Mapping[str, Any] | None = None, cwd: Path | None = None
) -> Config:
    """One precedence rule for every option: the command line (`cli`; None or empty means not
    given) > mtqa.toml / [tool.mtqa] > the command's `defaults` > Config's field defaults.
    `severity_overrides` and `thresholds` merge name by name: a name on the command line wins, the
    file's other names still apply. `fail_on` may be given as text ("major", "never")."""
    file_values = dict(load_file_defaults(cwd))
    values: dict[str, Any] = dict(defaults or {})
    for layer in (file_values, {k: v for k, v in cli.items() if v is not None and v != () and v != {}}):
        for key, value in layer.items():
            if key == "severity_overrides":
                value = {**values.get(key, {}), **_upper_codes(value)}
            elif key == "thresholds":
                value = {**values.get(key, {}), **value}
            elif key == "scorers":
                value = tuple(value)
            elif key == "fail_on" and isinstance(value, str):
                value = parse_fail_on(value)
            values[key] = value
    for key, flag in _LANG_OPTION.items():
        if key not in values:
            raise UsageError(f"missing {flag}; say which language each side is in, e.g. --src-lang it --tgt-lang en")
    return Config(**values)


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; UsageError for an unknown codec or one that is not a text encoding
    (rot13, base64, zlib transform str or bytes into themselves and cannot decode a file)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        kind = "unknown" if info is None else "not a text encoding:"
        raise UsageError(
            f"{kind} --encoding {encoding!r}; use a text encoding such as utf-8, latin-1, cp1252, utf-16-le"
        )
    return info.name
