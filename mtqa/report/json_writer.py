"""JSON (one document with summary, signatures and config) and JSON Lines (one segment a line)."""

from __future__ import annotations

import json
from typing import Any

from mtqa.types import Report


def report_dict(report: Report) -> dict[str, Any]:
    return {
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
        "segments_by_severity": report.counts(),
        "issues_by_severity": report.issue_counts(),
        "worst": report.worst.value,
        "fail_on": report.fail_on.value if report.fail_on else "never",
        "passed": report.passed,
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: Report) -> str:
    return "".join(json.dumps(seg.to_dict(), ensure_ascii=False) + "\n" for seg in report.segments)
