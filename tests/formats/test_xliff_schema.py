"""XLIFF that mtqa reads and writes, validated against the official OASIS schemas (tests/formats/xsd,
see its SOURCE.md): every sample is valid, and so is every file `mtqa check in.xlf -o out.xlf`
writes from it. XLIFF 2.x files are validated whole. XLIFF 1.2's strict schema demands a schema for
any foreign namespace and no package here ships ITS 2.0's, so a written 1.2 file must be valid
once its ITS annotations are taken out, and with them in, the schema's only complaints must be
the missing ITS declarations, at places the XLIFF schema opens to other namespaces."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from mtqa import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "formats"
XSD = Path(__file__).resolve().parent / "xsd"
ITS = "http://www.w3.org/2005/11/its"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
CHECKS = ["--scorer", "tags", "--scorer", "placeholders", "--scorer", "urls", "--scorer", "untranslated"]
XLIFF = sorted(SAMPLES.rglob("*.xlf"))
# lxml's message for foreign content that a strict wildcard allows but no loaded schema declares.
UNDECLARED = re.compile(
    r"^Element '[^']+'(, attribute '\{(?P<attr_ns>[^}]+)\}[^']+')?: No matching global (element|attribute) "
    r"declaration available, but demanded by the strict wildcard\.$"
)


class _LocalXmlSchema(etree.Resolver):
    """Both schemas import the W3C `xml:` namespace schema (1.2 from w3.org, 2.0 from a relative
    folder): either way it is the local copy. Anything else a schema asked for would fail the test."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.rsplit("/", 1)[-1] == "xml.xsd":
            return self.resolve_filename(str(XSD / "xml.xsd"), context)
        path = Path(url.removeprefix("file://"))
        if path.parent == XSD and path.is_file():  # the schema being parsed
            return None
        raise AssertionError(f"a schema asked for {url!r}, which is not vendored")


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXmlSchema())
    return etree.XMLSchema(etree.parse(str(XSD / name), parser))


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {"1.2": _schema("xliff-core-1.2-strict.xsd"), "2": _schema("xliff-core-2.0.xsd")}


def _schema_for(tree: etree._ElementTree, schemas: dict[str, etree.XMLSchema]) -> etree.XMLSchema:
    return schemas["1.2"] if etree.QName(tree.getroot()).namespace == NS12 else schemas["2"]


def _errors(schema: etree.XMLSchema, tree: etree._ElementTree) -> list[str]:
    schema.validate(tree)
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _langs(tree: etree._ElementTree) -> tuple[str, str]:
    root = tree.getroot()
    if etree.QName(root).namespace == NS12:
        file = root.find(f"{{{NS12}}}file")
        return file.get("source-language"), file.get("target-language")
    return root.get("srcLang"), root.get("trgLang")


def _written(tmp_path: Path, sample: Path) -> tuple[Path, int]:
    src = tmp_path / sample.name
    shutil.copy(sample, src)
    out = tmp_path / f"out-{sample.name}"
    source_lang, target_lang = _langs(etree.parse(str(sample)))
    result = CliRunner().invoke(cli.main, ["check", str(src), "--src-lang", source_lang[:2], "--tgt-lang", target_lang[:2],
                                           *CHECKS, "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out, result.exit_code


def _without_its(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy without ITS elements and attributes; everything else, review states included, kept."""
    root = etree.fromstring(etree.tostring(tree))
    for node in list(root.iter(f"{{{ITS}}}*")):
        node.getparent().remove(node)
    for node in root.iter():
        for name in [a for a in node.attrib if a.startswith(f"{{{ITS}}}")]:
            del node.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.ElementTree(root)


def test_the_vendored_schemas_are_the_files_their_source_note_names() -> None:
    note = (XSD / "SOURCE.md").read_text(encoding="utf-8")
    for path in sorted(XSD.glob("*.xsd")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{path.name}`" in note and digest in note, f"{path.name} differs from the copy SOURCE.md describes"


def test_there_are_samples_of_both_versions() -> None:
    versions = {etree.parse(str(p)).getroot().get("version") for p in XLIFF}
    assert {"1.2", "2.0"} <= versions


@pytest.mark.parametrize("sample", XLIFF, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_xliff_sample_is_valid_against_its_schema(sample: Path, schemas: dict[str, etree.XMLSchema]) -> None:
    tree = etree.parse(str(sample))
    assert _errors(_schema_for(tree, schemas), tree) == []


@pytest.mark.parametrize("sample", XLIFF, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_annotated_file_mtqa_writes_is_valid(sample: Path, tmp_path: Path, schemas: dict[str, etree.XMLSchema]) -> None:
    out, _ = _written(tmp_path, sample)
    tree = etree.parse(str(out))
    schema = _schema_for(tree, schemas)
    if etree.QName(tree.getroot()).namespace == NS2:
        assert _errors(schema, tree) == []
        return
    assert _errors(schema, _without_its(tree)) == []
    for error in schema.error_log if not schema.validate(tree) else []:
        found = UNDECLARED.match(error.message)
        assert found, f"line {error.line}: {error.message}"
        element = error.message.split("'", 2)[1]
        assert (found.group("attr_ns") or etree.QName(element).namespace) == ITS, error.message


def test_files_with_issues_are_among_the_written_ones(tmp_path: Path) -> None:
    """The validity tests above would pass vacuously on files with nothing annotated."""
    written = {p.name: _written(tmp_path, p) for p in XLIFF}
    for name in ("sample-1.2.xlf", "sample-2.0.xlf", "corrupted.xlf"):
        out, code = written[name]
        assert code == 1 and any(True for _ in etree.parse(str(out)).iter(f"{{{ITS}}}locQualityIssue")), name


@pytest.mark.parametrize(
    ("sample", "break_it"),
    [
        ("sample-1.2.xlf", lambda text: text.replace('state="needs-review-translation"', 'state="needs-a-look"', 1)),
        ("sample-2.0.xlf", lambda text: text.replace('type="its:any"', 'type="any"', 1)),
        ("sample-2.0.xlf", lambda text: re.sub(r'<mrk id="mtqa-m\d+"', "<mrk", text, count=1)),
    ],
    ids=["1.2-bad-state", "2.0-mrk-type-without-prefix", "2.0-mrk-without-id"],
)
def test_the_schemas_reject_what_the_writer_must_not_write(
    sample: str, break_it, tmp_path: Path, schemas: dict[str, etree.XMLSchema]  # type: ignore[no-untyped-def]
) -> None:
    out, _ = _written(tmp_path, SAMPLES / sample)
    text = out.read_text(encoding="utf-8")
    broken = break_it(text)
    assert broken != text
    tree = etree.ElementTree(etree.fromstring(broken.encode("utf-8")))
    tree = _without_its(tree) if sample.endswith("1.2.xlf") else tree
    assert _errors(_schema_for(tree, schemas), tree) != []
