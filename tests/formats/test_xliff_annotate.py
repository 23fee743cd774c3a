"""`mtqa check in.xlf -o out.xlf`: the same file, with ITS 2.0 quality issues on the units that have them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from mtqa import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "formats"
ITS = "http://www.w3.org/2005/11/its"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CHECKS = ["--scorer", "tags", "--scorer", "placeholders", "--scorer", "urls"]


def _annotate(tmp_path: Path, name: str, langs: tuple[str, str], *extra: str) -> tuple[int, Path, Path]:
    src = tmp_path / name
    shutil.copy(SAMPLES / name, src)
    out = tmp_path / ("out-" + name)
    result = CliRunner().invoke(cli.main, ["check", str(src), "--src-lang", langs[0], "--tgt-lang", langs[1], *CHECKS,
                                           *extra, "-o", str(out)])
    return result.exit_code, src, out


def _issues(tree: etree._ElementTree, unit: etree._Element) -> list[dict[str, str]]:
    """The ITS issues a unit's target (or source) points at, resolved through its:locQualityIssuesRef."""
    refs = [n.get(f"{{{ITS}}}locQualityIssuesRef") for n in unit.iter() if n.get(f"{{{ITS}}}locQualityIssuesRef")]
    if not refs:
        return []
    (ref,) = refs
    (holder,) = [n for n in tree.iter(f"{{{ITS}}}locQualityIssues") if "#" + n.get(XML_ID) == ref]
    return [dict(n.attrib) for n in holder]


def _without_annotations(root: etree._Element) -> etree._Element:
    """A copy of the tree with everything ITS and every mtqa marker taken out, review states reset."""
    root = etree.fromstring(etree.tostring(root))
    for node in list(root.iter(f"{{{ITS}}}locQualityIssues")):
        node.getparent().remove(node)
    for node in list(root.iter(f"{{{NS2}}}mrk")):
        if node.get("id", "").startswith("mtqa-"):
            parent, index = node.getparent(), node.getparent().index(node)
            assert index == 0 and not parent.text and len(parent) == 1, "the marker wraps the whole target"
            parent.text = node.text
            for child in list(node):
                parent.append(child)
            parent.remove(node)
    for node in root.iter():
        for name in [a for a in node.attrib if a.startswith(f"{{{ITS}}}") or a in ("state", "subState")]:
            del node.attrib[name]
    etree.cleanup_namespaces(root)
    return root


def _canonical(root: etree._Element) -> bytes:
    for node in root.iter():
        if node.tail is not None and not node.tail.strip():
            node.tail = None
        if len(node) and node.text is not None and not node.text.strip():
            node.text = None
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize(("name", "langs"), [("sample-1.2.xlf", ("en", "it")), ("sample-2.0.xlf", ("it", "en"))])
def test_only_the_annotations_differ(tmp_path: Path, name: str, langs: tuple[str, str]) -> None:
    code, src, out = _annotate(tmp_path, name, langs)
    assert code == 1
    before, after = etree.parse(str(src)), etree.parse(str(out))
    assert _canonical(_without_annotations(after.getroot())) == _canonical(_without_annotations(before.getroot()))
    assert etree.tostring(after.getroot()) != etree.tostring(before.getroot())
    # Comments outside the root survive too.
    assert "A small XLIFF" in out.read_text(encoding="utf-8").split("<xliff", 1)[0]


def test_xliff_12_issues_and_review_state(tmp_path: Path) -> None:
    _, _, out = _annotate(tmp_path, "sample-1.2.xlf", ("en", "it"))
    tree = etree.parse(str(out))
    units = {u.get("id"): u for u in tree.iter(f"{{{NS12}}}trans-unit")}
    assert _issues(tree, units["welcome"]) == [] and units["welcome"].find(f"{{{NS12}}}target").get("state") == "translated"
    (issue,) = _issues(tree, units["lost-placeholder"])
    assert issue["locQualityIssueType"] == "markup" and issue["locQualityIssueSeverity"] == "70"
    assert issue["locQualityIssueComment"].startswith("PLH001 (major): placeholder {count}")
    assert units["lost-placeholder"].find(f"{{{NS12}}}target").get("state") == "needs-review-translation"
    (tag,) = _issues(tree, units["lost-tag"])
    assert tag["locQualityIssueComment"].startswith("TAG001")
    (empty,) = _issues(tree, units["untranslated"])  # no target: the issue hangs on the source
    assert empty["locQualityIssueType"] == "omission" and empty["locQualityIssueSeverity"] == "100"
    assert tree.getroot().get(f"{{{ITS}}}version") == "2.0"
    assert "xmlns:its=" in out.read_text(encoding="utf-8")


def test_xliff_2_issues_sit_in_the_unit_and_the_segment_goes_back_to_review(tmp_path: Path) -> None:
    _, _, out = _annotate(tmp_path, "sample-2.0.xlf", ("it", "en"))
    tree = etree.parse(str(out))
    units = {u.get("id"): u for u in tree.iter(f"{{{NS2}}}unit")}
    codes = [i["locQualityIssueComment"].split()[0] for i in _issues(tree, units["u2"])]
    assert codes == ["EML001", "EML002"]
    assert units["u2"][0].tag == f"{{{ITS}}}locQualityIssues"  # extension elements come first in <unit>
    segment = units["u2"].find(f"{{{NS2}}}segment")
    assert (segment.get("state"), segment.get("subState")) == ("translated", "mtqa:needs-review")
    mrk = segment.find(f"{{{NS2}}}target/{{{NS2}}}mrk")
    assert mrk.get("type") == "its:any" and mrk.text == "Write to support@example.com for help."
    assert _issues(tree, units["u1"]) == [] and units["u1"].find(f"{{{NS2}}}segment").get("state") == "translated"


def test_below_the_gate_the_state_is_kept(tmp_path: Path) -> None:
    code, _, out = _annotate(tmp_path, "sample-2.0.xlf", ("it", "en"), "--fail-on", "never")
    assert code == 0
    segment = etree.parse(str(out)).find(f".//{{{NS2}}}unit[@id='u2']/{{{NS2}}}segment")
    assert segment.get("state") == "final" and segment.get("subState") is None


def test_a_second_run_replaces_the_annotations(tmp_path: Path) -> None:
    _, _, first = _annotate(tmp_path, "sample-1.2.xlf", ("en", "it"))
    second = tmp_path / "second.xlf"
    CliRunner().invoke(cli.main, ["check", str(first), "--src-lang", "en", "--tgt-lang", "it", *CHECKS, "-o", str(second)])
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_other_report_formats_still_work_from_xliff(tmp_path: Path) -> None:
    for fmt in ("json", "html", "csv"):
        result = CliRunner().invoke(cli.main, ["check", str(SAMPLES / "sample-1.2.xlf"), "--src-lang", "en",
                                               "--tgt-lang", "it", *CHECKS, "--format", fmt])
        assert result.exit_code == 1 and "PLH001" in result.output


def test_the_input_is_never_overwritten(tmp_path: Path) -> None:
    src = tmp_path / "a.xlf"
    shutil.copy(SAMPLES / "sample-1.2.xlf", src)
    before = src.read_bytes()
    result = CliRunner().invoke(cli.main, ["check", str(src), "--src-lang", "en", "--tgt-lang", "it", *CHECKS, "-o", str(src)])
    assert result.exit_code == 3 and src.read_bytes() == before


def test_a_file_without_issues_comes_back_without_an_its_declaration(tmp_path: Path) -> None:
    src = tmp_path / "correct.xlf"
    shutil.copy(SAMPLES / "labelled" / "correct.xlf", src)
    out = tmp_path / "out.xlf"
    result = CliRunner().invoke(cli.main, ["check", str(src), "--src-lang", "en", "--tgt-lang", "it", *CHECKS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ITS not in out.read_text(encoding="utf-8")
    assert _canonical(etree.parse(str(out)).getroot()) == _canonical(etree.parse(str(src)).getroot())
