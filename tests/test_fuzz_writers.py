"""Property-based: every report writer takes arbitrary Unicode (controls, bidi overrides, lone
surrogates, formula starters, Markdown and HTML syntax) in sentences, file names, column values,
messages and warnings without an exception; JSON always parses back to the same text; no CSV cell
starts a formula; Markdown, HTML and terminal output carry no raw control or bidi character; and a
failed write leaves no partial file. MTQA_FUZZ_EXAMPLES=500 runs a deeper search than the default."""

from __future__ import annotations

import re

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.io import output
from mtqa.io.output import write_atomic
from mtqa.report import render
from mtqa.report.safe_text import BIDI, FORMULA_START, _PLAIN_NUMBER, visible
from mtqa.types import Category, Issue, Report, SegmentResult, Severity

FUZZ = settings(max_examples=int(os.environ.get("MTQA_FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point, surrogates included, weighted towards the characters that cause trouble.
_ANY = st.characters(blacklist_categories=())
_NASTY = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "`", "|", "<", ">", "&", "[", "]", "*", "_",
                          "\x1b", "\x00", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff", "\udcff", *BIDI])
TEXT = st.text(st.one_of(_ANY, _NASTY), max_size=40)
VALUE = st.one_of(TEXT, st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.none())
SEVERITY = st.sampled_from([Severity.MINOR, Severity.MAJOR, Severity.CRITICAL])


@st.composite
def reports(draw: st.DrawFn) -> Report:
    segments = []
    for index in range(draw(st.integers(0, 4))):
        source, target = draw(TEXT), draw(TEXT)
        issues = []
        for _ in range(draw(st.integers(0, 2))):
            a, b = sorted((draw(st.integers(0, len(target))), draw(st.integers(0, len(target)))))
            issues.append(Issue("NUM001", Category.NUMBER, draw(SEVERITY), draw(TEXT), "numbers", target_span=(a, b) if b > a else None))
        meta = draw(st.dictionaries(TEXT.filter(lambda k: k not in {"index", "source", "target", "score", "severity", "issues"}), VALUE, max_size=3))
        score = draw(st.one_of(st.none(), st.floats(0, 1)))
        segments.append(SegmentResult(index, source, target, score, tuple(issues), source_lines=(index + 1,), target_lines=(index + 1,), meta=meta))
    return Report(
        segments=tuple(segments),
        source_lang="it",
        target_lang="en",
        signatures={"qe": {"model": draw(TEXT)}},
        config={"model": draw(TEXT)},
        source_path=draw(TEXT),
        target_path=draw(st.one_of(st.none(), TEXT)),
        warnings=tuple(draw(st.lists(TEXT, max_size=2))),
        fail_on=Severity.MAJOR,
    )


_RAW_UNSAFE = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)} | set(BIDI)


def _no_raw_controls(text: str, allowed: str = "\n") -> None:
    bad = {ch for ch in text if ch in _RAW_UNSAFE and ch not in allowed}
    assert not bad, f"raw {sorted(map(hex, map(ord, bad)))} in output"


def _check_written(fmt: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report.{fmt}"
        write_atomic(path, text)
        assert path.read_bytes().decode("utf-8") == text
        assert sorted(os.listdir(tmp)) == [path.name]


@FUZZ
@given(reports())
def test_json_and_jsonl_are_always_valid_and_lossless(report: Report) -> None:
    doc = json.loads(render(report, "json"))
    assert doc["source_path"] == report.source_path and len(doc["segments"]) == len(report.segments)
    lines = render(report, "jsonl")
    parsed = [json.loads(line) for line in lines.splitlines()]  # one segment a line, nothing split
    assert [p["target"] for p in parsed] == [s.target for s in report.segments]
    _no_raw_controls(lines)
    for fmt in ("json", "jsonl"):
        _check_written(fmt, render(report, fmt))


@FUZZ
@given(reports())
def test_csv_never_starts_a_cell_with_a_formula_character(report: Report) -> None:
    text = render(report, "csv") if report.segments else ""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if report.segments:
        assert len(rows) == 1 + len(report.segments)  # no text splits or merges a row
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START) or _PLAIN_NUMBER.fullmatch(cell), repr(cell)
    if report.segments:
        _check_written("csv", text)


@FUZZ
@given(reports())
def test_markdown_and_terminal_show_no_raw_controls(report: Report) -> None:
    md = render(report, "md")
    _no_raw_controls(md)
    # every table row keeps its six cells: no user text adds or removes a column
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("| #"):
            assert line.replace("\\|", "").count("|") == 7, line
    _no_raw_controls(visible(render(report, "jsonl"), keep_layout=True), allowed="\n\t")
    _check_written("md", md)


@FUZZ
@given(reports())
def test_html_escapes_and_isolates(report: Report) -> None:
    html = render(report, "html")
    _no_raw_controls(html)
    body = html.split("<body>", 1)[1].split("<script>", 1)[0]
    for tag in ("<img", "<svg", "<iframe", "<script"):
        assert tag not in body
    # the only links are the issue index's jumps within the page
    assert body.count("<a ") == len(re.findall(r'<a href="#i\d+-\d+">', body))
    assert html.count("<bdi>") == html.count("</bdi>")
    _check_written("html", html)


@FUZZ
@given(st.text(_ANY, max_size=200).map(lambda t: t.encode("utf-8", "backslashreplace").decode("utf-8")))
def test_a_failed_write_leaves_no_partial_file_and_the_old_report(content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.md"
        path.write_text("previous\n", encoding="utf-8")
        real = os.replace

        def fail(src: str, dst: str) -> None:
            raise OSError(28, "No space left on device")

        output.os.replace = fail  # type: ignore[assignment]
        try:
            with pytest.raises(Exception):
                write_atomic(path, content)
        finally:
            output.os.replace = real  # type: ignore[assignment]
        assert path.read_text(encoding="utf-8") == "previous\n"
        assert os.listdir(tmp) == ["r.md"]
