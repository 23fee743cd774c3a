"""Writers render the same Report: exact Markdown, escaped HTML, CSV/JSON shapes, format choice."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from mtqa.errors import InputError, UsageError
from mtqa.report import choose_format, render
from mtqa.types import Issue, Report, SegmentResult, Severity

ISSUE = Issue(
    code="UNT001",
    category="accuracy/untranslated",
    severity=Severity.MAJOR,
    message="target sentence is in Italian, not English; translate it",
    scorer="untranslated",
    target_span=(0, 8),
)
REPORT = Report(
    segments=(
        SegmentResult(0, "Ciao a tutti.", "Hello all.", 0.91, (), source_lines=(1,), target_lines=(1,)),
        SegmentResult(1, "La legge <b>è</b> passata.", "La legge <b>è</b> passata.", None, (ISSUE,),
                      source_lines=(2,), target_lines=(2,)),
    ),
    source_lang="it",
    target_lang="en",
    signatures={"mtqa": {"version": "0.1.0"}, "untranslated": {"scorer": "untranslated", "threshold": "0.9"}},
    config={"fail_on": "major"},
    source_path="s.txt",
    target_path="t.txt",
    fail_on=Severity.MAJOR,
)

GOLDEN_MD = """# mtqa report

- Source: `s.txt` (it)
- Target: `t.txt` (en)
- Segments: 2; flagged: 1
- Issues: 0 critical, 1 major, 0 minor; review notes: 0 (never fail the gate)
- Gate (fails on major or worse): **FAILED**

| # | lines (src / tgt) | severity | issue | source | target |
|---|---|---|---|---|---|
| 1 | 2 / 2 | major | `UNT001` accuracy/untranslated: target sentence is in Italian, not English; translate it | La legge &lt;b&gt;è&lt;/b&gt; passata. | **La legge** &lt;b&gt;è&lt;/b&gt; passata. |

## Signatures

- **mtqa**: version:0.1.0
- **untranslated**: scorer:untranslated|threshold:0.9
"""


def test_markdown_golden() -> None:
    assert render(REPORT, "md") == GOLDEN_MD


def test_html_escapes_text_and_marks_span() -> None:
    html = render(REPORT, "html")
    assert "<b>è</b>" not in html
    assert '<mark class="major" title="UNT001: target sentence is in Italian, not English; translate it">La legge</mark>' in html
    assert "Gate failed (fails on major or worse)" in html
    assert 'href="http' not in html and "src=\"http" not in html  # self-contained


def test_json_and_jsonl() -> None:
    data = json.loads(render(REPORT, "json"))
    assert data["summary"]["issues_by_severity"] == {"note": 0, "minor": 0, "major": 1, "critical": 0}
    assert data["summary"]["passed"] is False
    assert data["segments"][1]["issues"][0]["target_span"] == [0, 8]
    lines = render(REPORT, "jsonl").splitlines()
    assert [json.loads(line)["severity"] for line in lines] == ["ok", "major"]


def test_csv_round_trips_through_pandas() -> None:
    frame = pd.read_csv(io.StringIO(render(REPORT, "csv")))
    assert list(frame["severity"]) == ["ok", "major"]
    assert frame.loc[1, "issue_codes"] == "UNT001"
    assert frame.loc[0, "score"] == pytest.approx(0.91)


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [(None, None, "md"), (None, "r.html", "html"), (None, "r.JSON", "json"), ("csv", "r.html", "csv"), ("jsonl", None, "jsonl")],
)
def test_choose_format(fmt: str | None, output: str | None, expected: str) -> None:
    assert choose_format(fmt, output, "md", ("md", "html", "json", "jsonl", "csv")) == expected


@pytest.mark.parametrize(
    ("fmt", "output", "error"),
    # an unknown --format is a bad option value (exit 2); an -o suffix that names no format, a bad path (exit 3)
    [("pdf", None, UsageError), (None, "report.docx", InputError), (None, "report", InputError)],
)
def test_choose_format_rejects(fmt: str | None, output: str | None, error: type[Exception]) -> None:
    with pytest.raises(error, match="valid|suffix"):
        choose_format(fmt, output, "md", ("md", "html"))


def test_html_says_not_gated_when_fail_on_never() -> None:
    """`--fail-on never` gates on nothing: the page must not show that as a pass."""
    from dataclasses import replace

    html = render(replace(REPORT, fail_on=None), "html")
    assert "Not gated" in html and "Gate passed" not in html and 'class="verdict pass"' not in html
    assert "Gate passed (fails on critical or worse)" in render(replace(REPORT, fail_on=Severity.CRITICAL), "html")


def test_html_score_bar_only_for_calibrated_scores() -> None:
    """A score is drawn with its thresholds when its scorer's scale is calibrated (offline-qe), and
    not at all, with a note saying why, for the published QE model's raw number."""
    from dataclasses import replace

    seg = SegmentResult(0, "Ciao.", "Hello.", 0.25, (), scores={"offline-qe": 0.25})
    calibrated = replace(REPORT, segments=(seg,), signatures={
        "offline-qe": {"name": "offline-qe", "version": "0.3", "thresholds": "major=0.5,minor=0.4,token=0.5"}})
    html = render(calibrated, "html")
    assert 'class="fill minor" style="width:25.0%"' in html and "quality 0.25" in html and "minor below 0.60" in html
    raw = replace(REPORT, segments=(replace(seg, score=3.7, scores={"qe": 3.7}),), signatures={"qe": {"name": "qe"}})
    html = render(raw, "html")
    assert 'class="meter"' not in html and "3.7" not in html.split("<details", 1)[0]
    assert "Segment scores from qe are not shown" in html
