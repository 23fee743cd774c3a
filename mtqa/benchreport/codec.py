"""A checked document's `Report` as plain JSON data and back, for the bench's result cache.

Only what a bench cannot rebuild from its own inputs is kept: the segments (with their issues,
scores, details and typed evidence), the signatures, the warnings and the paths. The languages,
the config and the gate level come back from the run's `Config`, which is part of the cache key,
so they are the run's own by construction.

Decoding is strict: a value of the wrong shape raises `CodecError`, never a half-built report.
Evidence is kept for the types mtqa defines (a report renders word alignments and suspect spans);
a report carrying any other evidence type cannot be encoded (`CodecError`), so it is not cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mtqa.config import Config
from mtqa.evidence import Evidence, Findings, SuspectSpans, WordAlignment, WordSpan
from mtqa.types import Issue, Report, SegmentResult, Severity, Signal, Span


class CodecError(ValueError):
    """A report that cannot be written as cache data, or cache data that is not a report."""


def encode_report(report: Report) -> dict[str, Any]:
    return {
        "segments": [_segment(s) for s in report.segments],
        "signatures": {k: dict(v) for k, v in report.signatures.items()},
        "source_path": report.source_path,
        "target_path": report.target_path,
        "warnings": list(report.warnings),
        "baseline": report.baseline,
    }


def decode_report(data: Any, config: Config) -> Report:
    try:
        return Report(
            segments=tuple(_read_segment(s) for s in _list(data["segments"])),
            source_lang=config.source_lang,
            target_lang=config.target_lang,
            signatures={str(k): {str(a): str(b) for a, b in _dict(v).items()} for k, v in _dict(data["signatures"]).items()},
            config=config.to_dict(),
            source_path=_opt_str(data["source_path"]),
            target_path=_opt_str(data["target_path"]),
            warnings=tuple(_str(w) for w in _list(data["warnings"])),
            fail_on=config.fail_on,
            baseline=_opt_str(data["baseline"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise CodecError(f"not a cached report ({type(err).__name__}: {err})") from None


def _segment(seg: SegmentResult) -> dict[str, Any]:
    return {
        "index": seg.index,
        "source": seg.source,
        "target": seg.target,
        "score": seg.score,
        "issues": [_issue(i) for i in seg.issues],
        "source_ids": list(seg.source_ids),
        "target_ids": list(seg.target_ids),
        "source_lines": list(seg.source_lines),
        "target_lines": list(seg.target_lines),
        "scores": dict(seg.scores),
        "meta": dict(seg.meta),
        "details": {k: dict(v) for k, v in seg.details.items()},
        "evidence": {name: [_evidence(e) for e in records] for name, records in seg.evidence.items()},
        "suppressed": [_issue(i) for i in seg.suppressed],
    }


def _read_segment(data: Any) -> SegmentResult:
    return SegmentResult(
        index=_int(data["index"]),
        source=_str(data["source"]),
        target=_str(data["target"]),
        score=_opt_float(data["score"]),
        issues=tuple(_read_issue(i) for i in _list(data["issues"])),
        source_ids=_ints(data["source_ids"]),
        target_ids=_ints(data["target_ids"]),
        source_lines=_ints(data["source_lines"]),
        target_lines=_ints(data["target_lines"]),
        scores={str(k): _opt_float(v) for k, v in _dict(data["scores"]).items()},
        meta=_dict(data["meta"]),
        details={str(k): _dict(v) for k, v in _dict(data["details"]).items()},
        evidence={str(k): tuple(_read_evidence(e) for e in _list(v)) for k, v in _dict(data["evidence"]).items()},
        suppressed=tuple(_read_issue(i) for i in _list(data["suppressed"])),
    )


def _issue(issue: Issue) -> dict[str, Any]:
    return {
        "code": issue.code,
        "category": issue.category,
        "severity": issue.severity.value,
        "message": issue.message,
        "scorer": issue.scorer,
        "target_span": _span(issue.target_span),
        "source_span": _span(issue.source_span),
    }


def _read_issue(data: Any) -> Issue:
    return Issue(
        code=_str(data["code"]),
        category=_str(data["category"]),
        severity=Severity(data["severity"]),
        message=_str(data["message"]),
        scorer=_str(data["scorer"]),
        target_span=_read_span(data["target_span"]),
        source_span=_read_span(data["source_span"]),
    )


def _signal(signal: Signal) -> dict[str, Any]:
    return {
        "code": signal.code,
        "category": signal.category,
        "message": signal.message,
        "scorer": signal.scorer,
        "target_span": _span(signal.target_span),
        "source_span": _span(signal.source_span),
        "value": signal.value,
        "severity_hint": signal.severity_hint.value if signal.severity_hint is not None else None,
    }


def _read_signal(data: Any) -> Signal:
    hint = data["severity_hint"]
    return Signal(
        code=_str(data["code"]),
        category=_str(data["category"]),
        message=_str(data["message"]),
        scorer=_str(data["scorer"]),
        target_span=_read_span(data["target_span"]),
        source_span=_read_span(data["source_span"]),
        value=_opt_float(data["value"]),
        severity_hint=None if hint is None else Severity(hint),
    )


def _evidence(record: Evidence) -> dict[str, Any]:
    # Exact types: a subclass may carry fields these forms would drop.
    if type(record) is WordAlignment:
        return {
            "type": "WordAlignment",
            "source_words": [[w.text, *w.span, w.content] for w in record.source_words],
            "target_words": [[w.text, *w.span, w.content] for w in record.target_words],
            "links": [list(link) for link in record.links],
            "source_best": list(record.source_best),
            "target_best": list(record.target_best),
        }
    if type(record) is SuspectSpans:
        return {"type": "SuspectSpans", "spans": [[list(span), p] for span, p in record.spans]}
    if type(record) is Findings:
        return {"type": "Findings", "signals": {k: [_signal(s) for s in v] for k, v in record.signals.items()}}
    raise CodecError(f"evidence of type {type(record).__name__} has no cache form")


def _read_evidence(data: Any) -> Evidence:
    kind = data["type"]
    if kind == "WordAlignment":
        return WordAlignment(
            source_words=tuple(_read_word(w) for w in _list(data["source_words"])),
            target_words=tuple(_read_word(w) for w in _list(data["target_words"])),
            links=tuple((_int(i), _int(j), _float(s)) for i, j, s in _list(data["links"])),
            source_best=tuple(_float(x) for x in _list(data["source_best"])),
            target_best=tuple(_float(x) for x in _list(data["target_best"])),
        )
    if kind == "SuspectSpans":
        return SuspectSpans(spans=tuple((_span_of(span), _float(p)) for span, p in _list(data["spans"])))
    if kind == "Findings":
        return Findings(signals={str(k): tuple(_read_signal(s) for s in _list(v)) for k, v in _dict(data["signals"]).items()})
    raise CodecError(f"unknown evidence type {kind!r}")


def _read_word(data: Any) -> WordSpan:
    text, start, end, content = _list(data)
    if not isinstance(content, bool):
        raise TypeError(f"expected true or false, got {content!r}")
    return WordSpan(text=_str(text), span=(_int(start), _int(end)), content=content)


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _read_span(data: Any) -> Span | None:
    return None if data is None else _span_of(data)


def _span_of(data: Any) -> Span:
    start, end = _list(data)
    return (_int(start), _int(end))


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return dict(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _ints(value: Any) -> tuple[int, ...]:
    return tuple(_int(v) for v in _list(value))


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return value  # an int stays an int, so a report renders it as before


def _opt_float(value: Any) -> float | None:
    return None if value is None else _float(value)
