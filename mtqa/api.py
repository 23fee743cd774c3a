"""The Python API: `mtqa.check` and `mtqa.score`, the library side of `mtqa check` and `mtqa score`.

Both return a typed, frozen `mtqa.types.Report` (render it with `mtqa.report.render(report, fmt)`),
and take the command line's options as keyword arguments with the command line's defaults: `check`
gates on major issues, `score` on nothing. Unlike the command line they read no `mtqa.toml`: code
that embeds mtqa says what it wants, and its results do not depend on the working directory.
Models load on first use, not at `import mtqa`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mtqa.types import Pair, Report, Severity


def _config(options: Mapping[str, Any], fail_on_default: Severity | None) -> Any:
    from mtqa.config import Config, parse_fail_on

    values = dict(options)
    fail_on = values.pop("fail_on", fail_on_default)
    if isinstance(fail_on, str):
        fail_on = parse_fail_on(fail_on)
    if "scorers" in values and isinstance(values["scorers"], str):
        values["scorers"] = (values["scorers"],)
    elif "scorers" in values:
        values["scorers"] = tuple(values["scorers"])
    return Config(fail_on=fail_on, **values)


def check(source: str, target: str, *, source_lang: str, target_lang: str, **options: Any) -> Report:
    """Check a translation: `source` and `target` are whole texts (not paths), split into sentences
    and aligned as `mtqa check` does (`presegmented=True`: one sentence per line).

    `options` are Config fields (mtqa/config.py), e.g. `scorers=["fast"]`, `fail_on="critical"`,
    `thresholds={"length.minor_factor": 2.5}`, `severity_overrides={"REP002": "ok"}`,
    `baseline="accepted.json"`. `report.passed` is the gate; `report.segments` the results.
    """
    from mtqa.io.documents import Document, presegmented_segments, segment_text
    from mtqa.pipeline import align_read, check_aligned

    config = _config({"source_lang": source_lang, "target_lang": target_lang, **options}, Severity.MAJOR)

    def document(text: str, lang: str) -> Document:
        segments = presegmented_segments(text) if config.presegmented else segment_text(text, lang)
        return Document(path="", lang=lang, segments=tuple(segments))

    aligned = align_read(document(source, config.source_lang), document(target, config.target_lang), config)
    return check_aligned(aligned, config)


def score(
    pairs: Iterable[tuple[str, str] | Mapping[str, Any]], *, source_lang: str, target_lang: str, **options: Any
) -> Report:
    """Score translation pairs one by one, as `mtqa score` does: each pair is a (source, target)
    tuple or a mapping with "source" and "target" (its other keys are carried into the results).
    Nothing gates unless `fail_on` is given. `options` as for `check`."""
    from mtqa.errors import InputError
    from mtqa.pipeline import score_pairs

    config = _config({"source_lang": source_lang, "target_lang": target_lang, **options}, None)
    items: list[Pair] = []
    for k, item in enumerate(pairs):
        if isinstance(item, Mapping):
            if not isinstance(item.get("source"), str) or not isinstance(item.get("target"), str):
                raise InputError(f"pair {k}: needs 'source' and 'target' strings")
            meta = {key: value for key, value in item.items() if key not in ("source", "target")}
            items.append(Pair(source=item["source"], target=item["target"], index=k, meta=meta))
        else:
            src, tgt = item
            if not isinstance(src, str) or not isinstance(tgt, str):
                raise InputError(f"pair {k}: source and target must be strings")
            items.append(Pair(source=src, target=tgt, index=k))
    return score_pairs(items, config)
