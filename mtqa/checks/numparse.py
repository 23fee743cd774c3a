"""Numbers as values, in Italian and English: digits in either convention, number words, magnitudes.

`mentions(text, lang)` reads every number in a sentence into a `NumberMention` holding the set of
values it can mean, so that reformatted but equal numbers compare equal: "1.200,5" (it) and
"1,200.5" (en), "18,7 per cento" and "18.7 percent", "3 miliardi" and "3bn", "duemila" and
"two thousand", "alle 15" and "at 3 p.m.", "anni Novanta" and "the 1990s", "le due e mezza" and
"2:30", "6-foot-6" (6.5 feet, which "198 cm" converts to). A magnitude or "p.m." written once after a
range also applies to its first number ("10-12 mila", "6-8 p.m.").

A mention is *weak* when the word is as often not a number at all ("un"/"one" are articles, "sei"
is also "you are", "secondo" is also "according to", "venti" also "winds"): weak mentions may
satisfy a match on the other side but never raise a finding on their own.
Values are `Decimal`s so that 2,3 * 10^9 equals 2,300,000,000 exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from mtqa.checks._base import is_initial

from mtqa.checks.numwords import glued_multipliers, is_weak_word, word_value
from mtqa.lang import get as language

D = Decimal

# Digits: grouped thousands first (1.200.000,5 / 1,200,000.5), then plain (18,7 / 15.30 / 2021).
# Thousands grouped by a space, a no-break or thin space, or an apostrophe ("12 500", "12 500",
# "12'500": the SI style of Europarl and Swiss usage) are read first, as one number.
_SPACED = r"(?<![\d.,])\d{1,3}(?:(?:[ \u00a0\u202f\u2009]|['’](?=\d{3}))\d{3})+(?![\d'’]|[.,]\d)"
_SPACE_GROUP = re.compile(r"(?<=\d)(?:[ \u00a0\u202f\u2009'’])(?=\d{3})")
_TOKEN = re.compile(
    r"(?P<num>" + _SPACED + r"|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,:]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
    r"|(?P<sym>[%€$£¥°ºª'’])"
)
_NUMERIC_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])")
_IT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_AMPM = re.compile(r"\s*([ap])\.?\s?m\b\.?", re.I)
# A height in feet and inches, one quantity: "6-foot-6", "6 feet 6 inches", "6 ft 6 in", "6'6\"",
# "6 piedi e 6 pollici". Read as feet (6.5), so that "198 cm" converts to it.
# Words before a dotted reference number ("Article 5.1", "Rule 11.2").
_REFERENCE_BEFORE = re.compile(
    r"\b(?:articles?|articol[oi]|rules?|paragraphs?|paragraf[oi]|sections?|point|points|annex|chapter)\s+$", re.I)
_FEET_INCHES = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:\s*|-)(?:foot|feet|ft\.?|piedi|['’′])(?:\s*|-|\s+e\s+)(\d{1,2})(?!\d|[.,]\d)"
    r"(?:(?:\s*|-)(?:inches|inch|in\b\.?|pollici|[\"”″]|''))?", re.I)
# Words and marks that join the two ends of a range or a pair of alternatives, so that a magnitude,
# "p.m." or a unit written once after the second number also applies to the first: "10-12 mila",
# "tra i cinque e i venticinque miliardi", "6-8 p.m.", "5 or 6 million".
RANGE_JOIN = re.compile(
    r"\s*(?:[-–—/]|\.\.\.|,|(?<=\s)(?:e|ed|o|od|a|al|fino\s+a|and|or|to|through)(?=\s))\s*"
    r"(?:(?:i|gli|le|il|the)\s+)?", re.I)


@dataclass(frozen=True)
class NumberMention:
    text: str
    start: int
    end: int
    values: frozenset[Decimal]
    weak: bool = False
    foreign: frozenset[Decimal] = frozenset()
    """Values under the *other* language's convention (an English "1.200" read the Italian way)."""
    currency: str | None = None
    in_date: bool = False
    unit: str | None = None
    """Canonical unit right after the number ("km", "%", "pp", "degree"), None when there is none."""
    magnitude: Decimal | None = None
    """The magnitude word or suffix the number was multiplied by ("3 miliardi": 10^9)."""
    pm: bool = False
    """An English clock time after noon ("6 p.m."): its values include the 24-hour reading."""


_CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "dollari": "USD", "dollaro": "USD",
    "dollars": "USD", "dollar": "USD", "usd": "USD", "sterline": "GBP", "sterlina": "GBP",
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "gbp": "GBP", "franchi": "CHF",
    "francs": "CHF", "franc": "CHF", "chf": "CHF", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
}
_CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_PERCENT_WORDS = ("per cento", "percento", "percent", "per cent", "pc")
_TIME_WORDS_IT = frozenset({"alle", "ore", "dalle", "entro", "le", "verso"})
_AFTERNOON_IT = re.compile(r"\s+(?:del|di)\s+(?:pomeriggio|sera)\b", re.I)
_ROMAN = re.compile(r"^(?=[MDCLXVI]{2,}$)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def parse_digits(text: str, lang: str) -> tuple[frozenset[Decimal], frozenset[Decimal]]:
    """Values of a digit string under `lang`'s convention, and under the other one if different."""
    if _SPACE_GROUP.search(text):
        return frozenset({D(_SPACE_GROUP.sub("", text))}), frozenset()
    own = _read_digits(text, decimal_comma=(lang == "it"))
    # The other convention only where the form is that convention's thousands grouping (English
    # "1.200") or unreadable in this one (English "1,5"); "20,000" in English is never 20.
    grouped = _IT_GROUPED if lang != "it" else _EN_GROUPED
    if own and not grouped.fullmatch(text):
        return own, frozenset()
    other = _read_digits(text, decimal_comma=(lang != "it"))
    return own, (other - own)


def _read_digits(text: str, *, decimal_comma: bool) -> frozenset[Decimal]:
    if ":" in text:
        h, _, m = text.partition(":")
        return frozenset({D(h) + D(m) / 100}) if len(m) == 2 and int(m) < 60 else frozenset({D(h), D(m)})
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    t = text
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(thousands) + r"\d{3})+(?:" + re.escape(decimal) + r"\d+)?", t):
        t = t.replace(thousands, "")
    if decimal_comma and re.fullmatch(r"\d+\.\d+", t):
        t = t.replace(".", ",")  # Italian times and sloppy decimals: "alle 15.30", "1.5"
    if thousands in t or t.count(decimal) > 1:
        return frozenset()
    t = t.replace(decimal, ".")
    try:
        return frozenset({D(t)})
    except InvalidOperation:
        return frozenset()


def mentions(text: str, lang: str) -> list[NumberMention]:
    """Every number in `text` (a sentence in `lang`), in order."""
    toks = [(m.lastgroup or "", m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[NumberMention] = []
    date_spans: list[tuple[int, int]] = []
    for m in _NUMERIC_DATE.finditer(text):
        date_spans.append((m.start(), m.end()))
        for g in (1, 3, 4):
            v = D(m.group(g))
            vals = {v} | ({v + 2000, v + 1900} if g == 4 and len(m.group(4)) == 2 else set())
            out.append(NumberMention(m.group(g), m.start(g), m.end(g), frozenset(vals), in_date=True))
    for m in _FEET_INCHES.finditer(text):
        if int(m.group(2)) >= 12 or any(s <= m.start() < e for s, e in date_spans):
            continue
        date_spans.append((m.start(), m.end()))  # its digits are read here, not again below
        feet = D(m.group(1)) + (D(m.group(2)) / 12).quantize(D("0.0001"))
        out.append(NumberMention(m.group(0).rstrip(), m.start(), m.start() + len(m.group(0).rstrip()),
                                 frozenset({feet}), unit="ft"))
    i = 0
    n = len(toks)
    while i < n:
        kind, tok, start, end = toks[i]
        if any(s <= start < e for s, e in date_spans):
            i += 1
            continue
        if kind == "word" and _ROMAN.match(tok):
            out.append(NumberMention(tok, start, end, frozenset({D(_roman(tok))}), weak=True))
            i += 1
            continue
        values: set[Decimal] = set()
        foreign: frozenset[Decimal] = frozenset()
        weak = False
        magnitude: Decimal | None = None
        metres = False
        j = i
        if kind == "num":
            own, foreign = parse_digits(tok, lang)
            if not own:
                i += 1
                continue
            values = set(own)
            # Digits glued to a letter before them are part of a code or a handle ("B7", "SS19",
            # "WR417H", "FUR14"), the code check's business: they may match, never raise a finding.
            weak = start > 0 and text[start - 1].isalpha()
            j = i + 1
            # A glued or following magnitude: "3 miliardi", "3bn", "20mila", "1,5 milioni".
            if j < n and toks[j][0] == "word":
                w = toks[j][1].lower()
                glued = toks[j][2] == end
                mult = language(lang).multipliers.get(w)
                if mult is None and glued:
                    mult = glued_multipliers().get(w)
                if mult is None and lang == "en" and w == "m" and not text[toks[j][3]:toks[j][3] + 1].isalnum():
                    mult = 10**6  # "EUR 380 m", "ECU 5 m": millions, in British and EU style (or metres)
                if mult is not None:
                    alt = {v for v in values} if w == "m" else set()  # 3m: metres?
                    metres = w == "m"
                    values = {v * mult for v in values} | alt
                    magnitude = D(mult)
                    foreign = frozenset(v * mult for v in foreign)
                    j += 1
                    # "250 milioni di miliardi" (= 250 quadrillion): magnitudes multiply.
                    if lang == "it" and j + 1 < n and toks[j][1].lower() == "di" and toks[j + 1][1].lower() in language(lang).multipliers:
                        m2 = language(lang).multipliers[toks[j + 1][1].lower()]
                        values = {v * m2 for v in values}
                        magnitude = D(mult) * m2
                        j += 2
                elif glued and w in ("st", "nd", "rd", "th", "s", "esimo", "esima", "esimi", "esime"):
                    if w == "s" and len(tok) in (2, 4):  # 1990s, 90s
                        v = D(tok)
                        values |= {v % 100 + 1900, v % 100} if len(tok) == 2 else {v, v % 100}
                    j += 1
            # "35 centesimi" (of a second, of a euro) are also 0.35; "3 decimi" 0.3.
            if lang == "it" and j < n and toks[j][1].lower() in ("centesimi", "centesimo", "decimi", "decimo"):
                div = 100 if toks[j][1].lower().startswith("cent") else 10
                values |= {v / div for v in values}
            # "1981-87", "1998 - 99": the second year of a range written with its last two digits.
            if (len(tok) == 2 and i > 0 and toks[i - 1][0] == "num" and len(toks[i - 1][1]) == 4
                    and text[toks[i - 1][3]:start].strip() in ("-", "–")):
                values.add(D(toks[i - 1][1][:2] + tok))
            # "Regulation 1628 / 96", "Directive 93 / 84 / EEC": the year of an EU act, written in
            # two digits after its number (the other language may write "del 1996").
            if (len(tok) == 2 and i > 0 and toks[i - 1][0] == "num"
                    and text[toks[i - 1][3]:start].strip() == "/"):
                values |= {D(tok) + 1900, D(tok) + 2000}
            # "Article 5.1" is article 5, paragraph 1 ("articolo 5, paragrafo 1"), not 5.1.
            if re.fullmatch(r"\d+\.\d+", tok) and _REFERENCE_BEFORE.search(text, 0, start):
                values |= {D(x) for x in tok.split(".")}
            # "'90s", "'21": apostrophe years and decades.
            if i > 0 and toks[i - 1][1] in ("'", "’") and toks[i - 1][3] == start and len(tok) == 2:
                v = D(tok)
                values |= {v + 1900, v + 2000}
        elif kind == "word":
            value, wkind = word_value(tok, lang)
            if (tok[:1].isupper() and not tok.isupper() and isinstance(value, int) and value < 20
                    and not is_initial(text, start)):
                i += 1
                continue  # a capitalised small number word inside a sentence is a name: "Otto", "Four Corners"
            if wkind == "none" and lang == "it" and text[end:end + 1] in ("'", "’"):
                # Elided before a vowel: "trent'anni", "vent'anni", "cent'anni".
                for tail in ("a", "i", "o"):
                    value, wkind = word_value(tok + tail, lang)
                    if wkind != "none":
                        break
            if wkind == "ord" and lang == "it" and re.match(r"\s+di\s+finale\b", text[end:], re.I):
                i += 1
                continue  # "quarti di finale" are the quarter-finals, "ottavi" the last sixteen
            if wkind in ("none", "vague", "mult"):
                # "a million", "un milione": the article is the number one.
                if wkind == "none" and tok.lower() in ("a", "an") and i + 1 < n and toks[i + 1][0] == "word":
                    nxt, nk = word_value(toks[i + 1][1], lang)
                    if nk == "mult" or (nxt == 100 and nk == "card") or toks[i + 1][1].lower() == "dozen":
                        value, wkind = 1, "card"
                    else:
                        i += 1
                        continue
                else:
                    i += 1
                    continue
            if wkind == "decade":
                values = {D(value), D(value) + 1900}  # type: ignore[arg-type]
                out.append(NumberMention(tok, start, end, frozenset(values)))
                i += 1
                continue
            weak = is_weak_word(tok, lang) or wkind == "special"
            total, current = D(0), D(str(value))
            clock: set[Decimal] | None = None
            j = i + 1
            # Combine a run of number words: "two hundred and fifty thousand", "un milione e mezzo".
            while j < n and toks[j][0] == "word":
                w = toks[j][1]
                v2, k2 = word_value(w, lang)
                if k2 == "mult" and v2 is not None:
                    current *= D(v2)
                    total, current = total + current, D(0)
                    magnitude = D(v2)
                    weak = False
                elif k2 == "card" and v2 == 100 and lang == "en":
                    current = (current or D(1)) * 100
                    weak = False
                elif k2 == "card" and v2 is not None and lang == "en" and v2 < 100 and (
                        current % 100 == 0 or (current % 10 == 0 and current % 100 >= 20 and v2 < 10)):
                    # "two hundred and fifty"; "twenty seven" and "Eighty - six" (a hyphen lost)
                    current += D(v2)
                    weak = False
                elif (lang == "en" and w.lower() == "and" and j + 3 < n and toks[j + 1][1].lower() == "a"
                      and toks[j + 2][1].lower() == "half" and word_value(toks[j + 3][1], lang)[1] == "mult"):
                    current += D("0.5")  # "one and a half million"
                    j += 3
                    continue
                elif (
                    w.lower() in ("and", "e", "a")
                    and j + 1 < n
                    and toks[j + 1][0] == "word"
                    and word_value(toks[j + 1][1], lang)[1] in ("card", "special", "mult")
                    and (total or current)
                ):
                    if lang == "it" and toks[j + 1][1].lower() in ("mezzo", "mezza") and total:
                        total += _half_of(total)
                        j += 2
                        continue
                    if lang == "it" and toks[j + 1][1].lower() in ("mezzo", "mezza") and current < 25:
                        # "le due e mezza" is half past two, written 2:30 (read 2.30); "due anni e
                        # mezzo" is 2.5: both readings.
                        clock = {current + D("0.5"), current + D("0.30")}
                        j += 2
                        break
                    if lang == "en" and w.lower() == "and" and word_value(toks[j + 1][1], lang)[1] == "card":
                        j += 1
                        continue
                    if w.lower() == "a" and toks[j + 1][1].lower() in language("en").multipliers:  # half a million
                        j += 1
                        continue
                    break
                else:
                    break
                j += 1
            values = {total + current} if clock is None else clock
            if lang == "en" and "-" in tok and j == i + 1 and wkind == "card":
                # A fraction "one-third", "two-fifths": Italian says "un terzo", "due quinti", read
                # as the head and the ordinal, so both count.
                tail_value, tail_kind = word_value(tok.rsplit("-", 1)[1], lang)
                if tail_kind in ("ord", "special") and tail_value is not None and tail_value >= 2:
                    values.add(D(str(tail_value)))
            if wkind == "ord" and lang == "it" and j < n and toks[j][1].lower() in ("centenario", "centenari"):
                values.add(D(str(value)) * 100)  # "l'ottavo centenario" is the 800th anniversary
            if wkind == "ord" and value == 4:
                values.add(D("0.25"))
            if wkind == "special" and tok.lower() in ("quarter", "quarters"):
                values.add(D(4))
            if lang == "it" and wkind == "card" and j == i + 1 and isinstance(value, int) and value in range(200, 1000, 100):
                # "il Novecento" is also the 1900s / the 20th century.
                values |= {D(value) + 1000, D(value) // 100 + 11}
        else:
            i += 1
            continue
        # Decades: "anni Novanta", "anni '90", "anni 90" -> 90 / 1990 / 2090-ish.
        if lang == "it" and i > 0 and toks[i - 1][1].lower() == "anni" or (
            lang == "it" and i > 1 and toks[i - 1][1] in ("'", "’") and toks[i - 2][1].lower() == "anni"
        ):
            values |= {v + 1900 for v in values if v < 100} | {v + 2000 for v in values if v < 30}
        span_end = toks[j - 1][3]
        currency = None
        # Percent: "%", "per cento", "percento", "percent", "per cent".
        rest = text[span_end:]
        pm = re.match(r"\s*(%|per\s+cento\b|percento\b|percent\b|per\s+cent\b)", rest, re.I)
        unit = None
        if pm:
            span_end += pm.end()
            unit = "%"
            while j < n and toks[j][2] < span_end:
                j += 1
        am = _AMPM.match(text, span_end)
        afternoon = False
        if am and lang == "en":
            if am.group(1).lower() == "p":
                values |= {v + 12 for v in values if v < 13}
                afternoon = True
            span_end = am.end()
            while j < n and toks[j][2] < span_end:
                j += 1
        if lang == "it" and _AFTERNOON_IT.match(text, span_end):
            values |= {v + 12 for v in values if v < 13}
        # Currency: a symbol just before, or a currency word within two words after.
        before = text[max(0, start - 4):start].rstrip()
        if before[-1:] in _CURRENCY_SYMBOLS:
            currency = _CURRENCY_SYMBOLS[before[-1]]
            if before.endswith(("US$", "USD")):
                currency = "USD"
        else:
            for k in range(j, min(j + 3, n)):
                ck = toks[k][1]
                if toks[k][0] == "sym" and toks[k][2] - span_end > 1:
                    break
                c = _CURRENCY_WORDS.get(ck.lower()) or _CURRENCY_SYMBOLS.get(ck)
                if c:
                    currency = c
                    break
                if ck.lower() not in ("di", "of", "in"):
                    break
        out.append(
            NumberMention(text[start:span_end], start, span_end, frozenset(values), weak, foreign, currency,
                          unit=unit or _unit_after(text, span_end) or ("m" if metres else None),
                          magnitude=magnitude, pm=afternoon)
        )
        i = max(j, i + 1)
    out.sort(key=lambda m: m.start)
    return _shared_suffixes(text, _stray_spaces(text, out, lang))


def _shared_suffixes(text: str, ms: list[NumberMention]) -> list[NumberMention]:
    """The first number of a range or pair takes the magnitude or "p.m." written once after the
    second ("10-12 mila" is 10,000 to 12,000; "tra i cinque e i venticinque miliardi"; "6-8 p.m."),
    as an alternative value: "3 e 4 milioni" may also be 3 and 4 million."""
    out = list(ms)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if a.magnitude is not None or a.pm or a.in_date or not RANGE_JOIN.fullmatch(text, a.end, b.start):
            continue
        extra: set[Decimal] = set()
        if b.magnitude is not None:
            extra |= {v * b.magnitude for v in a.values}
        elif re.search(r"\d[ .,\u00a0\u202f\u2009]000$", b.text) and all(v < 1000 for v in a.values):
            extra |= {v * 1000 for v in a.values}  # "25 - 50.000" is 25,000 to 50,000
        if b.pm:
            extra |= {v + 12 for v in a.values if v < 13}
        if extra:
            out[k] = replace(a, values=a.values | extra, magnitude=b.magnitude, pm=b.pm)
    return out


def _stray_spaces(text: str, ms: list[NumberMention], lang: str) -> list[NumberMention]:
    """A decimal comma or a thousands separator followed by a stray space, as tokenised corpora and
    hurried typists write them ("2, 8 percento", "47, 5 milioni", "700, 000 capi", "1, 613 billion"):
    one number, read every way ("47, 5" may also be 47 and 5), where the second part cannot be a
    number of its own (a zero-led group of three, "000") or carries the magnitude or unit."""
    out: list[NumberMention] = []
    k = 0
    while k < len(ms):
        a = ms[k]
        b = ms[k + 1] if k + 1 < len(ms) else None
        gap = text[a.end:b.start] if b is not None else ""
        if (b is not None and gap in (", ", ": ") and a.text.isdigit() and not b.in_date
                and (b.text[:1].isdigit()) and a.magnitude is None and a.unit is None):
            digits = re.match(r"\d+", b.text).group(0)  # type: ignore[union-attr]
            zero_group = len(digits) == 3 and digits.startswith("0")
            if gap == ": ":  # "alle 19: 05"
                if len(digits) == 2 and int(digits) < 60 and int(a.text) < 25:
                    out.append(replace(b, text=text[a.start:b.end], start=a.start,
                                       values=frozenset({D(a.text) + D(digits) / 100} | a.values | b.values)))
                    k += 2
                    continue
            elif zero_group or len(digits) == 3 or a.text == "0" or b.magnitude is not None or b.unit is not None:
                scale = b.magnitude or D(1)
                joined = {D(f"{a.text}.{digits}")} | ({D(a.text) * 1000 + D(digits)} if len(digits) == 3 else set())
                values = {v * scale for v in joined} | {v * scale for v in a.values} | (set() if zero_group else set(b.values))
                out.append(replace(b, text=text[a.start:b.end], start=a.start, values=frozenset(values)))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


# Units written after a number, by canonical name. Abbreviations need the number right before them.
_UNITS = {
    # Speeds before the lengths they start with: "138 km/h", "85 mph".
    "kmh": r"km\s*/\s*h|km\s*/\s*ora|km\s*/\s*hr|kmh|kph|km\s+orari|km\s+(?:al|all|l)['’]\s*ora|chilometri\s+orari"
           r"|chilometri\s+(?:al|all|l)['’]\s*ora|(?:km|kilometres|kilometers)\s+(?:per|an|a)\s+hour",
    "mph": r"mph|miles\s+(?:per|an|a)\s+hour|miglia\s+orarie|miglia\s+(?:al|all|l)['’]\s*ora",
    "pp": r"punti\s+percentuali|percentage\s+points?|punti\s+di\s+percentuale",
    "bp": r"punti\s+base|basis\s+points?|bps?",
    "km": r"km|chilometri|chilometro|kilometres?|kilometers?",
    "mi": r"miles?|miglia|miglio",
    "m": r"m|metri|metro|metres?|meters?",
    "cm": r"cm|centimetri|centimetro|centimetres?|centimeters?",
    "mm": r"mm|millimetri|millimetro|millimetres?|millimeters?",
    "ft": r"ft|feet|foot|piedi",
    "in": r"inch(?:es)?|pollici|pollice",
    "yd": r"yards?|yd|iarde|iarda",
    "kg": r"kg|chili|chilo|chilogrammi|chilogrammo|kilos?|kilograms?|kilogrammes?",
    "g": r"g|grammi|grammo|grams?|grammes?",
    "t": r"tonnellate|tonnellata|tonnes?|tons?",
    "l": r"litri|litro|litres?|liters?",
    "degree": r"gradi|grado|degrees?|°c?",
    "fahrenheit": r"°f|fahrenheit",
    "ha": r"ettari|ettaro|hectares?|ha",
}
_UNIT_RE = re.compile(
    r"\s*(?:" + "|".join(f"(?P<{k}>(?:{v}))" for k, v in _UNITS.items()) + r")(?![\w])", re.I
)


def _unit_after(text: str, pos: int) -> str | None:
    m = _UNIT_RE.match(text, pos)
    if m is None and text[pos:pos + 1] == "-":
        # A unit word joined by a hyphen ("a 6-foot wall", "a 10-mile run"); not an abbreviation
        # ("2-in-1" has no inches).
        m = _UNIT_RE.match(text, pos + 1)
        if m is not None and len(m.group(0).strip()) < 4:
            m = None
    return m.lastgroup if m else None


def _half_of(total: Decimal) -> Decimal:
    """'un milione e mezzo': half of the last magnitude (1,000,000 -> +500,000)."""
    return _last_mult(total) / 2


def _last_mult(total: Decimal) -> Decimal:
    for m in (D(10**12), D(10**9), D(10**6), D(1000)):
        if total >= m:
            return m
    return D(1)


def _roman(text: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


def show(value: Decimal) -> str:
    """A value for a message, in English form: 6000 -> '6,000', 18.7 -> '18.7'."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"
