"""Sentence splitting for Italian and English.

Rule-based and deterministic: a boundary is sentence-final punctuation (. ! ? … and runs of them),
optionally followed by closing quotes or brackets, then white space, then something that can start a
sentence (an upper-case letter, a digit, an opening quote or bracket). The period cases that do not
end a sentence are the hard part: abbreviations (per language), initials, decimals and thousands
(no space follows, so they never qualify), ellipses before lower case, and list numbers.
Line breaks are boundaries too (headings, bylines and datelines have no final period), except inside
a hard-wrapped paragraph, where a line that does not end a sentence continues on the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa import lang as languages

# Titles that appear in text of either language ("Dr. Rossi" in an Italian article); each language's
# own abbreviations and sentence starters are in its `mtqa.lang` folder.
_SHARED_TITLES = frozenset("dr prof mr mrs ms st".split())

_FINAL = ".!?…"
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{¿¡"

# A candidate boundary: final punctuation run, optional closers, then white space.
_BOUNDARY = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_WORD_BEFORE = re.compile(r"([\w'’.\-]+)$")
_ROMAN_OR_NUMBER = re.compile(r"^(?:\d{1,3}|[ivxlcIVXLC]{1,4}|[a-zA-Z])$")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split `text` into sentences; returns the sentence strings, stripped."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of the sentences of `text` (white space trimmed)."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _line_blocks(text, _is_hard_wrapped(text)):
        start = block_start
        for cut in _boundaries(text, block_start, block_end, lang):
            spans.append((start, cut))
            start = cut
        spans.append((start, block_end))
    return [t for t in (_trim(text, s, e) for s, e in spans) if t is not None]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _is_hard_wrapped(text: str) -> bool:
    """A document is hard-wrapped when most of its long lines stop mid-sentence. Deciding this per
    document keeps a heading followed by a lower-case byline ("di Chiara Rossi") apart in
    ordinary one-paragraph-per-line files, while 72-column files still join their lines."""
    long_lines = [ln.rstrip() for ln in text.split("\n") if len(ln.strip()) > 40]
    if len(long_lines) < 3:
        return False
    open_ended = sum(1 for ln in long_lines if ln[-1] not in _FINAL + _CLOSERS + ":;")
    return open_ended / len(long_lines) >= 0.6


def _line_blocks(text: str, hard_wrapped: bool) -> Iterator[tuple[int, int]]:
    """Yield spans of logical lines. In a hard-wrapped document a line that does not end a
    sentence and is followed by a line starting in lower case continues on that line."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    block: tuple[int, int] | None = None
    for start, end in lines:
        content = text[start:end].strip()
        if not content:
            if block:
                yield block
            block = None
            continue
        if block is None:
            block = (start, end)
            continue
        prev = text[block[0] : block[1]].rstrip()
        if hard_wrapped and prev and prev[-1] not in _FINAL + _CLOSERS + ":" and content[0].islower():
            block = (block[0], end)
        else:
            yield block
            block = (start, end)
    if block:
        yield block


def _boundaries(text: str, start: int, end: int, lang: str) -> Iterator[int]:
    segment_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end(2)
        after = match.end(3)
        if after >= end:
            break
        if _is_boundary(text, segment_start, match.start(1), match.group(1), after, end, lang):
            yield cut
            segment_start = cut


def _is_boundary(text: str, seg_start: int, punct_at: int, punct: str, after: int, end: int, lang: str) -> bool:
    nxt = text[after]
    next_word = _next_word(text, after, end)
    if nxt.islower():
        return False
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "-–—•*"):
        return False
    if punct in ("!", "?", "?!", "!?", "!!", "??") or set(punct) <= set("!?"):
        return True
    if punct.startswith("..") or punct == "…":
        return True
    if punct != ".":
        return True
    before = _WORD_BEFORE.search(text, seg_start, punct_at)
    if before is None:
        return True
    word = re.split(r"['’]", before.group(1))[-1]  # "l'art." -> "art."
    bare = word.rstrip(".").lower()
    # "1. Primo punto": a list number or letter alone at the start of a segment.
    if before.start() == seg_start and _ROMAN_OR_NUMBER.match(word.rstrip(".")):
        return False
    # Initials: "J. K. Rowling", "Nathan F. Wessler", and dotted acronyms inside names.
    if len(bare) == 1 and word[0].isupper():
        return False
    known = languages.get(lang) if lang in languages.codes() else None
    starters = known.sentence_starters if known else frozenset()
    if bare in (known.abbreviations if known else ()) or bare in _SHARED_TITLES:
        return False
    if bare in (known.ambiguous_abbreviations if known else ()):
        return next_word.lower() in starters
    # Dotted abbreviations not in the tables ("a.C.", "S.p.A.") end a sentence only before a starter.
    if "." in bare:
        return next_word.lower() in starters or not next_word[:1].isalpha()
    return True


def _next_word(text: str, pos: int, end: int) -> str:
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    m = re.match(r"[\w'’]+", text[pos:end])
    return m.group(0) if m else ""
