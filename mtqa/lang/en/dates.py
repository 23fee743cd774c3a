"""English dates: how a day, a month and a year are written together, and when a month name is a
verb, a modal or a name (see mtqa.checks.dates)."""

from __future__ import annotations

import re


def date_pattern(months: str, year: str) -> str:
    """The regex of a date around the month alternation `months`: "3 March", "the 3rd of March",
    "March 3", "June 9 and 10", "March 3, 2021". `year` is the optional year group."""
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    return (
        rf"(?<!\w)(?:(?:{day})\s+(?:of\s+)?)?(?P<month>{months})(?!\w)"
        rf"(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d)"
        rf"(?:\s*(?:and|to|-|–|,)\s*(?P<day3>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d))?)?{year}"
    )


def not_a_month(text: str, m: re.Match[str], *, bare: bool) -> bool:
    """True when the month name of `m` is another word: lower case ("may", "march" as verbs); a
    bare "May" that is the modal opening a sentence or a name ("Theresa May")."""
    mon = m.group("month")
    if not mon[0].isupper():
        return True
    return bare and mon.upper() == "MAY" and (_modal_may(text, m.start()) or _name_may(text, m))


def not_a_calendar_period(text: str, start: int) -> bool:
    """True when the "last week" style expression at `start` is a span of time: "in the last week"."""
    return re.search(r"\b(?:the|over|in|during)\s+$", text[max(0, start - 8):start], re.I) is not None


def _name_may(text: str, m: re.Match[str]) -> bool:
    """'Theresa May', 'PM May', 'Mrs May', 'MAY' in capitals, 'Areas May Benefit': a name or the
    modal, unless a preposition of time comes before it ("in May", "since May")."""
    before = re.search(r"(\w+)[\s-]*$", text[:m.start("month")])
    if m.group("month").isupper():
        return True
    return before is None or before.group(1).lower() not in _MONTH_PREPOSITIONS


_MONTH_PREPOSITIONS = frozenset("in of since until till by from early late mid last next this before after during throughout through".split())


def _modal_may(text: str, pos: int) -> bool:
    """'May' opening a sentence is the modal more often than the month."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?\"“"
