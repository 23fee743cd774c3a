"""Pair files: .tsv, .csv or .jsonl with `source` and `target` columns; other columns carried through."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, UsageError
from mtqa.io.text import STDIN, read_text
from mtqa.types import Pair

PAIR_SUFFIXES = (".tsv", ".csv", ".jsonl")
REQUIRED = ("source", "target")
# Python's csv module refuses fields over 131,072 characters by default; a long paragraph or a
# document-level row is legitimate input. The limit is the largest C long the module accepts.
_CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def read_pairs(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", reserved: Collection[str] = (),
    input_format: str | None = None,
) -> list[Pair]:
    """Rows of a pair file ('-' reads standard input and tells JSONL, TSV and CSV from the text).

    `input_format` (tsv, csv or jsonl) says the type outright, for standard input or a file whose
    suffix does not say it. `reserved` names columns the caller writes itself (a report's `score`,
    `severity`...): a file with such a column is refused rather than having it overwritten in the output.
    """
    name = str(path)
    text: str | None = None
    if input_format is not None:
        suffix = "." + input_format.lower()
        if suffix not in PAIR_SUFFIXES:
            raise UsageError(
                f"unknown --input-format {input_format!r}; valid: {', '.join(s[1:] for s in PAIR_SUFFIXES)}"
            )
    elif name == STDIN:
        text = read_text(path, encoding=encoding)
        suffix = _sniff_suffix(text)
    else:
        suffix = Path(name).suffix.lower()
    if suffix not in PAIR_SUFFIXES:
        raise InputError(
            f"unknown pair-file type {suffix or '(no suffix)'!r}; use one of {', '.join(PAIR_SUFFIXES)} "
            "with 'source' and 'target' columns",
            path=name,
        )
    if text is None:
        text = read_text(path, encoding=encoding)
    rows = _read_jsonl(text, name) if suffix == ".jsonl" else _read_delimited(text, name, suffix)
    clash = sorted({key for row in rows for key in row if key in reserved and key not in REQUIRED})
    if clash:
        raise InputError(
            f"has column(s) {', '.join(map(repr, clash))}, which mtqa writes in its report; rename them "
            f"(e.g. {clash[0]!r} -> 'input_{clash[0]}') so they are kept",
            path=name,
        )
    return [
        Pair(source=row.pop("source"), target=row.pop("target"), index=i, meta=row)
        for i, row in enumerate(rows)
    ]


def _read_delimited(text: str, name: str, suffix: str) -> list[dict[str, Any]]:
    delimiter = "\t" if suffix == ".tsv" else ","
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    # TSV is read without quote processing: a quote is an ordinary character in a tab-separated line.
    reader = (
        csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=True)
        if suffix == ".tsv"
        else csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, strict=True)
    )
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(f"cannot read the header row: {exc}", path=name, line=1) from None
    header = [h.strip() for h in header]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise InputError(
            f"column name(s) {', '.join(map(repr, duplicated))} appear more than once in the header; "
            "rename them so each column has its own name",
            path=name,
            line=1,
        )
    _check_columns(header, name)
    rows: list[dict[str, Any]] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise InputError(
                    f"row has {len(record)} fields but the header has {len(header)}; "
                    f"check for a missing or extra {'tab' if delimiter == chr(9) else 'comma'}",
                    path=name,
                    line=line,
                )
            rows.append(dict(zip(header, record, strict=True)))
    except csv.Error as exc:
        raise InputError(f"malformed {suffix[1:].upper()}: {exc}; check the quoting", path=name, line=reader.line_num) from None
    if not rows:
        raise InputError("has a header but no rows; nothing to score", path=name)
    return rows


def _read_jsonl(text: str, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=_unique_keys, parse_constant=_non_json_constant)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno}); one JSON object per line", path=name, line=number) from None
        except _DuplicateKeyError as exc:
            raise InputError(
                f"key {exc.args[0]!r} appears more than once in one object; keep one", path=name, line=number
            ) from None
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object with 'source' and 'target'", path=name, line=number)
        missing = [key for key in REQUIRED if key not in obj]
        if missing:
            raise InputError(
                f"object has no {' or '.join(repr(m) for m in missing)} key; found: {', '.join(map(repr, obj)) or 'none'}",
                path=name,
                line=number,
            )
        for key in REQUIRED:
            if not isinstance(obj[key], str):
                raise InputError(f"{key!r} must be a string, got {type(obj[key]).__name__}", path=name, line=number)
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"holds a lone surrogate escape ({exc.object[exc.start:exc.end].encode('unicode_escape').decode()}), "
                "which is no character; fix the escape (a \\ud83d\\ude00 pair, or the character itself)",
                path=name,
                line=number,
            ) from None
        rows.append(obj)
    return rows


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in items:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _non_json_constant(name: str) -> None:
    """NaN and Infinity are not JSON (RFC 8259) though Python writes them; they are read as null,
    so what mtqa writes back is valid JSON."""
    return None


def _sniff_suffix(text: str) -> str:
    """The pair-file type of text read from standard input: JSONL when it starts with '{', TSV when
    the header row has a tab, else CSV."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return ".jsonl"
    header = stripped.split("\n", 1)[0]
    return ".tsv" if "\t" in header else ".csv"


def _check_columns(header: list[str], name: str) -> None:
    missing = [col for col in REQUIRED if col not in header]
    if missing:
        raise InputError(
            f"no {' and no '.join(repr(m) for m in missing)} column; found columns: "
            f"{', '.join(repr(h) for h in header)}; the header row must name 'source' and 'target'",
            path=name,
            line=1,
        )
