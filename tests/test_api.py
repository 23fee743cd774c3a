"""The public Python API (mtqa.check, mtqa.score) and the versioned JSON report schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import mtqa
from mtqa.cli import main
from mtqa.errors import InputError
from mtqa.report import render

LANGS = {"source_lang": "it", "target_lang": "en"}
SCORERS = ["numbers", "repetition", "length"]


def _schema() -> dict[str, Any]:
    text = resources.files("mtqa.report").joinpath("schema/report-1.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _valid(doc: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker()).validate(doc)


def test_check_returns_a_typed_report_with_the_cli_defaults() -> None:
    report = mtqa.check("Ho 3 gatti. Il cane dorme.", "I have 4 cats. The dog sleeps.", **LANGS, scorers=SCORERS)
    assert isinstance(report, mtqa.Report)
    assert report.fail_on is mtqa.Severity.MAJOR and not report.passed  # check gates on major, as the CLI
    assert [i.code for i in report.segments[0].issues] == ["NUM001"] and report.segments[1].issues == ()
    relaxed = mtqa.check("Ho 3 gatti.", "I have 4 cats.", **LANGS, scorers=SCORERS, fail_on="never")
    assert relaxed.passed and relaxed.fail_on is None


def test_score_matches_the_cli(tmp_path: Path) -> None:
    rows = [("Ho 3 gatti.", "I have 4 cats."), ("Piove.", "It is raining.")]
    report = mtqa.score([*rows[:1], {"source": rows[1][0], "target": rows[1][1], "id": "r2"}], **LANGS, scorers=SCORERS)
    assert report.fail_on is None and report.passed  # score gates on nothing by default, as the CLI
    path = tmp_path / "p.tsv"
    path.write_text("source\ttarget\tid\n" + "".join(f"{s}\t{t}\tr{k + 1}\n" for k, (s, t) in enumerate(rows)),
                    encoding="utf-8")
    args = ["score", str(path), "--src-lang", "it", "--tgt-lang", "en", *(a for s in SCORERS for a in ("--scorer", s))]
    cli = [json.loads(line) for line in CliRunner().invoke(main, args).stdout.splitlines()]
    api = [json.loads(line) for line in render(report, "jsonl").splitlines()]
    cli[0].pop("id")
    assert api == cli


def test_bad_pairs_are_input_errors() -> None:
    with pytest.raises(InputError, match="pair 0"):
        mtqa.score([{"source": "a"}], **LANGS, scorers=SCORERS)


def test_json_reports_follow_the_shipped_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("Ho 3 gatti.\n\nIl cane dorme dorme.\n", encoding="utf-8")
    tgt.write_text("I have 4 cats.\n\nThe dog sleeps sleeps.\n", encoding="utf-8")
    scorer_args = [a for s in SCORERS for a in ("--scorer", s)]
    result = CliRunner().invoke(main, ["check", str(src), str(tgt), "--src-lang", "it", "--tgt-lang", "en",
                                       "--format", "json", *scorer_args])
    doc = json.loads(result.stdout)
    _valid(doc)
    assert doc["schema"] == "mtqa.report/1" and doc["created"] == "2023-11-14T22:13:20Z"
    assert {"mtqa", "aligner", *SCORERS} <= set(doc["signatures"])  # every signature travels with the numbers
    pairs = tmp_path / "p.tsv"
    pairs.write_text("source\ttarget\tnote\nHo 3 gatti.\tI have 4 cats.\tx\n", encoding="utf-8")
    base = tmp_path / "b.json"
    CliRunner().invoke(main, ["score", str(pairs), "--src-lang", "it", "--tgt-lang", "en", *scorer_args,
                              "--write-baseline", str(base)])
    scored = CliRunner().invoke(main, ["score", str(pairs), "--src-lang", "it", "--tgt-lang", "en", *scorer_args,
                                       "--format", "json", "--baseline", str(base)])
    doc = json.loads(scored.stdout)
    _valid(doc)  # carried-through columns and suppressed issues are in the schema too
    assert doc["segments"][0]["note"] == "x" and doc["segments"][0]["suppressed"][0]["code"] == "NUM001"


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.pop("schema"),
        lambda d: d.__setitem__("schema", "mtqa.report/2"),
        lambda d: d["segments"][0].__setitem__("severity", "fatal"),
        lambda d: d["segments"][0]["issues"][0].pop("code"),
        lambda d: d["signatures"]["numbers"].__setitem__("version", 3),
    ],
)
def test_the_schema_rejects_what_it_does_not_describe(break_it: Any) -> None:
    report = mtqa.check("Ho 3 gatti.", "I have 4 cats.", **LANGS, scorers=SCORERS)
    doc = json.loads(render(report, "json"))
    _valid(doc)
    break_it(doc)
    with pytest.raises(jsonschema.ValidationError):
        _valid(doc)


def test_licence_file_matches_pyproject() -> None:
    root = Path(__file__).resolve().parents[1]
    assert 'license = { text = "Apache-2.0" }' in (root / "pyproject.toml").read_text(encoding="utf-8")
    text = (root / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text


def test_readme_pipeline_examples_are_valid_commands() -> None:
    """The pre-commit entry and the CI step parse as `mtqa check` command lines (every option exists)."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a pipeline: pre-commit and CI", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"(?:entry|run): (mtqa check .*)", section)
    assert len(commands) == 2
    for command in commands:
        args = shlex.split(command)[1:]
        with main.make_context("mtqa", list(args)) as ctx:
            sub = main.get_command(ctx, args[0])
            assert sub is not None
            sub.make_context(args[0], args[1:], parent=ctx)  # raises on an unknown option
