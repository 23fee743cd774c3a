"""The bench manifest: one row per (system, document), checked before anything is scored.

Columns: `source` and `target` (paths relative to the manifest's folder), optional `system`
(default "system"), `doc` (default: the source file's name without its suffix) and `reference`
(a human translation of the source). With `line_aligned`, every row's files hold one segment per
line, line i of each file being the same segment, so they must have equal line counts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.pairs import read_pairs
from mtqa.io.text import read_text


@dataclass(frozen=True)
class Row:
    line: int  # the manifest line this row is on (1-based, header is line 1)
    system: str
    doc: str
    source: str
    target: str
    reference: str | None


def read_manifest(manifest: str | os.PathLike[str], *, encoding: str = "utf-8") -> list[Row]:
    base = Path(manifest).resolve().parent
    name = str(manifest)
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in read_pairs(manifest, encoding=encoding):
        line = entry.index + 2
        system = str(entry.meta.get("system") or "system")
        source = _resolve(base, entry.source, name, line)
        target = _resolve(base, entry.target, name, line)
        reference = entry.meta.get("reference")
        doc = str(entry.meta.get("doc") or Path(entry.source).stem)
        key = (system, doc)
        if key in seen:
            raise InputError(
                f"system {system!r} has document {doc!r} twice (first on line {seen[key]}); give each row "
                "its own 'doc' or remove the duplicate",
                path=name,
                line=line,
            )
        seen[key] = line
        rows.append(
            Row(
                line=line,
                system=system,
                doc=doc,
                source=source,
                target=target,
                reference=_resolve(base, str(reference), name, line) if reference else None,
            )
        )
    return rows


def _resolve(base: Path, value: str, manifest: str, line: int) -> str:
    path = Path(value)
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise InputError(
            f"names {value!r}, which is not a file (paths are relative to the manifest's folder)",
            path=manifest,
            line=line,
        )
    return str(path)


def read_lines(path: str, *, encoding: str = "utf-8") -> list[str]:
    """The file's lines as the `sacrebleu` command reads them (split on newlines, trailing
    whitespace stripped, no line for a final newline). A file of blank lines is a system that
    output nothing for each segment: its lines are kept, all empty."""
    raw = Path(path).read_bytes()
    text = raw.decode("ascii", errors="replace") if not raw.strip() else read_text(path, encoding=encoding)
    if text.endswith("\n"):
        text = text[:-1]
    return [line.rstrip() for line in text.split("\n")]


def check_line_counts(row: Row, manifest: str, counts: dict[str, int]) -> None:
    if len(set(counts.values())) > 1:
        shown = ", ".join(f"{k} {n}" for k, n in counts.items())
        raise InputError(
            f"line-aligned files differ in line count ({shown}); give files with one segment per line "
            "in the same order, or drop --line-aligned to align the documents",
            path=manifest,
            line=row.line,
        )
