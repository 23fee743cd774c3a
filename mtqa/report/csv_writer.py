"""CSV through pandas: one row per segment, carried-through columns first, issues flattened.

Text cells and column names that a spreadsheet would run as a formula get a leading single quote
(OWASP's CSV-injection advice; see mtqa.report.safe_text.csv_cell); numbers are left as numbers."""

from __future__ import annotations

import csv
from typing import Any

from mtqa.report.safe_text import csv_cell
from mtqa.types import Report


def to_csv(report: Report) -> str:
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for seg in report.segments:
        row: dict[str, Any] = dict(seg.meta)
        row.update(
            {
                "index": seg.index,
                "source": seg.source,
                "target": seg.target,
                "score": seg.score,
                "severity": seg.severity.value,
                "issue_codes": " ".join(i.code for i in seg.issues),
                "issues": " | ".join(f"{i.severity.value} {i.category}: {i.message}" for i in seg.issues),
            }
        )
        if seg.source_lines or seg.target_lines:
            row["source_lines"] = " ".join(map(str, seg.source_lines))
            row["target_lines"] = " ".join(map(str, seg.target_lines))
        rows.append({str(csv_cell(str(k))): csv_cell(v) for k, v in row.items()})
    # The csv module quotes a field holding a line break only if the break is in the line
    # terminator, so a lone CR ("a\rb") would be written bare and split the row for every reader.
    # Then every text cell is quoted (still plain CSV to any reader; other reports are unchanged).
    has_cr = any("\r" in key or (isinstance(v, str) and "\r" in v) for row in rows for key, v in row.items())
    quoting = csv.QUOTE_NONNUMERIC if has_cr else csv.QUOTE_MINIMAL
    text: str = pd.DataFrame(rows).to_csv(index=False, lineterminator="\n", quoting=quoting)
    return text
