"""JSON (one document with summary, signatures and config) and JSON Lines (one segment a line).

Always valid JSON: NaN and infinities (e.g. from a carried-through column) become null. Characters
that break line-based readers or mislead a terminal (U+2028, U+2029, C1 controls such as U+0085,
DEL, bidi overrides) are written as \\u escapes, which every JSON parser reads back as the same
string.
"""

from __future__ import annotations

import json
import math
from typing import Any

from mtqa.report.safe_text import BIDI

_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *map(ord, BIDI))}


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(_finite(value), ensure_ascii=False, indent=indent, allow_nan=False, default=str).translate(_JSON_ESCAPES)

from mtqa.types import Report

# The version of the JSON report's shape; mtqa/report/schema/report-1.schema.json describes it.
SCHEMA = "mtqa.report/1"


def created() -> str:
    """Now in UTC (ISO 8601, seconds), or SOURCE_DATE_EPOCH when set, so a rebuilt report can be
    byte-identical (reproducible-builds.org's convention)."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "created": created(),
        "source_path": report.source_path,
        "target_path": report.target_path,
        "source_lang": report.source_lang,
        "target_lang": report.target_lang,
        "summary": summary(report),
        "warnings": list(report.warnings),
        "signatures": {k: dict(v) for k, v in report.signatures.items()},
        "config": dict(report.config),
        "segments": [seg.to_dict() for seg in report.segments],
    }


def summary(report: Report) -> dict[str, Any]:
    return {
        "segments": len(report.segments),
        "segments_flagged": sum(1 for seg in report.segments if seg.flagged),  # minor or worse; notes alone do not flag
        "segments_by_severity": report.counts(),
        "issues_by_severity": report.issue_counts(),
        "worst": report.worst.value,
        "fail_on": report.fail_on.value if report.fail_on else "never",
        "passed": report.passed,
        "suppressed": report.suppressed_count(),
        "baseline": report.baseline,
    }


def to_json(report: Report) -> str:
    return dumps(report_dict(report), indent=2) + "\n"


def to_jsonl(report: Report) -> str:
    return "".join(dumps(seg.to_dict()) + "\n" for seg in report.segments)
