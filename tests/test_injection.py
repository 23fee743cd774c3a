"""Hostile text in sentences, file names and messages stays inert in every report: no spreadsheet
formulas (CSV), no live Markdown or HTML, no terminal escape sequences or bidi overrides obeyed."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main
from mtqa.report import render
from mtqa.report.safe_text import csv_cell, md_code, md_text, visible
from mtqa.types import Category, Issue, Report, SegmentResult, Severity

ESC = "\x1b[2J\x1b]0;pwned\x07"
RLO = "\u202e"


def _report(text: str, *, name: str = "s.txt", meta: dict[str, object] | None = None, warning: str = "") -> Report:
    issue = Issue("NUM001", Category.NUMBER, Severity.MAJOR, f"number {text!r} is missing", "numbers", target_span=(0, 2))
    return Report(
        segments=(SegmentResult(0, text, text, 0.5, (issue,), meta=meta or {}),),
        source_lang="it",
        target_lang="en",
        signatures={"qe": {"model": text}},
        config={},
        source_path=name,
        target_path=name,
        warnings=(warning,) if warning else (),
        fail_on=Severity.MAJOR,
    )


# ---- CSV ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        # plain numbers are data: kept so numeric columns stay numeric in a spreadsheet
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        ("-1e-3", "-1e-3"),
        ("Il gatto", "Il gatto"),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_csv_cell_neutralises_formulas_as_owasp_recommends(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


def test_csv_report_has_no_cell_starting_a_formula() -> None:
    hostile = "=1+1"
    report = _report(hostile, meta={"=cmd": "@SUM(A1)", "note": "-0.5", "n": -2.5})
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert "'=cmd" in header and cells["'=cmd"] == "'@SUM(A1)"
    assert cells["source"] == "'=1+1" and cells["target"] == "'=1+1"
    assert cells["note"] == "-0.5" and cells["n"] == "-2.5" and cells["score"] == "0.5"
    for cell in header + row:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")) and not (cell.startswith("-") and cell not in ("-0.5", "-2.5"))


# ---- Markdown -----------------------------------------------------------------------------------

def test_markdown_file_name_with_a_backtick_cannot_close_its_code_span() -> None:
    name = "a`<img src=x onerror=alert(1)>`.txt"
    md = render(_report("ok", name=name), "md")
    line = next(line for line in md.splitlines() if line.startswith("- Source:"))
    assert line == "- Source: ``a`<img src=x onerror=alert(1)>`.txt`` (it)"


def test_markdown_newline_in_a_file_name_cannot_inject_a_heading() -> None:
    md = render(_report("ok", name="s.txt\n# Gate PASSED\n"), "md")
    assert "\n# Gate PASSED" not in md
    assert "s.txt\\x0a# Gate PASSED\\x0a" in md


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("[click](http://evil.example)", "[click](http"),
        ("![pixel](http://evil.example/p.png)", "![pixel]("),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("`code` and *bold* and _it_ and ~~del~~ and $x$", "`code`"),
        ("a | b", "a | b"),
        ("line\n# heading", "\n# heading"),
    ],
)
def test_markdown_escapes_user_text(text: str, forbidden: str) -> None:
    md = render(_report(text, warning=f"warning about {text}"), "md")
    assert forbidden not in md


def test_md_text_round_trip_cases() -> None:
    assert md_text("*x* [y](z) <b> & | `c` \\") == "\\*x\\* \\[y\\](z) &lt;b&gt; &amp; \\| \\`c\\` \\\\"
    assert md_text("Il 3. punto (a-b) #1!") == "Il 3. punto (a-b) #1!"  # plain punctuation stays readable
    assert md_code("plain.txt") == "`plain.txt`"
    assert md_code("`x`") == "`` `x` ``"


# ---- terminal and HTML --------------------------------------------------------------------------

def test_visible_escapes_controls_and_bidi() -> None:
    assert visible(f"a{ESC}b") == "a\\x1b[2J\\x1b]0;pwned\\x07b"
    assert visible(f"x{RLO}y\u2066z\u0085") == "x\\u202ey\\u2066z\\x85"
    assert visible("a\tb\nc", keep_layout=True) == "a\tb\nc"
    assert visible("a\tb\nc") == "a\\x09b\\x0ac"
    assert visible("àèìòù ün 中文 עברית") == "àèìòù ün 中文 עברית"  # ordinary text untouched


def test_markdown_shows_escape_sequences_and_bidi_overrides() -> None:
    md = render(_report(f"Il gatto{ESC}{RLO}dorme", name=f"s{RLO}txt.exe"), "md")
    assert "\x1b" not in md and RLO not in md
    assert "\\x1b" in md and "\\u202e" in md


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_output_of_any_format_shows_controls(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa import cli

    tty = _TTY()
    monkeypatch.setattr(sys, "stdout", tty)
    cli._emit(json.dumps({"t": f"x{RLO}y\u009b31m"}, ensure_ascii=False) + "\n", None, ())
    assert tty.getvalue() == '{"t": "x\\u202ey\\x9b31m"}\n'


def test_error_messages_quoting_user_text_stay_one_visible_line(tmp_path: Path) -> None:
    missing = str(tmp_path / f"no{ESC}such\nfile{RLO}.txt")
    result = CliRunner().invoke(main, ["check", missing, missing, "--src-lang", "it", "--tgt-lang", "en"])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr and RLO not in result.stderr and "\\u202e" in result.stderr


def test_html_isolates_and_shows_bidi_and_controls() -> None:
    html = render(_report(f"ab{RLO}cd{ESC}<svg onload=alert(1)>", name=f"x{RLO}.txt", warning=f"w{RLO}"), "html")
    assert RLO not in html and "\x1b" not in html and "<svg" not in html
    assert '<bdi><mark class="major"' in html and "\\u202ecd\\x1b[2J\\x1b]0;pwned\\x07&lt;svg onload=alert(1)&gt;</bdi>" in html
    assert "<bdi>x\\u202e.txt</bdi>" in html and "<bdi>w\\u202e</bdi>" in html


# ---- JSON ---------------------------------------------------------------------------------------

def test_json_escapes_line_breakers_and_writes_nan_as_null() -> None:
    text = "a\u2028b\u2029c\u0085d" + RLO
    report = _report(text, meta={"extra": float("nan"), "inf": float("inf")})
    out = render(report, "jsonl")
    assert len(out.splitlines()) == 1 and out.count("\n") == 1
    assert "\u2028" not in out and "\u0085" not in out and RLO not in out
    seg = json.loads(out)
    assert seg["source"] == text and seg["extra"] is None and seg["inf"] is None
    assert json.loads(render(report, "json"))["segments"][0]["target"] == text


def test_lone_surrogate_is_written_as_an_escape_not_a_crash(tmp_path: Path) -> None:
    from mtqa.io.output import write_atomic

    report = _report("bad \udcff byte")
    for fmt in ("json", "jsonl", "csv", "md", "html"):
        text = render(report, fmt)
        write_atomic(tmp_path / f"r.{fmt}", text)
        assert "\\udcff" in (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
    assert json.loads(render(report, "jsonl"))["source"] == "bad \udcff byte"


def test_csv_quotes_a_lone_carriage_return_so_the_row_stays_whole() -> None:
    text = render(_report("a\rb"), "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and rows[1][rows[0].index("source")] == "a\rb"


def test_bench_tables_neutralise_system_names_from_the_manifest(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mtqa.cli import main

    (tmp_path / "s.txt").write_text("Il comune ha stanziato 3 milioni.\nLa sindaca ha parlato.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("The town allocated 3 million.\nThe mayor spoke.\n", encoding="utf-8")
    evil_csv, evil_md = "=HYPERLINK(A1)", "[x](http://evil) <img src=x>"
    (tmp_path / "m.tsv").write_text(
        "system\tdoc\tsource\ttarget\n"
        f"{evil_csv}\td\ts.txt\tt.txt\n"
        f"{evil_md}\td\ts.txt\tt.txt\n",
        encoding="utf-8",
    )
    base = ["bench", str(tmp_path / "m.tsv"), "--src-lang", "it", "--tgt-lang", "en", "--scorer", "numbers", "--line-aligned"]
    out = CliRunner().invoke(main, [*base, "--format", "csv"])
    assert out.exit_code == 0, out.output
    table = list(csv.reader(io.StringIO(out.stdout)))
    systems = {row[table[0].index("system")] for row in table[1:]}
    assert "'" + evil_csv in systems and evil_csv not in systems
    md = CliRunner().invoke(main, [*base, "--format", "md"]).stdout
    assert "[x](http" not in md and "<img" not in md and "\\[x\\](http://evil) &lt;img src=x&gt;" in md


@pytest.mark.parametrize("value", [float("-inf"), float("inf"), float("nan")])
def test_a_non_finite_number_is_an_empty_csv_cell_not_text_a_spreadsheet_runs(value: float) -> None:
    from mtqa.report.safe_text import csv_cell

    assert csv_cell(value) is None
    assert csv_cell(-0.5) == -0.5
