"""Pair files: .tsv, .csv or .jsonl with `source` and `target` columns; other columns carried through."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from mtqa.errors import InputError
from mtqa.io.text import read_text
from mtqa.types import Pair

PAIR_SUFFIXES = (".tsv", ".csv", ".jsonl")
REQUIRED = ("source", "target")


def read_pairs(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> list[Pair]:
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in PAIR_SUFFIXES:
        raise InputError(
            f"unknown pair-file type {suffix or '(no suffix)'!r}; use one of {', '.join(PAIR_SUFFIXES)} "
            "with 'source' and 'target' columns",
            path=name,
        )
    text = read_text(path, encoding=encoding)
    rows = _read_jsonl(text, name) if suffix == ".jsonl" else _read_delimited(text, name, suffix)
    return [
        Pair(source=row.pop("source"), target=row.pop("target"), index=i, meta=row)
        for i, row in enumerate(rows)
    ]


def _read_delimited(text: str, name: str, suffix: str) -> list[dict[str, Any]]:
    delimiter = "\t" if suffix == ".tsv" else ","
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
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno}); one JSON object per line", path=name, line=number) from None
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
        rows.append(obj)
    return rows


def _check_columns(header: list[str], name: str) -> None:
    missing = [col for col in REQUIRED if col not in header]
    if missing:
        raise InputError(
            f"no {' and no '.join(repr(m) for m in missing)} column; found columns: "
            f"{', '.join(repr(h) for h in header)}; the header row must name 'source' and 'target'",
            path=name,
            line=1,
        )
