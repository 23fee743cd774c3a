"""Number words of the text's language, read through its `mtqa.lang` folder (`<code>/numbers.py`).

`word_value(word, lang)` gives (value, kind) for one word; numparse combines words into numbers.
Vague quantities ("centinaia", "hundreds") and magnitudes glued to digits ("3bn", "20mila") are
recognised in every supported language's form, whatever the text's language: news copy mixes them.
"""

from __future__ import annotations

from functools import cache

from mtqa import lang as languages


@cache
def _vague() -> frozenset[str]:
    return frozenset().union(*(languages.get(c).vague_number_words for c in languages.codes()))


@cache
def glued_multipliers() -> dict[str, int]:
    """Magnitude suffixes glued to digits in any supported language ("3bn", "20mila", "5k")."""
    out: dict[str, int] = {}
    for code in languages.codes():
        out.update(languages.get(code).glued_multipliers)
    return out


def word_value(word: str, lang: str) -> tuple[int | float | None, str]:
    """(value, kind) with kind in card, mult, ord, special, decade, vague, none."""
    lw = word.lower()
    known = languages.get(lang)
    if lw in known.multipliers:
        return known.multipliers[lw], "mult"
    if lw in _vague():
        return None, "vague"
    return known.number_word(lw)


def is_weak_word(word: str, lang: str) -> bool:
    return word.lower() in languages.get(lang).weak_number_words
