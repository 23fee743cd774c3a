"""English number words: cardinals, ordinals, decades, magnitudes, fractions.

English compound cardinals are hyphenated ("twenty-three"). `word_value(word)` gives (value, kind)
for one word; mtqa.checks.numparse combines words into numbers ("two hundred and fifty thousand").
"""

from __future__ import annotations

from functools import cache

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}
_EN_ORD = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "hundredth": 100,
    "thousandth": 1000,
}
MULTIPLIERS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12, "quadrillion": 10**15,
            "bn": 10**9, "mn": 10**6, "tn": 10**12,
            "mecu": 10**6}  # million ECU, as EU texts of the 1990s write it ("24 MECU")
_EN_SPECIAL = {"half": 0.5, "dozen": 12, "couple": 2, "double": 2, "twice": 2, "once": 1,
               "quarter": 0.25, "quarters": 0.25, "thirds": 3, "fifths": 5}
WEAK = frozenset({"one", "first", "second", "seconds", "zero"})
_EN_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
               "seventies": 70, "eighties": 80, "nineties": 90}
# Words for a vague quantity ("hundreds of people"): a number that must not be compared.
VAGUE = frozenset({"hundreds", "thousands", "millions", "billions", "dozens", "tens"})
# Magnitudes glued to digits ("3bn", "5m", "10k").
GLUED_MULTIPLIERS = {"k": 1000, "m": 10**6, "bn": 10**9, "tn": 10**12, "mn": 10**6}


@cache
def en_cardinal(word: str) -> int | None:
    w = word.lower()
    if w in _EN_UNITS:
        return _EN_UNITS[w]
    if "-" in w:
        head, _, tail = w.partition("-")
        h, t = _EN_UNITS.get(head), _EN_UNITS.get(tail)
        if h and t and h >= 20 and h % 10 == 0 and t < 10:
            return h + t
    return None


@cache
def en_ordinal(word: str) -> int | None:
    w = word.lower()
    if w in _EN_ORD:
        return _EN_ORD[w]
    if "-" in w:
        head, _, tail = w.partition("-")
        h, t = _EN_UNITS.get(head), en_ordinal(tail)
        # "twenty-third"; not "one-third", a fraction (its head counts, see word_value)
        return h + t if h and t and t < 10 and h >= 20 and h % 10 == 0 else None
    if w.endswith("ieth"):
        return _EN_UNITS.get(w[:-4] + "y")
    if w.endswith("th"):
        return _EN_UNITS.get(w[:-2])
    return None


def word_value(word: str) -> tuple[int | float | None, str]:
    """(value, kind) of one lower-case English word, kind in card, mult, ord, special, decade, none."""
    lw = word
    if lw in MULTIPLIERS:
        return MULTIPLIERS[lw], "mult"
    if lw in _EN_SPECIAL:
        return _EN_SPECIAL[lw], "special"
    if lw in _EN_DECADES:
        return _EN_DECADES[lw], "decade"
    v = en_cardinal(lw)
    if v is not None:
        return v, "card"
    v = en_ordinal(lw)
    if v is not None:
        return v, "ord"
    if "-" in lw:  # "seven-month", "three-year-old", "twenty-five-fold"
        parts = lw.split("-")
        v = en_cardinal("-".join(parts[:2])) if len(parts) > 2 else None
        if v is not None:
            return v, "card"
        head = parts[0]
        v = en_cardinal(head) or en_ordinal(head)
        if v is not None:
            return v, "card"
    return None, "none"
