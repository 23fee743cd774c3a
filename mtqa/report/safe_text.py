"""User text made safe for where a report puts it: terminals, Markdown, spreadsheets.

Every string a report shows comes from the user (sentences, file names, column values, messages
quoting them). These helpers keep it visible and inert:

- `visible`: control characters and bidirectional-override characters become visible escapes
  (`\\x1b`, `\\u202e`), so an ANSI sequence cannot drive the terminal and a right-to-left override
  cannot reorder what a reviewer reads ("Trojan Source", CVE-2021-42574).
- `md_text` / `md_code`: Markdown that renders as the literal text (no links, images, HTML, emphasis
  or table breaks).
- `csv_cell`: a text cell a spreadsheet will not run as a formula (OWASP "CSV Injection").
"""

from __future__ import annotations

import math
import re

# Bidirectional formatting characters (Unicode TR9): embeddings, overrides, isolates, marks.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls and DEL; U+2028/U+2029 break lines in terminals and line-based readers.
_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))) + "\u2028\u2029"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_VISIBLE = {ord(ch): _escape(ch) for ch in _CONTROLS + BIDI}
_VISIBLE_KEEP_LAYOUT = {k: v for k, v in _VISIBLE.items() if k not in (0x09, 0x0A)}


def visible(text: str, *, keep_layout: bool = False) -> str:
    """`text` with control and bidi characters shown as escapes; `keep_layout` keeps tab and newline."""
    return text.translate(_VISIBLE_KEEP_LAYOUT if keep_layout else _VISIBLE)


# The ASCII punctuation that starts inline markup, backslash-escaped: emphasis (* _), code (`),
# links and images ([ ]), strikethrough (~), math ($ on GitHub), table cells (|), escapes (\\).
# < > & become entities instead (no HTML, no <autolinks>). Line-start markup (#, -, 1.) cannot
# occur: user text always follows other text on its line and its newlines are removed.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~$|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_text(text: str) -> str:
    """Inline Markdown (a table cell or a list item) that renders as exactly `text`, on one line."""
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return visible(text.replace("\r\n", "\n").replace("\n", " "))


def md_code(text: str) -> str:
    """A Markdown code span showing `text` literally (a file name): a fence longer than any run of
    backticks inside it, padded where the text starts or ends with a backtick or space."""
    text = visible(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# OWASP: a cell starting with one of these is a formula (or DDE payload) to Excel, LibreOffice and
# Google Sheets; tab and carriage return can hide it after a separator.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number is data, not a formula: "-0.5" and "+3" stay as they are (spreadsheets read them
# as numbers and run nothing).
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: object) -> object:
    """A text value that would start a formula gets a leading single quote (shown by spreadsheets
    as a text marker); a non-finite float is an empty cell, as it is null in JSON (pandas would
    write '-inf', which a spreadsheet reads as a formula); other values pass unchanged."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
