"""Inline markup of XLIFF content: the plain text the checks see, and the tags taken out of it."""

from __future__ import annotations

import re
from typing import Any

from mtqa.io.formats._xml import local
from mtqa.types import Tag

# name -> how it is read. 'paired': element with content, an open and a close tag around its text;
# 'empty': a placeholder code, no text (content, if any, is native code such as <b>, not text);
# 'open'/'close': the halves of a split pair; 'transparent': annotations, their text is text.
_XLIFF12 = {
    "g": "paired", "x": "empty", "ph": "empty", "it": "empty", "bpt": "open", "ept": "close",
    "bx": "open", "ex": "close", "mrk": "transparent", "sub": "transparent",
}
_XLIFF2 = {
    "pc": "paired", "ph": "empty", "sc": "open", "ec": "close", "mrk": "transparent",
    "sm": "skip", "em": "skip", "cp": "codepoint",
}
_TMX = {
    "bpt": "open", "ept": "close", "ph": "empty", "it": "empty", "ut": "empty", "hi": "transparent",
    "sub": "transparent",
}
# A split pair is compared as the element it stands for: <bx/>..<ex/> as <g>, <sc/>..<ec/> as <pc>.
_AS = {"bx": "g", "ex": "g", "bpt": "g", "ept": "g", "sc": "pc", "ec": "pc"}


def flatten(element: Any, version: str) -> tuple[str, tuple[Tag, ...]]:
    """(text, tags) of a <source>/<target> element: its text with inline codes taken out."""
    spec = _TMX if version == "tmx" else _XLIFF12 if version.startswith("1") else _XLIFF2
    text: list[str] = [element.text or ""]
    tags: list[Tag] = []
    for child in element:
        _walk(child, spec, text, tags)
        text.append(child.tail or "")
    return _GAP.sub(_gap, "".join(text)).replace(_MARK, ""), tuple(tags)


# Where an empty code (a line break, an image) stood. Between two words it becomes a space, so the
# checks and models read "First line second line", not "First linesecond line"; elsewhere nothing.
_MARK = "\x00"
_GAP = re.compile(r"(?<=\w)\x00+(?=\w)")


def _gap(match: re.Match[str]) -> str:
    return " "


def _walk(node: Any, spec: dict[str, str], text: list[str], tags: list[Tag]) -> None:
    name = local(node.tag)
    how = spec.get(name, "empty" if name else "skip")
    ident = _ident(node, name)
    shown = _AS.get(name, name)
    if how == "paired":
        tags.append(Tag(shown, ident, "open"))
    elif how in ("open", "close"):
        tags.append(Tag(shown, ident, how))
    elif how == "empty":
        tags.append(Tag(shown, ident, "empty"))
        text.append(_MARK)
    elif how == "codepoint":
        try:
            text.append(chr(int(node.get("hex", ""), 16)))
        except ValueError:
            pass
    if how in ("paired", "transparent"):
        text.append(node.text or "")
        for child in node:
            _walk(child, spec, text, tags)
            text.append(child.tail or "")
    if how == "paired":
        tags.append(Tag(shown, ident, "close"))


def _ident(node: Any, name: str) -> str:
    # The halves of a split pair share one id: XLIFF 1.2's rid (else id), XLIFF 2's startRef on <ec>.
    if name in ("bx", "ex", "bpt", "ept"):
        return str(node.get("rid") or node.get("id") or node.get("i") or "")
    if name == "ec":
        return str(node.get("startRef") or node.get("id") or "")
    return str(node.get("id") or node.get("x") or "")
