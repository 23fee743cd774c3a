"""Number words in Italian and English: cardinals, ordinals, magnitudes, fractions, approximations.

`word_value(word, lang)` gives (value, kind) for one word; numparse combines words into numbers
("two hundred and fifty thousand", "un milione e mezzo"). Italian cardinals are written as one
word ("duemilacinquecentoventitré") and are parsed by their parts; English ones are hyphenated.
"""

from __future__ import annotations

import re
from functools import cache

# --- number words -----------------------------------------------------------------------------

_IT_UNITS = {
    "zero": 0, "uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "tré": 3, "quattro": 4, "cinque": 5,
    "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12,
    "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
    "diciotto": 18, "diciannove": 19,
}
_IT_TENS = {
    "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70,
    "ottanta": 80, "novanta": 90,
}
_IT_ORD = {
    "primo": 1, "secondo": 2, "terzo": 3, "quarto": 4, "quinto": 5, "sesto": 6, "settimo": 7,
    "ottavo": 8, "nono": 9, "decimo": 10,
}
IT_MULT = {"mila": 1000, "milione": 10**6, "milioni": 10**6, "mln": 10**6, "miliardo": 10**9,
            "miliardi": 10**9, "mld": 10**9, "mldi": 10**9}
# Word -> (values, weak). Fractions and collective numerals; all weak (often not a count).
_IT_SPECIAL = {"mezzo": 0.5, "mezza": 0.5, "metà": 0.5, "dozzina": 12, "paio": 2, "doppio": 2,
               # Approximate numerals: "una cinquantina" = about fifty, "un centinaio" = about a hundred.
               "decina": 10, "quindicina": 15, "ventina": 20, "trentina": 30, "quarantina": 40,
               "cinquantina": 50, "sessantina": 60, "settantina": 70, "ottantina": 80, "novantina": 90,
               "centinaio": 100, "migliaio": 1000}
_IT_WEAK = frozenset({"un", "uno", "una", "sei", "venti", "primo", "prima", "primi", "prime",
                      "secondo", "seconda", "secondi", "seconde", "zero"})

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
EN_MULT = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12, "quadrillion": 10**15,
            "bn": 10**9, "mn": 10**6, "tn": 10**12}
_EN_SPECIAL = {"half": 0.5, "dozen": 12, "couple": 2, "double": 2, "twice": 2, "once": 1,
               "quarter": 0.25, "quarters": 0.25, "thirds": 3, "fifths": 5}
_EN_WEAK = frozenset({"one", "first", "second", "seconds", "zero"})
_EN_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
               "seventies": 70, "eighties": 80, "nineties": 90}
GLUED_MULT = {"k": 1000, "m": 10**6, "bn": 10**9, "mln": 10**6, "mld": 10**9, "mila": 1000,
               "tn": 10**12, "mn": 10**6}
_VAGUE = frozenset({"centinaia", "migliaia", "decine", "hundreds", "thousands", "millions",
                    "billions", "dozens", "tens"})

@cache
def it_cardinal(word: str) -> int | None:
    """Value of an Italian cardinal written as one word ('ventitré', 'duemilacinquecento')."""
    w = word.lower()
    if not w:
        return None
    if w in _IT_UNITS:
        return _IT_UNITS[w]
    for stem, value in _IT_TENS.items():
        for form in (stem, stem[:-1]):  # 'ventuno', 'trentotto' drop the final vowel
            if w.startswith(form):
                rest = w[len(form):]
                if not rest:
                    return value if form == stem else None
                unit = _IT_UNITS.get(rest) if rest not in ("un", "una", "zero") else None
                if rest in ("uno", "tre", "tré", "otto") or (unit and unit < 10 and form == stem):
                    return value + (unit or 0)
    if w.startswith("mille"):
        rest = w[5:]
        return 1000 + (it_cardinal(rest) or 0) if not rest or it_cardinal(rest) else None
    if "mila" in w:
        head, _, rest = w.partition("mila")
        h = it_cardinal(head)
        if h and h > 1 and (not rest or it_cardinal(rest)):
            return h * 1000 + (it_cardinal(rest) or 0)
    if "cent" in w:
        head, _, rest = w.partition("cent")
        h = 1 if not head else _IT_UNITS.get(head)
        if h and h < 10:
            if rest in ("o", ""):
                return h * 100
            tail = rest[1:] if rest.startswith("o") else rest
            t = it_cardinal(tail) or it_cardinal("o" + tail)
            if t and t < 100:
                return h * 100 + t
    return None


@cache
def it_age(word: str) -> int | None:
    """An age noun or adjective: 'tredicenne' (13-year-old), 'ventunenne', 'trentenne', 'diciottenni'."""
    m = re.fullmatch(r"(.+)enn[ei]", word.lower())
    if m is None:
        return None
    for tail in ("", "i", "o", "e", "a"):
        v = it_cardinal(m.group(1) + tail)
        if v is not None and 10 <= v < 120:
            return v
    return None


@cache
def it_ordinal(word: str) -> int | None:
    w = word.lower()
    base = w[:-1] + "o" if w[-1:] in "aie" else w
    if base in _IT_ORD:
        return _IT_ORD[base]
    if w.startswith("centesim"):
        return None  # "due centesimi" are two cents, not the hundredth
    m = re.fullmatch(r"(.+)esim[oaie]", w)
    if m:
        stem = m.group(1)
        for tail in ("", "i", "e", "a", "o", "é"):
            v = it_cardinal(stem + tail)
            if v:
                return v
    return None


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
        return h + t if h and t and t < 10 else None
    if w.endswith("ieth"):
        return _EN_UNITS.get(w[:-4] + "y")
    if w.endswith("th"):
        return _EN_UNITS.get(w[:-2])
    return None


def word_value(word: str, lang: str) -> tuple[int | float | None, str]:
    """(value, kind) with kind in card, mult, ord, special, decade, vague, none."""
    lw = word.lower()
    if lang == "it":
        if lw in IT_MULT:
            return IT_MULT[lw], "mult"
        if lw in _IT_SPECIAL:
            return _IT_SPECIAL[lw], "special"
        if lw in _VAGUE:
            return None, "vague"
        v = it_cardinal(lw)
        if v is not None:
            return v, "card"
        v = it_ordinal(lw)
        if v is not None:
            return v, "ord"
        v = it_age(lw)
        if v is not None:
            return v, "card"
    else:
        if lw in EN_MULT:
            return EN_MULT[lw], "mult"
        if lw in _EN_SPECIAL:
            return _EN_SPECIAL[lw], "special"
        if lw in _EN_DECADES:
            return _EN_DECADES[lw], "decade"
        if lw in _VAGUE:
            return None, "vague"
        v = en_cardinal(lw)
        if v is not None:
            return v, "card"
        v = en_ordinal(lw)
        if v is not None:
            return v, "ord"
        if "-" in lw:  # "seven-month", "three-year-old"
            head = lw.split("-")[0]
            v = en_cardinal(head) or en_ordinal(head)
            if v is not None:
                return v, "card"
    return None, "none"


def is_weak_word(word: str, lang: str) -> bool:
    return word.lower() in (_IT_WEAK if lang == "it" else _EN_WEAK)
