"""Dates: days, months, years, weekdays and relative days ("ieri"/"yesterday") across languages.

"3 marzo 2021", "March 3, 2021", "3rd of March 2021", "03/03/2021" are the same date. A numeric
date is read in both orders (day/month and month/day) and matches when either reading does, so
an Italian 3/4 translated as a US-style 4/3 does not flag. Each source date must have a compatible
date in the target (same month, same day when the source names one, same year when both name
one); a target date with no source counterpart is flagged too. The number check leaves the digits
inside these spans to this check, so one error gives one finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa.checks._base import RuleScorer, fold, quote
from mtqa.lang import codes, get as language
from mtqa.types import Category, Pair, Severity, Signal

_EN_NAMES = [m.capitalize() for m in language("en").months]
_WD_NAMES = [d.capitalize() for d in language("en").weekdays]
_WEAK_REL = frozenset({0})
_RANGE_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th|°)?\s*(?:e|al|a|and|to|-|–|,)\s*$")


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _build(lang: str) -> dict[str, re.Pattern[str]]:
    known = language(lang)
    abbrs = [*known.month_abbreviations, *known.month_abbreviations_extra]
    months = _alt([*known.months] + [a + r"\." for a in abbrs] + abbrs)
    wd = _alt([w[:-1] + "[iì]" if w.endswith("i") else w for w in known.weekdays])
    year = r"(?:,?\s+(?:del\s+|of\s+)?(?P<year>\d{4}))?"
    full = known.date_pattern(months, year)
    units = _alt(list(known.relative_units))
    rels = _alt(list(known.relative_words))
    return {
        "date": re.compile(full, re.I),
        "weekday": re.compile(rf"\b(?P<wd>{wd})s?\b", re.I),
        "numeric": re.compile(r"(?<![\d.,/])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])"),
        "reldays": re.compile(rf"\b(?P<rd>{_alt(list(known.relative_days))})\b", re.I),
        "relunit": re.compile(
            rf"\b(?:(?P<r1>{rels})['’\s]\s*(?P<u1>{units})|(?P<u2>{units})\s+(?P<r2>{rels}))\b", re.I
        ),
    }


_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {}


def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    if lang not in _PATTERNS:
        _PATTERNS[lang] = _build(lang)
    return _PATTERNS[lang]


@dataclass(frozen=True)
class DateMention:
    kind: str  # date | weekday | relative
    text: str
    start: int
    end: int
    readings: frozenset[tuple[int | None, int | None, int | None]] = frozenset()
    """(day, month, year) readings; None where the text names no such field."""
    key: str = ""
    """For weekday and relative mentions: a language-neutral key ('tuesday', 'day-1', 'week+1')."""
    weak: bool = False


def _month_index(lang: str, text: str) -> int:
    t = fold(text).rstrip(".")
    known = language(lang)
    if t in known.months:
        return known.months.index(t) + 1
    return known.month_abbreviations.index("gen" if t == "genn" else t[:3]) + 1


def date_mentions(text: str, lang: str) -> list[DateMention]:
    p = _patterns(lang)
    known = language(lang)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in p["numeric"].finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        y = y + 2000 if y < 100 else y
        readings = {(d, mo, y) for d, mo in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= d <= 31}
        if readings:
            out.append(DateMention("date", m.group(0), m.start(), m.end(), frozenset(readings)))
            taken.append((m.start(), m.end()))
    for m in p["date"].finditer(text):
        mon = m.group("month")
        abbr = fold(mon).rstrip(".") not in language(lang).months
        day_s = m.group("day") or (m.groupdict().get("day2"))
        if m.groupdict().get("first"):
            day_s = "1"
        bare = not (day_s or m.group("year"))
        if known.not_a_month(text, m, bare=bare):
            continue  # "may", "march" as verbs, "Theresa May"
        if abbr and bare and not (mon[0].isupper() and mon.endswith(".") and known.capitalised_months):
            continue  # "mar" is also the sea, "set" a set; "until Oct." is October
        if bare and _in_name(text, m.start("month"), m.end("month")):
            continue
        day = int(day_s) if day_s and 1 <= int(day_s) <= 31 else None
        year = int(m.group("year")) if m.group("year") else None
        start, end = m.start(), m.end()
        if day is None:
            start = m.start("month")
        month = _month_index(lang, mon)
        out.append(DateMention("date", text[start:end], start, end, frozenset({(day, month, year)})))
        taken.append((start, end))
        # Ranges and lists share the month: "9 e 10 giugno", "dal 6 al 10", "June 9 and 10".
        extra = m.groupdict().get("day3")
        if extra and 1 <= int(extra) <= 31:
            out.append(DateMention("date", text[start:end], start, end, frozenset({(int(extra), month, year)})))
        back = _RANGE_BEFORE.search(text, 0, start) if day is not None else None
        if back and 1 <= int(back.group(1)) <= 31:
            out.append(DateMention("date", back.group(1), back.start(1), back.end(1),
                                   frozenset({(int(back.group(1)), month, year)})))
            taken.append((back.start(1), back.end(1)))
    for m in p["weekday"].finditer(text):
        if _in_name(text, m.start(), m.end()):
            continue
        key = language("en").weekdays[language(lang).weekdays.index(fold(m.group("wd")))]
        out.append(DateMention("weekday", m.group(0), m.start(), m.end(), key=key))
    for m in p["reldays"].finditer(text):
        off = language(lang).relative_days[m.group("rd").lower()]
        out.append(DateMention("relative", m.group(0), m.start(), m.end(), key=f"day{off:+d}",
                               weak=off in _WEAK_REL))
    for m in p["relunit"].finditer(text):
        if known.not_a_calendar_period(text, m.start()):
            continue  # "in the last week" is a span of time, not last calendar week
        r = (m.group("r1") or m.group("r2")).lower()
        u = (m.group("u1") or m.group("u2")).lower()
        off = language(lang).relative_words[r]
        unit = language(lang).relative_units[u]
        out.append(DateMention("relative", m.group(0), m.start(), m.end(), key=f"{unit}{off:+d}",
                               weak=off in _WEAK_REL))
    out.sort(key=lambda d: d.start)
    return out


# A word after a weekday or month name that makes it part of a title: "The Sunday Times",
# "Saturday Night Live", "the Sunday Morning almanac"; a following capital that is itself a date
# word or a number does not ("Sunday, March 3", "Friday May 3").
_TITLE_NEXT = re.compile(r"[ \t]+(?P<w>[A-Z][a-z]+)")


def _in_name(text: str, start: int, end: int) -> bool:
    """A capitalised weekday or month name that is part of a title or a name."""
    if not text[start:end][:1].isupper():
        return False
    m = _TITLE_NEXT.match(text, end)
    if m is None:
        return False
    w = fold(m.group("w"))
    return not any(w in lst or w[:3] in known.month_abbreviations for known in map(language, codes()) for lst in (known.months, known.weekdays))




def _compatible(a: DateMention, b: DateMention, b_side: Sequence[DateMention] = ()) -> bool:
    """`b` (on the side whose dates are `b_side`) renders the date `a`. A year left out on b's side
    still matches where another date there carries it: "on 19 and 24 March 1997" may become "il 19
    marzo 1997 ... il 24 marzo", the year written once."""
    if a.kind != b.kind:
        return False
    if a.kind != "date":
        return a.key == b.key
    years_b = {y for x in b_side if x.kind == "date" for _, _, y in x.readings if y is not None}
    for d1, m1, y1 in a.readings:
        for d2, m2, y2 in b.readings:
            if m1 != m2:
                continue
            if d1 is not None and d1 != d2:
                continue
            if y1 is not None and y2 is not None and y1 != y2:
                continue
            if y1 is not None and y2 is None and y1 not in years_b:
                continue
            return True
    return False


def _show(m: DateMention) -> str:
    if m.kind == "date" and len(m.readings) == 1:
        (d, mo, y), = m.readings
        parts = [_EN_NAMES[mo - 1] if mo else "", str(d) if d else ""]
        return " ".join(p for p in parts if p) + (f", {y}" if y else "")
    if m.kind == "weekday":
        return m.key.capitalize()
    unit, off = m.key[:-2], int(m.key[-2:])
    when = {-2: "two before", -1: "previous", 0: "current", 1: "next", 2: "two after"}.get(off, str(off))
    return f"{when} {unit}"


class DateScorer(RuleScorer):
    name = "dates"
    version = "1"

    def check(self, pair: Pair) -> list[Signal]:
        src = date_mentions(pair.source, self.source_lang)
        tgt = date_mentions(pair.target, self.target_lang)
        if not src and not tgt:
            return []
        src_left = [s for s in src if not s.weak and not any(_compatible(s, t, tgt) for t in tgt)]
        tgt_left = [t for t in tgt if not t.weak and not any(_compatible(s, t, tgt) for s in src)]
        # A partial date whose day is written bare on the other side ("dal 1 al 3 giugno" ->
        # "from 1 to 3 June"): the range was parsed on one side only.
        src_left = [s for s in src_left if not _bare_day(s, pair.target, tgt)]
        tgt_left = [t for t in tgt_left if not _bare_day(t, pair.source, src)]
        signals: list[Signal] = []
        while src_left and tgt_left:
            s = src_left.pop(0)
            same = [t for t in tgt_left if t.kind == s.kind] or tgt_left
            t = same[0]
            tgt_left.remove(t)
            signals.append(self._signal(
                "DAT001",
                f"date {quote(s.text)} ({_show(s)}) in the source appears as {quote(t.text)} "
                f"({_show(t)}) in the target",
                (t.start, t.end), (s.start, s.end)))
        # A date only missing or only added is minor: on correct real translations it is mostly a
        # relative date rephrased ("il prossimo anno" -> "the year ahead"), a date the translator
        # moved to a neighbouring sentence, or a weekday named for context; a changed date stays major.
        for s in src_left:
            signals.append(self._signal(
                "DAT002", f"date {quote(s.text)} ({_show(s)}) in the source is missing from the target",
                None, (s.start, s.end), Severity.MINOR))
        for t in tgt_left:
            signals.append(self._signal(
                "DAT003", f"date {quote(t.text)} ({_show(t)}) in the target has no counterpart in the source",
                (t.start, t.end), None, Severity.MINOR))
        return signals

    def _signal(self, code: str, message: str, tspan: tuple[int, int] | None,
                sspan: tuple[int, int] | None, severity: Severity = Severity.MAJOR) -> Signal:
        return Signal(code=code, category=Category.DATE, message=message, scorer=self.name,
                      target_span=tspan, source_span=sspan, severity_hint=severity)


def _bare_day(m: DateMention, other: str, other_mentions: list[DateMention]) -> bool:
    """The mention's day is a number of `other` outside every date there."""
    days = {d for d, _, _ in m.readings if d is not None}
    if m.kind != "date" or not days:
        return False
    dates = [(x.start, x.end) for x in other_mentions if x.kind == "date"]
    return all(
        any(not any(a <= hit.start() < b for a, b in dates)
            for hit in re.finditer(rf"(?<![\d.,]){d}(?![\d.,]?\d)", other))
        for d in days)


def date_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans the date check owns (calendar dates only), for the number check to leave alone."""
    return [(m.start, m.end) for m in date_mentions(text, lang) if m.kind == "date"]
