"""Suppression files: accepted issues stop failing the gate, are reported as suppressed, and never
change a score; an edited segment is checked again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.baseline import segment_hash
from mtqa.cli import main
from mtqa.report import render

ARGS = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "numbers", "--scorer", "similarity",
        "--fail-on", "minor", "--format", "json"]
ROWS = "source\ttarget\nHo 3 gatti.\tI have 4 cats.\nHo 2 cani.\tI have 2 dogs.\n"


@pytest.fixture
def pairs(tmp_path: Path) -> Path:
    path = tmp_path / "p.tsv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["score", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}, result.stderr


def test_segment_hash_ignores_spacing_and_unicode_form_not_case() -> None:
    assert segment_hash("Ho  3 gatti.\n", "I have 4 cats.") == segment_hash("Ho 3 gatti.", " I have 4 cats. ")
    assert segment_hash("perché", "x") == segment_hash("perche\u0301", "x")  # NFC
    assert segment_hash("Ho 3 gatti.", "I have 4 cats.") != segment_hash("Ho 3 gatti.", "I have 4 Cats.")
    assert segment_hash("a", "b c") != segment_hash("a b", "c")


def test_accepted_issues_do_not_fail_again(pairs: Path, tmp_path: Path) -> None:
    base = tmp_path / "accepted.json"
    code, first, _ = _run(str(pairs), *ARGS, "--write-baseline", str(base))
    assert code == 1 and first["segments"][0]["issues"][0]["code"] == "NUM001"
    written = json.loads(base.read_text(encoding="utf-8"))
    assert written["schema"] == "mtqa.baseline/1"
    assert [(e["code"], e["source"]) for e in written["suppressions"]] == [("NUM001", "Ho 3 gatti.")]

    code, second, _ = _run(str(pairs), *ARGS, "--baseline", str(base))
    assert code == 0
    seg = second["segments"][0]
    assert seg["issues"] == [] and [i["code"] for i in seg["suppressed"]] == ["NUM001"]
    assert second["summary"]["suppressed"] == 1 and second["summary"]["baseline"] == str(base)
    # policy only: every score is the same with and without the baseline
    assert [s["score"] for s in second["segments"]] == [s["score"] for s in first["segments"]]
    assert [s.get("scores") for s in second["segments"]] == [s.get("scores") for s in first["segments"]]

    # an edited segment is a new segment: its issue is checked again
    pairs.write_text(ROWS.replace("I have 4 cats.", "I have 5 cats."), encoding="utf-8")
    code, third, _ = _run(str(pairs), *ARGS, "--baseline", str(base))
    assert code == 1 and third["segments"][0]["issues"][0]["code"] == "NUM001" and "suppressed" not in third["segments"][0]


def test_baseline_from_mtqa_toml(pairs: Path, tmp_path: Path) -> None:
    base = tmp_path / "accepted.json"
    _run(str(pairs), *ARGS, "--write-baseline", str(base))
    (tmp_path / "mtqa.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, report, _ = _run("p.tsv", *ARGS)
    finally:
        os.chdir(old)
    assert code == 0 and report["summary"]["suppressed"] == 1


def test_reports_list_suppressed_issues(pairs: Path, tmp_path: Path) -> None:
    from mtqa.config import Config
    from mtqa.pipeline import score_pair_file

    base = tmp_path / "accepted.json"
    _run(str(pairs), *ARGS, "--write-baseline", str(base))
    report = score_pair_file(pairs, Config(scorers=("numbers",), baseline=str(base), fail_on=None))
    html = render(report, "html")
    assert "1 suppressed (baseline)" in html and "<b>1</b>suppressed" in html
    assert 'href="#i0-0"' not in html  # suppressed issues are not in the issue index
    assert f"- Suppressed by the baseline `{base}`: 1 accepted issue(s), not gated" in render(report, "md")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found; write one with"),
        ("{\n  oops", ":2: not valid JSON"),
        ('{"schema": "other"}', 'not a baseline file: expected {"schema": "mtqa.baseline/1"'),
        ('{"schema": "mtqa.baseline/1", "suppressions": [{"code": 1}]}', 'suppression #1 needs a "code" and a "hash"'),
    ],
)
def test_a_bad_baseline_is_a_clear_error_before_any_work(pairs: Path, tmp_path: Path, content: str | None, message: str) -> None:
    base = tmp_path / "b.json"
    if content is not None:
        base.write_text(content, encoding="utf-8")
    code, _, err = _run(str(pairs), *ARGS, "--baseline", str(base))
    assert code == 3 and err.startswith(f"mtqa: error: {base}") and message in err and err.count("\n") == 1


def test_write_baseline_refuses_an_input(pairs: Path) -> None:
    code, _, err = _run(str(pairs), *ARGS, "--write-baseline", str(pairs))
    assert code == 3 and "--write-baseline" in err
    assert pairs.read_text(encoding="utf-8") == ROWS
