"""Review notes: findings below the precision bar are reported with severity "note", never flag a
segment, never fail a gate (not even --fail-on minor), and never move a model feature."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main
from mtqa.codes import CATALOGUE
from mtqa.config import Config, parse_fail_on
from mtqa.errors import UsageError
from mtqa.flags import to_issues
from mtqa.report import render
from mtqa.types import Category, Issue, Pair, Report, SegmentResult, Severity, Signal

FAST = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "fast"]
# A source negation with none in the target, in a sentence of more than 15 words (NEG001, a note),
# and a wrong number (NUM001, major).
NEGATION = ("Il governo non ha approvato la legge sulla scuola che il parlamento aveva discusso per tutta la settimana.",
            "The government approved the school law that parliament had debated all week.")
NUMBER = ("Il comune ha stanziato 25 milioni di euro.", "The town has allocated 52 million euros.")


def _signal(code: str, hint: Severity | None) -> Signal:
    return Signal(code=code, category=Category.ENTITY, scorer="entities", message=code, severity_hint=hint)


def test_note_ranks_between_ok_and_minor_and_does_not_flag() -> None:
    assert Severity.OK < Severity.NOTE < Severity.MINOR
    assert not Severity.NOTE.flags and not Severity.OK.flags and Severity.MINOR.flags


@pytest.mark.parametrize(("code", "hint", "expected"), [
    ("ENT001", Severity.MINOR, Severity.NOTE),  # a name only missing: below the bar
    ("ENT001", Severity.MAJOR, Severity.MAJOR),  # a name replaced: kept
    ("NEG001", Severity.NOTE, Severity.NOTE),  # a long sentence: the check proposes a note
    ("NEG001", Severity.MINOR, Severity.MINOR),  # a short one: above the bar
    ("NUM002", Severity.MINOR, Severity.NOTE),
    ("NUM001", Severity.MAJOR, Severity.MAJOR),
    ("PUN005", None, Severity.NOTE),
    ("PUN002", None, Severity.MINOR),  # above the bar
    ("UNW001", Severity.MINOR, Severity.MINOR),
    ("QEO001", Severity.MINOR, Severity.NOTE),
    ("QEO001", Severity.MAJOR, Severity.NOTE),  # the model is below the bar at major too
    ("QEO002", None, Severity.NOTE),
])
def test_the_policy_makes_findings_below_the_bar_notes(code: str, hint: Severity | None, expected: Severity) -> None:
    (issue,) = to_issues([_signal(code, hint)], Config())
    assert issue.severity is expected


def test_a_user_override_beats_the_bar_both_ways() -> None:
    (up,) = to_issues([_signal("NEG001", Severity.MINOR)], Config(severity_overrides={"NEG001": "major"}))
    (down,) = to_issues([_signal("NUM001", Severity.MAJOR)], Config(severity_overrides={"num001": "note"}))
    assert (up.severity, down.severity) == (Severity.MAJOR, Severity.NOTE)


def test_every_code_below_the_bar_defaults_to_note() -> None:
    for code in CATALOGUE.values():
        if code.note_up_to is not None:
            assert code.severity is Severity.NOTE, code.code


def test_fail_on_note_is_refused() -> None:
    with pytest.raises(UsageError, match="valid: minor, major, critical, never"):
        parse_fail_on("note")


def _report(fail_on: Severity) -> Report:
    note = Issue("NEG001", Category.MISTRANSLATION, Severity.NOTE, "negation missing", "negation", None, (16, 19))
    return Report(
        segments=(SegmentResult(0, NEGATION[0], NEGATION[1], None, (note,)),
                  SegmentResult(1, "Ciao.", "Hello.", None, ())),
        source_lang="it", target_lang="en", signatures={}, config={}, fail_on=fail_on)


def test_notes_alone_pass_even_a_minor_gate_and_flag_nothing() -> None:
    report = _report(Severity.MINOR)
    assert report.passed and not report.segments[0].flagged
    summary = json.loads(render(report, "json"))["summary"]
    assert summary["segments_flagged"] == 0 and summary["issues_by_severity"]["note"] == 1
    assert summary["segments_by_severity"]["note"] == 1 and summary["passed"] is True


def test_every_format_carries_the_note() -> None:
    report = _report(Severity.MINOR)
    assert json.loads(render(report, "jsonl").splitlines()[0])["issues"][0]["severity"] == "note"
    row = next(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert row["issues"].startswith("note ")
    md = render(report, "md")
    assert "flagged: 0" in md and "review notes: 1 (never fail the gate)" in md and "| note | `NEG001`" in md
    assert '<span class="badge note">note</span>' in render(report, "html")


def test_cli_a_note_alone_passes_fail_on_minor_and_severity_note_demotes(tmp_path: Path) -> None:
    pairs = tmp_path / "p.tsv"
    pairs.write_text("source\ttarget\n" + "\t".join(NEGATION) + "\n", encoding="utf-8")
    ok = CliRunner().invoke(main, ["score", str(pairs), *FAST, "--fail-on", "minor", "--format", "jsonl"])
    assert ok.exit_code == 0, ok.output
    assert [i["severity"] for i in json.loads(ok.stdout.splitlines()[0])["issues"]] == ["note"]
    pairs.write_text("source\ttarget\n" + "\t".join(NUMBER) + "\n", encoding="utf-8")
    gate = [*FAST, "--format", "jsonl", "--fail-on", "minor"]
    failed = CliRunner().invoke(main, ["score", str(pairs), *gate])
    demoted = CliRunner().invoke(main, ["score", str(pairs), *gate, "--severity", "NUM001=note"])
    assert (failed.exit_code, demoted.exit_code) == (1, 0)
    bad = CliRunner().invoke(main, ["score", str(pairs), *FAST, "--fail-on", "note"])
    assert bad.exit_code == 2 and "unknown --fail-on 'note'" in bad.output


def test_model_rule_counts_count_a_note_as_the_minor_finding_it_was_fitted_with() -> None:
    from mtqa.models.offline.fused import rule_counts

    counts = rule_counts([Pair(*NEGATION), Pair(*NUMBER)], Config(), ["negation", "numbers"])
    assert counts.tolist() == [[1.0, 0.0], [0.0, 1.0]]
