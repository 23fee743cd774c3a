"""Italian stems and singular/plural groups for the term-consistency check."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtqa.lang.words import fold


def stem(word: str) -> str:
    """A light Italian stem for renderings (English->Italian): facciale/facciali, tasso/tassi."""
    w = fold(word)
    return w if "-" in w or len(w) < 5 or w[-1] not in "aeiou" else w[:-1]


# Italian number inflection: borsa/borse, tasso/tassi, fase/fasi, facciale/facciali. Gender pairs
# (nuovo/nuova) are not joined: porta/porto and corso/corsa are different words.
_NUMBER_PAIRS = frozenset({("a", "e"), ("o", "i"), ("e", "i")})


def same_lemma(a: str, b: str) -> bool:
    """Singular and plural of one Italian noun or adjective (folded forms)."""
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 4 or a[:-1] != b[:-1]:
        return False
    return (a[-1], b[-1]) in _NUMBER_PAIRS or (b[-1], a[-1]) in _NUMBER_PAIRS


def group_forms(forms: Sequence[str]) -> dict[str, str]:
    """form -> one representative form of its group (joined by `same_lemma`)."""
    root = {f: f for f in forms}

    def find(f: str) -> str:
        while root[f] != f:
            root[f] = root[root[f]]
            f = root[f]
        return f

    by_stem: dict[str, list[str]] = {}
    for f in sorted(set(forms)):
        by_stem.setdefault(f[:-1], []).append(f)
    for group in by_stem.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if same_lemma(a, b):
                    root[find(a)] = find(b)
    return {f: find(f) for f in forms}


# Prepositions and articles of a glossary term match their articulated and elided forms.
_IT_PREP = {
    "di": "di|d|del|dello|della|dei|degli|delle|dell",
    "a": "a|ad|al|allo|alla|ai|agli|alle|all",
    "da": "da|dal|dallo|dalla|dai|dagli|dalle|dall",
    "in": "in|nel|nello|nella|nei|negli|nelle|nell",
    "su": "su|sul|sullo|sulla|sui|sugli|sulle|sull",
    "con": "con|col|coi",
    "per": "per",
    "tra": "tra|fra",
    "fra": "tra|fra",
}
_IT_ARTICLES = "il|lo|la|l|i|gli|le|un|uno|una"
for _k in list(_IT_PREP):
    for _form in _IT_PREP[_k].split("|"):
        _IT_PREP.setdefault(_form, _IT_PREP[_k])
for _a in _IT_ARTICLES.split("|"):
    _IT_PREP.setdefault(_a, _IT_ARTICLES)


def inflections(word: str) -> str:
    """Regex for one folded word of a glossary term with its inflections: number and gender
    endings, verb endings after an infinitive's stem, articulated prepositions."""
    w = word
    if w in _IT_PREP:
        return f"(?:{_IT_PREP[w]})"
    if len(w) > 5 and w.endswith(("are", "ere", "ire")):
        return re.escape(w[:-3]) + r"\w{0,7}"
    if w.endswith("zione") or w.endswith("zioni"):
        return re.escape(w[:-1]) + "[ei]"
    if w.endswith(("cia", "gia")) and len(w) > 4:
        return re.escape(w[:-2]) + "(?:ia|ie|e)"
    if w.endswith("io") and len(w) > 3:
        return re.escape(w[:-1]) + "o?"  # negozio / negozi
    if w[-1:] in "aeio" and len(w) > 2:
        base = w[:-1]
        if base.endswith(("c", "g")):
            return re.escape(base) + "h?[aeio]"
        return re.escape(base) + "[aeio]"
    return re.escape(w) + "s?"
