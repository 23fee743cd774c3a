"""Markdown and HTML documents read as the text a reader sees, line for line.

Markup is taken out line by line and every newline is kept, so a segment's line number still names
the line of the file. What is not prose for a reader is dropped: HTML comments, <script> and <style>
content, Markdown code fences, front matter, link targets, heading and list markers, emphasis marks.
Link and image text stays. Runs of spaces left behind are collapsed: whitespace carries no meaning
in either format, and the punctuation check would otherwise see doubled spaces that no reader sees.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")

_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^<>]*>", re.S)
_SPACES = re.compile(r"[ \t\u00a0]{2,}")

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|=+\s*)$")
_LEAD = re.compile(r"^\s{0,3}(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?")
_ATX_CLOSE = re.compile(r"\s+#+\s*$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def is_marked_up(path: str | os.PathLike[str]) -> bool:
    return Path(os.fspath(path)).suffix.lower() in MARKDOWN_SUFFIXES + HTML_SUFFIXES


def plain_document(text: str, path: str | os.PathLike[str]) -> str:
    """The reader's text of a Markdown or HTML document (other files unchanged), same line count."""
    suffix = Path(os.fspath(path)).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return plain_html(text)
    if suffix in MARKDOWN_SUFFIXES:
        return plain_markdown(text)
    return text


def plain_html(text: str) -> str:
    text = _HIDDEN.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = _TAG.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)
    return "\n".join(_tidy(html.unescape(line)) for line in text.split("\n"))


def plain_markdown(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    front_matter = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines):
        if front_matter:
            out.append("")
            if number > 0 and line.strip() in ("---", "..."):
                front_matter = False
            continue
        opened = _FENCE.match(line)
        if fence is not None or opened:
            out.append("")
            if opened and fence is None:
                fence = opened.group(1)
            elif opened and opened.group(1) == fence:
                fence = None
            continue
        if _RULE.match(line) or _LINK_DEF.match(line) or _TABLE_RULE.match(line):
            out.append("")
            continue
        line = _LEAD.sub("", line, count=1)
        line = _ATX_CLOSE.sub("", line)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _AUTOLINK.sub(r"\1", line)
        line = _CODE.sub(r"\1", line)
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        line = _TAG.sub(" ", line).replace("|", " ")
        out.append(_tidy(html.unescape(line)))
    return "\n".join(out)


def _tidy(line: str) -> str:
    return _SPACES.sub(" ", line).strip()
