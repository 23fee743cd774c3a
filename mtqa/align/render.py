"""Alignment output for `mtqa align`: JSON Lines or TSV, one link a line, with 1-based line numbers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtqa.align.base import Aligned

# Line separators that JSON leaves raw but line-based readers (Python's splitlines, JavaScript
# before ES2019) split on: written as \u escapes, which read back as the same string.
_LINE_BREAK_ESCAPES = {c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)}


def render_alignment(aligned: Aligned, fmt: str) -> str:
    src, tgt = aligned.source.segments, aligned.target.segments
    lines = []
    for link in aligned.links:
        record: dict[str, Any] = {
            # Two sentences can share a line in running text: lines are listed once each, and the
            # 0-based sentence indices say exactly which sentences the link joins.
            "source_lines": sorted({src[i].line for i in link.source}),
            "target_lines": sorted({tgt[j].line for j in link.target}),
            "source_sentences": list(link.source),
            "target_sentences": list(link.target),
            "source": " ".join(src[i].text for i in link.source),
            "target": " ".join(tgt[j].text for j in link.target),
            "type": link.kind,
            "cost": link.cost,
        }
        if fmt == "tsv":
            cells = [
                ",".join(map(str, record["source_lines"])),
                ",".join(map(str, record["target_lines"])),
                str(record["source"]).replace("\t", " "),
                str(record["target"]).replace("\t", " "),
            ]
            lines.append("\t".join(cells))
        else:
            lines.append(json.dumps(record, ensure_ascii=False).translate(_LINE_BREAK_ESCAPES))
    header = "source_lines\ttarget_lines\tsource\ttarget\n" if fmt == "tsv" else ""
    return header + "".join(line + "\n" for line in lines)
