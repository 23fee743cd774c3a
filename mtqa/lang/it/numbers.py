"""Italian number words: cardinals, ordinals, ages, magnitudes, fractions, approximations.

Italian cardinals are written as one word ("duemilacinquecentoventitré") and are read by their
parts. `word_value(word)` gives (value, kind) for one word; mtqa.checks.numparse combines words into
numbers ("un milione e mezzo").
"""

from __future__ import annotations

import re
from functools import cache

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
MULTIPLIERS = {"mila": 1000, "milione": 10**6, "milioni": 10**6, "mln": 10**6, "miliardo": 10**9,
            "miliardi": 10**9, "mld": 10**9, "mldi": 10**9,
            "mecu": 10**6}  # million ECU, as EU texts of the 1990s write it ("24 MECU")
# Word -> (values, weak). Fractions and collective numerals; all weak (often not a count).
_IT_SPECIAL = {"mezzo": 0.5, "mezza": 0.5, "metà": 0.5, "dozzina": 12, "paio": 2, "doppio": 2,
               # Approximate numerals: "una cinquantina" = about fifty, "un centinaio" = about a hundred.
               "decina": 10, "quindicina": 15, "ventina": 20, "trentina": 30, "quarantina": 40,
               "cinquantina": 50, "sessantina": 60, "settantina": 70, "ottantina": 80, "novantina": 90,
               "centinaio": 100, "migliaio": 1000}
WEAK = frozenset({"un", "uno", "una", "sei", "venti", "primo", "prima", "primi", "prime",
                      "secondo", "seconda", "secondi", "seconde", "zero"})

# Words for a vague quantity ("centinaia di persone"): a number that must not be compared.
VAGUE = frozenset({"centinaia", "migliaia", "decine"})
# Magnitudes glued to digits ("20mila", "3mln").
GLUED_MULTIPLIERS = {"k": 1000, "mln": 10**6, "mld": 10**9, "mila": 1000}


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


def word_value(word: str) -> tuple[int | float | None, str]:
    """(value, kind) of one lower-case Italian word, kind in card, mult, ord, special, none."""
    lw = word
    if lw in MULTIPLIERS:
        return MULTIPLIERS[lw], "mult"
    if lw in _IT_SPECIAL:
        return _IT_SPECIAL[lw], "special"
    v = it_cardinal(lw)
    if v is not None:
        return v, "card"
    v = it_ordinal(lw)
    if v is not None:
        return v, "ord"
    v = it_age(lw)
    if v is not None:
        return v, "card"
    return None, "none"
