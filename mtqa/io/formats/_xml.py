"""Safe XML parsing for localisation files.

lxml with entity substitution off, no DTD loading and no network: an external entity (XXE) is never
fetched and an entity-expansion bomb ("billion laughs") is never expanded. A document whose internal
DTD subset declares entities is refused outright: XLIFF and TMX need none, and a reference left
unexpanded would silently change the text that gets checked.
"""

from __future__ import annotations

import re
from typing import Any

from mtqa.errors import InputError

# An entity declaration, also in UTF-16 (a NUL beside each ASCII byte). Found before parsing, so the
# parser never sees the declarations (libxml2 would stop a bomb too, but with a confusing message).
_ENTITY_DECL = re.compile(rb"<\x00?!\x00?E\x00?N\x00?T\x00?I\x00?T\x00?Y\x00?")
_REFUSED = (
    "the document type declares entities (<!ENTITY ...>); mtqa does not expand DTD entities, which can "
    "read local files or grow without bound: remove the <!DOCTYPE> internal subset and write the characters themselves"
)


def parse_xml(path: str, data: bytes) -> Any:
    from lxml import etree

    wide = data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<")
    if b"\x00" in data and not wide:
        raise InputError("looks like a binary file (NUL bytes), not XML; give the XLIFF or TMX file itself", path=path)
    if _ENTITY_DECL.search(data):
        raise InputError(_REFUSED, path=path)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_blank_text=False, remove_comments=False, remove_pis=False,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = re.sub(r"(?:, line \d+, column \d+| \(line \d+\))$", "", str(exc.msg or "not well-formed"))
        raise InputError(
            f"malformed XML at line {line}, column {column}: {message}; fix the markup there",
            path=path, line=line,
        ) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(_REFUSED, path=path)
    for node in tree.iter(etree.Entity):
        raise InputError(
            f"uses the entity reference &{node.name}; without declaring it; write the character itself",
            path=path, line=node.sourceline,
        )
    return tree


def local(tag: Any) -> str:
    """The element name without its namespace ('' for comments and processing instructions)."""
    return tag.split("}", 1)[1] if isinstance(tag, str) and tag.startswith("{") else tag if isinstance(tag, str) else ""


def namespace(tag: Any) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""
