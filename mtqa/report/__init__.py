"""Report writers: every format renders the same Report object.

`render(report, fmt)` returns the whole text, so a report is written only once complete (see
mtqa.io.output.write_atomic).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mtqa.errors import InputError, UsageError
from mtqa.types import Report

CHECK_FORMATS = ("md", "html", "json", "jsonl", "csv")
SCORE_FORMATS = ("jsonl", "json", "csv")
SUFFIX_FORMAT = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
                 ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv"}


def choose_format(fmt: str | None, output: str | None, default: str, allowed: tuple[str, ...]) -> str:
    """--format wins; else the -o suffix (not for a device or FIFO such as /dev/null); else the
    command's default."""
    from mtqa.io.output import is_stdout, is_stream

    if fmt is None and output is not None and not is_stdout(output) and not is_stream(output):
        suffix = Path(output).suffix.lower()
        fmt = SUFFIX_FORMAT.get(suffix)
        if fmt is None or fmt not in allowed:
            raise InputError(
                f"cannot tell the report format from the suffix of {output!r}; "
                f"use a suffix or --format with one of: {', '.join(allowed)}"
            )
    fmt = fmt or default
    if fmt not in allowed:
        raise UsageError(f"unknown --format {fmt!r}; valid: {', '.join(allowed)}")
    return fmt


def render(report: Report, fmt: str) -> str:
    return encodable(_writer(fmt)(report))


def encodable(text: str) -> str:
    """`text` as it can be written in UTF-8: a lone surrogate (from a file decoded with
    surrogateescape, or a \\ud800 escape in JSON) becomes the visible escape `\\udc80`, which is
    also the JSON escape for the same string."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _writer(fmt: str) -> Callable[[Report], str]:
    if fmt == "json":
        from mtqa.report.json_writer import to_json

        return to_json
    if fmt == "jsonl":
        from mtqa.report.json_writer import to_jsonl

        return to_jsonl
    if fmt == "csv":
        from mtqa.report.csv_writer import to_csv

        return to_csv
    if fmt == "md":
        from mtqa.report.markdown import to_markdown

        return to_markdown
    if fmt == "html":
        from mtqa.report.html import to_html

        return to_html
    raise UsageError(f"unknown --format {fmt!r}; valid: {', '.join(CHECK_FORMATS)}")
