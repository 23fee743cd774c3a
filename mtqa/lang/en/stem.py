"""English stems for the term-consistency check: renderings that share a stem are one rendering."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtqa.lang.words import fold

_EN_SUFFIXES = (
    "ations", "ation", "ically", "ially", "ings", "ing", "ials", "ial", "ally", "ies", "ied", "ers", "er",
    "ed", "es", "al", "ly", "s", "e", "y",
)


def stem(word: str) -> str:
    """A light English stem: facial/face -> fac, used/using/use -> us. A hyphenated compound is kept
    whole: "face-to-face" is not a form of "face"."""
    w = fold(word)
    if "-" in w:
        return w
    for suffix in _EN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            return w[: -len(suffix)]
    return w


def group_forms(forms: Sequence[str]) -> dict[str, str]:
    """form -> its group: its stem."""
    return {f: stem(f) for f in forms}


def inflections(word: str) -> str:
    """Regex for one folded word of a glossary term with its inflections: plural, past, -ing, 's."""
    w = word
    if len(w) > 3 and w.endswith("y") and w[-2] not in "aeiou":
        return re.escape(w[:-1]) + "(?:y|ies|ied)"
    if w.endswith(("s", "x", "ch", "sh")):
        return re.escape(w) + "(?:es)?"
    if w.endswith("e"):
        return re.escape(w) + r"(?:s|d|'s|’s)?|" + re.escape(w[:-1]) + "ing"
    return re.escape(w) + r"(?:s|es|ed|ing|'s|’s)?"
