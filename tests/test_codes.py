"""The catalogue of issue codes is complete, consistent with the scorers, and what `mtqa explain` prints."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from mtqa.cli import main
from mtqa.codes import CATALOGUE, CODES, reference_markdown
from mtqa.config import THRESHOLD_NAMES
from mtqa.flags import SUPERSEDES
from mtqa.scoring import REGISTRY
from mtqa.types import Category

ROOT = Path(__file__).resolve().parents[1]
CODE_LITERAL = re.compile(r'"([A-Z]{3}[0-9]{3}|QE[0-9]{3}|QE-[A-Z-]+)"')


def emitted() -> set[str]:
    """Every code literal in the package's source outside the catalogue itself."""
    found: set[str] = set()
    for path in (ROOT / "mtqa").rglob("*.py"):
        if path.name != "codes.py":
            found.update(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_a_scorer_can_emit_is_in_the_catalogue_and_no_other() -> None:
    codes = emitted()
    assert len(codes) > 30
    assert codes - set(CATALOGUE) == set()
    assert set(CATALOGUE) - codes == set()


def test_each_entry_names_a_real_scorer_category_and_threshold() -> None:
    categories = {v for k, v in vars(Category).items() if k.isupper()}
    assert len(CODES) == len(CATALOGUE)
    for code in CODES:
        # the aligner and the pipeline's empty-side rule ("pairs") emit codes without being scorers;
        # a code two scorers emit (CUT001) names both
        assert all(s in REGISTRY or s in ("aligner", "pairs") for s in code.scorer.split(", ")), code
        assert code.categories and set(code.categories) <= categories, code
        assert set(code.tune) <= THRESHOLD_NAMES, code
        assert code.supersedes <= set(CATALOGUE), code
        assert code.summary and code.why


def test_the_policy_supersedes_what_the_catalogue_says() -> None:
    named = {"NUM001", "NUM002", "NUM003", "NUM004", "NUM005", "NUM006", "DAT001", "DAT002", "DAT003",
             "ENT001", "ENT002", "NEG001", "NEG002", "TRM002"}
    expected = {
        "UNT001": {"UNW001", "QEO001", "QEO002"},
        "UNT002": {"UNW001", "QEO001", "QEO002"},
        "TRM001": {"QEO001", "QEO002"},
        **{code: {"QEO001"} for code in named},
    }
    assert {k: set(v) for k, v in SUPERSEDES.items()} == expected


def test_explain_says_what_a_code_means_and_how_to_tune_or_silence_it() -> None:
    result = CliRunner().invoke(main, ["explain", "len001"])
    assert result.exit_code == 0
    assert result.output.startswith("LEN001: the target is far longer or shorter than the source\n")
    assert "--threshold length.minor_factor=VALUE" in result.output
    assert "--severity LEN001=ok" in result.output


def test_explain_an_unknown_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["explain", "NUM999"])
    assert result.exit_code == 2
    assert "unknown issue code 'NUM999'; known codes: ALN001" in result.output


def test_the_readme_code_reference_is_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- codes:begin -->\n", 1)[1].split("\n<!-- codes:end -->", 1)[0]
    assert block == reference_markdown(), "regenerate it: python -c 'from mtqa.codes import reference_markdown as r; print(r())'"


def test_the_real_text_false_alarms_are_the_measured_ones() -> None:
    """Each code's real-text figures in the catalogue are those of the results file it cites."""
    import json

    from mtqa.codes import REAL_TEST_RESULTS

    measured = json.loads((ROOT / REAL_TEST_RESULTS).read_text(encoding="utf-8"))["score"]["codes"]
    for c in CODES:
        if c.real_test is None:
            continue
        v = measured.get(c.code, {"flagged_share": 0.0, "major_share": 0.0, "notes_share": 0.0})
        assert c.real_test == (v["flagged_share"], v["major_share"], v["notes_share"]), c.code
    assert set(measured) <= {c.code for c in CODES if c.real_test is not None}


def test_explain_gives_the_real_text_false_alarms() -> None:
    result = CliRunner().invoke(main, ["explain", "SEM001"])
    assert result.exit_code == 0
    assert "real text: on correct real translations it fails a gate on 0.58% of pairs, major on 0.24%" in result.output
