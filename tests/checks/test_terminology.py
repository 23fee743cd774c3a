from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.checks.terminology import TerminologyScorer
from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.types import Pair

GLOSSARY = """source,target,type
# comment lines are skipped
tasso di disoccupazione,unemployment rate|jobless rate
tasso,rate
banca centrale,central bank
consiglio comunale,city council|town council
approvare,approve
Rekognition,,dnt
"""

CASES = [
    ("Il tasso di disoccupazione è sceso.", "The unemployment rate fell.", []),
    ("I tassi di disoccupazione sono scesi.", "Unemployment rates fell.", []),
    ("Il tasso d'disoccupazione è sceso.", "The jobless rate fell.", []),
    ("Il tasso di disoccupazione è sceso.", "The jobless figure fell.", ["TRM001"]),
    ("Le banche centrali hanno alzato i tassi.", "Central banks raised rates.", []),
    ("La banca centrale ha deciso.", "The national bank decided.", ["TRM001"]),
    ("I consigli comunali hanno votato.", "The city councils voted.", []),
    ("Il consiglio comunale ha votato.", "The council voted.", ["TRM001"]),
    ("La giunta ha approvato il piano.", "The executive approved the plan.", []),
    ("La giunta approverà il piano.", "The executive will pass the plan.", ["TRM001"]),
    ("Amazon Rekognition è sospeso.", "Amazon Rekognition is suspended.", []),
    ("Amazon Rekognition è sospeso.", "Amazon Recognition is suspended.", ["TRM002"]),
    ("Il governo ha parlato.", "The government spoke.", []),
]


@pytest.fixture
def glossary(tmp_path: Path) -> str:
    path = tmp_path / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("source", "target", "codes"), CASES)
def test_terminology(glossary: str, source: str, target: str, codes: list[str]) -> None:
    scorer = TerminologyScorer(Config(glossary=glossary))
    assert [s.code for s in scorer.score([Pair(source, target)])[0].signals] == codes
    assert scorer.warnings == []


def test_no_glossary_finds_nothing() -> None:
    scorer = TerminologyScorer(Config())
    assert scorer.score([Pair("Il tasso è sceso.", "The figure fell.")])[0].signals == ()
    assert scorer.signature()["glossary"] == "none"


@pytest.mark.parametrize(
    ("name", "content", "line", "fragment"),
    [
        ("g.csv", "term,translation\na,b\n", 1, "lacks a 'source' and a 'target' column"),
        ("g.csv", "source,target\ntasso,rate,extra,more\n", 2, "field(s)"),
        ("g.csv", "source,target\n,rate\n", 2, "empty source term"),
        ("g.csv", "source,target\ntasso,\n", 2, "has no target"),
        ("g.csv", "source,target,type\ntasso,rate,forbidden\n", 2, "unknown glossary type"),
        ("g.tbx", "<martif><text><body><termEntry></body></text></martif>", 1, "not well-formed"),
        ("g.json", "{}", None, "unknown glossary format"),
    ],
)
def test_malformed_glossary_is_exit_3_with_line(tmp_path: Path, name: str, content: str, line: int | None,
                                                fragment: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        TerminologyScorer(Config(glossary=str(path)))
    assert info.value.exit_code == 3
    assert info.value.line == line
    assert fragment in info.value.message


def test_missing_glossary_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        TerminologyScorer(Config(glossary=str(tmp_path / "nope.csv")))


def test_term_that_cannot_match_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\n%%,x\ntasso,rate\ntasso,fee\n", encoding="utf-8")
    scorer = TerminologyScorer(Config(glossary=str(path)))
    assert any("%%" in w and "never match" in w and ":2:" in w for w in scorer.warnings)
    assert any("repeats line 3" in w for w in scorer.warnings)


def test_tbx(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(
        """<?xml version="1.0"?>
<martif type="TBX"><text><body>
<termEntry id="1"><langSet xml:lang="it"><tig><term>tasso di interesse</term></tig></langSet>
<langSet xml:lang="en"><tig><term>interest rate</term></tig></langSet></termEntry>
<termEntry id="2"><langSet xml:lang="it"><tig><term>Rekognition</term></tig></langSet></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    scorer = TerminologyScorer(Config(glossary=str(path)))
    assert [t.dnt for t in sorted(scorer.glossary.terms, key=lambda t: t.line)] == [False, True]  # type: ignore[union-attr]
    ok = scorer.score([Pair("I tassi di interesse salgono.", "Interest rates rise.")])[0]
    bad = scorer.score([Pair("I tassi di interesse salgono.", "Borrowing costs rise.")])[0]
    assert ok.signals == () and [s.code for s in bad.signals] == ["TRM001"]
