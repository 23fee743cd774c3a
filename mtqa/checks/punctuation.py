"""Punctuation: unbalanced quotes and brackets, doubled spaces and punctuation, a lost final stop.

Each rule compares the target with its source, so a quotation that legitimately spans two
sentences (an opening quote with no closing one on both sides) does not flag: the target is
flagged only where it is unbalanced and the source is not. Single quotes are left alone: "’" is
also the apostrophe ("Amazon’s"). All findings are minor (MQM fluency/punctuation).

Double quotes are one kind whatever their shape: real text mixes them ("Sono qui”, «Ecofin"), so
only an odd number of double-quote marks is unbalanced. A lone double quote that opens the target
is the convention for a quotation running on into the next paragraph, and a straight quote typed
for an apostrophe ("Waters" office", "coup d"état") quotes nothing: neither flags.
"""

from __future__ import annotations

import re

from mtqa.checks._base import RuleScorer
from mtqa.types import Category, Pair, Severity, Signal

_PAIRS = (("(", ")"), ("[", "]"))
_DOUBLE_QUOTES = re.compile(r'["“”«»„]')
# a straight quote between letters, or after a plural -s before a lowercase word: a mistyped apostrophe
_APOSTROPHE_QUOTE = re.compile(r'(?<=[^\W\d_])"(?=[^\W\d_])|(?<=s)"(?= [a-z])')
_FINAL = re.compile(r"[.!?…]['\"”»’)\]]*\s*$")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_DOUBLE_PUNCT = re.compile(
    r"(?<![.])([,;:])\s*[,;:.]|(?<![.])\.[\"”»’]?\s*[,;]|(?<![.])\.\.(?![.])|([!?])\s*[.,]"
)
_SPACE_BEFORE = re.compile(r"(?<=\w) +[,.;:!?](?!\d)(?!\.\.)")  # not an ellipsis: "COUNTING ... the day"


def _unbalanced(text: str) -> list[tuple[str, int]]:
    """(what, position) for each bracket/quote pair that does not balance in `text`."""
    out = []
    for op, cl in _PAIRS:
        if text.count(op) != text.count(cl):
            pos = text.rfind(op) if text.count(op) > text.count(cl) else text.rfind(cl)
            out.append((op + cl, pos))
    quotes = [m.start() for m in _DOUBLE_QUOTES.finditer(text) if not _APOSTROPHE_QUOTE.match(text, m.start())]
    if len(quotes) % 2 and not (len(quotes) == 1 and quotes[0] == len(text) - len(text.lstrip())):
        out.append(('""', quotes[-1]))
    return out


class PunctuationScorer(RuleScorer):
    name = "punctuation"
    version = "2"

    def check(self, pair: Pair) -> list[Signal]:
        src, tgt = pair.source, pair.target
        out: list[Signal] = []
        src_unbalanced = {w for w, _ in _unbalanced(src)}
        for what, pos in _unbalanced(tgt):
            if what in src_unbalanced:
                continue
            kind = "brackets" if what in ("()", "[]") else "quotation marks"
            out.append(self._signal("PUN001", f"unbalanced {kind} {what} in the target; the source is balanced",
                                    (max(0, pos), max(0, pos) + 1)))
        for m in _DOUBLE_SPACE.finditer(tgt):
            if not _DOUBLE_SPACE.search(src):
                out.append(self._signal("PUN002", "doubled space in the target", (m.start(), m.end())))
                break
        for m in _DOUBLE_PUNCT.finditer(tgt):
            if not _DOUBLE_PUNCT.search(src):
                out.append(self._signal("PUN003", f"doubled punctuation {m.group(0).strip()!r} in the target",
                                        (m.start(), m.end())))
                break
        for m in _SPACE_BEFORE.finditer(tgt):
            if not _SPACE_BEFORE.search(src):
                out.append(self._signal("PUN004", f"space before {m.group(0).strip()!r} in the target",
                                        (m.start(), m.end())))
                break
        if _FINAL.search(src) and not _FINAL.search(tgt) and not tgt.rstrip().endswith((":", ";", "—")):
            end = len(tgt.rstrip())
            out.append(self._signal("PUN005", "the source ends with a full stop but the target does not",
                                    (max(0, end - 1), end)))
        return out

    def _signal(self, code: str, message: str, span: tuple[int, int]) -> Signal:
        return Signal(code=code, category=Category.PUNCTUATION, message=message, scorer=self.name,
                      target_span=span, source_span=None, severity_hint=Severity.MINOR)
