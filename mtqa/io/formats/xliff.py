"""XLIFF 1.2 and 2.0/2.1: read units for checking, write them back with ITS 2.0 quality annotations.

Reading: XLIFF 1.2 gives one unit per <trans-unit> (its whole <source>/<target>); XLIFF 2.x one per
<segment> (keyed unit-id/segment-id). Units marked translate="no" are skipped and counted.

Writing (`annotate`): every issue becomes a W3C ITS 2.0 Localization Quality Issue
(https://www.w3.org/TR/its20/#lqissue) in stand-off markup: an <its:locQualityIssues xml:id=...>
element in the unit, referenced from the target by its:locQualityIssuesRef. XLIFF 1.2 carries the
reference on <target> (ITS attributes are allowed there, ITS 2.0 section "XLIFF 1.2 mapping");
XLIFF 2.x on an <mrk type="its:any"> wrapping the target's content (the XLIFF 2.1 ITS module). A
unit with an issue at or above the gate is set back for review: state="needs-review-translation"
in 1.2, state="translated" with subState="mtqa:needs-review" in 2.x. Nothing else is changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtqa.errors import InputError
from mtqa.io.formats import Bilingual, Unit
from mtqa.io.formats._inline import flatten
from mtqa.io.text import read_bytes
from mtqa.io.formats._xml import local, namespace, parse_xml
from mtqa.types import Category, Markup, SegmentResult, Severity

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
VERSIONS_2 = ("2.0", "2.1", "2.2")
_ID_PREFIX = "mtqa-lqi-"

# ITS 2.0 locQualityIssueType values (the closed list of the spec) for mtqa's MQM categories.
ITS_TYPES = {
    Category.MISTRANSLATION: "mistranslation", Category.OMISSION: "omission", Category.ADDITION: "addition",
    Category.UNTRANSLATED: "untranslated", Category.NUMBER: "numbers", Category.DATE: "locale-violation",
    Category.ENTITY: "inconsistent-entities", Category.TERMINOLOGY: "terminology",
    Category.CONSISTENCY: "inconsistency", Category.REPETITION: "duplication", Category.GRAMMAR: "grammar",
    Category.PUNCTUATION: "typographical", Category.LENGTH: "length", Category.MARKUP: "markup",
    Category.DO_NOT_TRANSLATE: "pattern-problem", Category.WHITESPACE: "whitespace",
}
# ITS severity is a number in [0, 100]; 100 is the most severe.
ITS_SEVERITY = {Severity.MINOR: "30", Severity.MAJOR: "70", Severity.CRITICAL: "100"}


def read_xliff(path: str, *, encoding: str = "utf-8") -> Bilingual:
    data = read_bytes(path)  # regular files only, bounded (mtqa.io.text)
    if not data.strip():
        raise InputError("file is empty; nothing to check", path=path)
    tree = parse_xml(path, data)
    root = tree.getroot()
    version = root.get("version") or ""
    ns = namespace(root.tag)
    if local(root.tag) != "xliff":
        raise InputError(f"the root element is <{local(root.tag)}>, not <xliff>; give an XLIFF file", path=path)
    if version == "1.2" and ns == NS12:
        units, skipped, src, tgt = _read_12(root)
        fmt = "xliff-1.2"
    elif version in VERSIONS_2 and ns == NS2:
        units, skipped, src, tgt = _read_2(root)
        fmt = f"xliff-{version}"
    else:
        raise InputError(
            f"unsupported XLIFF version {version or '(none)'!r} in namespace {ns or '(none)'!r}; mtqa reads "
            f"XLIFF 1.2 ({NS12}) and 2.0/2.1 ({NS2}): export the file as one of them",
            path=path, line=root.sourceline,
        )
    if not units:
        raise InputError("holds no translatable units; nothing to check", path=path)
    return Bilingual(path=path, format=fmt, units=tuple(units), source_lang=src, target_lang=tgt, tree=tree,
                     skipped=skipped)


def _read_12(root: Any) -> tuple[list[Unit], int, str | None, str | None]:
    units: list[Unit] = []
    skipped = 0
    src_lang = tgt_lang = None
    for file in root.iter(f"{{{NS12}}}file"):
        src_lang = src_lang or file.get("source-language")
        tgt_lang = tgt_lang or file.get("target-language")
        for tu in file.iter(f"{{{NS12}}}trans-unit"):
            if tu.get("translate") == "no":
                skipped += 1
                continue
            source = tu.find(f"{{{NS12}}}source")
            target = tu.find(f"{{{NS12}}}target")
            if source is None:
                continue
            src_text, src_tags = flatten(source, "1.2")
            tgt_text, tgt_tags = flatten(target, "1.2") if target is not None else (None, ())
            units.append(Unit(key=tu.get("id") or str(len(units) + 1), source=src_text, target=tgt_text,
                              line=tu.sourceline or 0, markup=Markup(src_tags, tgt_tags), handle=tu))
    return units, skipped, src_lang, tgt_lang


def _read_2(root: Any) -> tuple[list[Unit], int, str | None, str | None]:
    units: list[Unit] = []
    skipped = 0
    for unit in root.iter(f"{{{NS2}}}unit"):
        if unit.get("translate") == "no":
            skipped += 1
            continue
        for k, segment in enumerate(unit.iter(f"{{{NS2}}}segment"), start=1):
            source = segment.find(f"{{{NS2}}}source")
            target = segment.find(f"{{{NS2}}}target")
            if source is None:
                continue
            src_text, src_tags = flatten(source, "2")
            tgt_text, tgt_tags = flatten(target, "2") if target is not None else (None, ())
            key = f"{unit.get('id') or len(units) + 1}/{segment.get('id') or k}"
            units.append(Unit(key=key, source=src_text, target=tgt_text, line=segment.sourceline or 0,
                              markup=Markup(src_tags, tgt_tags), handle=segment))
    return units, skipped, root.get("srcLang"), root.get("trgLang")


def annotate(file: Bilingual, results: Sequence[SegmentResult], fail_on: Severity | None) -> str:
    """The file as read, with each result's issues attached to its unit (see the module docstring).
    `results[k]` belongs to `file.units[k]`. Earlier mtqa annotations are replaced, not repeated."""
    from lxml import etree

    if len(results) != len(file.units):
        raise ValueError(f"{len(results)} results for {len(file.units)} units")
    root = file.tree.getroot()
    prolog = [etree.tostring(n, encoding="unicode", with_tail=False) for n in reversed(list(root.itersiblings(preceding=True)))]
    epilog = [etree.tostring(n, encoding="unicode", with_tail=False) for n in root.itersiblings()]
    doctype = file.tree.docinfo.doctype
    _remove_previous(root)
    if not any(result.issues for result in results):
        # Nothing to annotate: the file goes back as it came, without an unused ITS declaration
        # (which XLIFF 1.2's strict schema would also reject without the ITS schema at hand).
        return _serialise(root, prolog, epilog, doctype)
    if ITS not in root.nsmap.values():
        # Declare the ITS namespace once, on the root, as 'its' (ITS 2.0's own examples), before
        # anything uses it: lxml cannot add a declaration to an element, so the root is rebuilt
        # with the same name, attributes and children.
        new_root = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**root.nsmap, "its": ITS})
        new_root.text = root.text
        for child in list(root):
            new_root.append(child)
        file.tree._setroot(new_root)
        root = new_root
    if root.get(f"{{{ITS}}}version") is None:
        root.set(f"{{{ITS}}}version", "2.0")
    v2 = file.format != "xliff-1.2"
    ns = NS2 if v2 else NS12
    for k, (unit, result) in enumerate(zip(file.units, results, strict=True), start=1):
        if not result.issues:
            continue
        ident = f"{_ID_PREFIX}{k}"
        holder = unit.handle.getparent() if v2 else unit.handle
        issues = etree.Element(f"{{{ITS}}}locQualityIssues", nsmap={"its": ITS})
        issues.set(XML_ID, ident)
        for issue in result.issues:
            node = etree.SubElement(issues, f"{{{ITS}}}locQualityIssue")
            node.set("locQualityIssueType", ITS_TYPES.get(issue.category, "other"))
            node.set("locQualityIssueSeverity", ITS_SEVERITY.get(issue.severity, "0"))
            node.set("locQualityIssueComment", f"{issue.code} ({issue.severity.value}): {issue.message}")
        if v2:
            issues.tail = holder.text  # keep the file's indentation
            holder.insert(0, issues)  # XLIFF 2 puts extension elements first in <unit>
        else:
            last = unit.handle[-1]
            issues.tail, last.tail = last.tail, unit.handle.text
            unit.handle.append(issues)
        target = unit.handle.find(f"{{{ns}}}target")
        carrier = target if target is not None else unit.handle.find(f"{{{ns}}}source")
        if v2:
            _wrap_in_mrk(carrier, ident, k)
        else:
            carrier.set(f"{{{ITS}}}locQualityIssuesRef", f"#{ident}")
        gate = fail_on is not None and not result.severity < fail_on
        if gate and target is not None:
            if v2:
                if unit.handle.get("state") in (None, "reviewed", "final"):
                    unit.handle.set("state", "translated")
                unit.handle.set("subState", "mtqa:needs-review")
            else:
                target.set("state", "needs-review-translation")
    return _serialise(root, prolog, epilog, doctype)


def _serialise(root: Any, prolog: list[str], epilog: list[str], doctype: str | None) -> str:
    from lxml import etree

    etree.cleanup_namespaces(root, keep_ns_prefixes=sorted(p for p in root.nsmap if p))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', *([doctype] if doctype else []), *prolog,
             etree.tostring(root, encoding="unicode"), *epilog]
    return "\n".join(parts) + "\n"


def _wrap_in_mrk(element: Any, ident: str, k: int) -> None:
    from lxml import etree

    mrk = etree.Element(f"{{{NS2}}}mrk")
    mrk.set("id", f"mtqa-m{k}")
    mrk.set("type", "its:any")
    mrk.set(f"{{{ITS}}}locQualityIssuesRef", f"#{ident}")
    mrk.text, element.text = element.text, None
    for child in list(element):
        mrk.append(child)  # moves the child (with its tail) into the marker
    element.append(mrk)


def _remove_previous(root: Any) -> None:
    """Drop the annotations an earlier mtqa run wrote, so a second run replaces them."""
    for node in list(root.iter(f"{{{ITS}}}locQualityIssues")):
        if str(node.get(XML_ID, "")).startswith(_ID_PREFIX):
            _drop(node)
    for node in root.iter():
        ref = node.get(f"{{{ITS}}}locQualityIssuesRef") if isinstance(node.tag, str) else None
        if ref and ref.startswith(f"#{_ID_PREFIX}"):
            del node.attrib[f"{{{ITS}}}locQualityIssuesRef"]
    for mrk in list(root.iter(f"{{{NS2}}}mrk")):
        if str(mrk.get("id", "")).startswith("mtqa-m"):
            _unwrap(mrk)


def _drop(node: Any) -> None:
    parent = node.getparent()
    prev = node.getprevious()
    if node.tail and prev is not None:
        prev.tail = node.tail if not (prev.tail or "").strip() else prev.tail
    parent.remove(node)


def _unwrap(node: Any) -> None:
    parent = node.getparent()
    index = parent.index(node)
    prev = node.getprevious()
    text = node.text or ""
    if prev is None:
        parent.text = (parent.text or "") + text
    else:
        prev.tail = (prev.tail or "") + text
    children = list(node)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else prev
    if node.tail:
        if last is None:
            parent.text = (parent.text or "") + node.tail
        else:
            last.tail = (last.tail or "") + node.tail
    parent.remove(node)
