"""Italian dates: how a day, a month and a year are written together (see mtqa.checks.dates)."""

from __future__ import annotations

import re


def date_pattern(months: str, year: str) -> str:
    """The regex of a date around the month alternation `months`: "3 marzo", "1° maggio 2024",
    "primo giugno", "marzo del 2021". `year` is the optional year group."""
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|°|º)?|(?P<first>primo|1°|1º)"
    return rf"(?<!\w)(?:(?:{day})\s+)?(?P<month>{months})(?!\w){year}"


def not_a_month(text: str, m: re.Match[str], *, bare: bool) -> bool:
    """True when the month name of `m` is another word here: never in Italian (month names are
    lower case and not verbs)."""
    return False


def not_a_calendar_period(text: str, start: int) -> bool:
    """True when the "last week" style expression at `start` is a span of time: never in Italian."""
    return False
