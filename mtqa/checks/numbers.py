"""Numbers: every number in the source must reach the target with the same value, and back.

Values are compared, not strings (see numparse): "6.000" and "6,000" are equal, "6.000" and "600"
are not. Matching is by set of values in each direction, so a reordered or repeated number does not
flag; unmatched numbers are paired in order to say "X appears as Y". Digits inside calendar dates
are left to the date check (one error, one finding) but still count as matches here ("il 3 e 4
marzo" / "March 3 and 4"). An English target that keeps an Italian format ("1.200" for 1,200)
matches but gets a minor finding: an English reader takes it for 1.2.
"""

from __future__ import annotations

import re
from decimal import Decimal

from mtqa.checks._base import RuleScorer, quote
from mtqa.checks.dates import date_spans
from mtqa.checks.numparse import RANGE_JOIN, NumberMention, mentions, show
from mtqa.types import Category, Pair, Severity, Signal


def _inside(m: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return m.in_date or any(s <= m.start and m.end <= e for s, e in spans)


def _values(ms: list[NumberMention]) -> set[Decimal]:
    return {v for m in ms for v in m.values}


class NumberScorer(RuleScorer):
    name = "numbers"
    version = "1"

    def check(self, pair: Pair) -> list[Signal]:
        src = mentions(pair.source, self.source_lang)
        tgt = mentions(pair.target, self.target_lang)
        if not src and not tgt:
            return []
        src_dates = date_spans(pair.source, self.source_lang)
        tgt_dates = date_spans(pair.target, self.target_lang)
        src_vals, tgt_vals = _values(src), _values(tgt)
        tgt_foreign = {v for m in tgt for v in m.foreign}
        signals: list[Signal] = []
        src_left: list[NumberMention] = []
        for s in src:
            if s.values & tgt_vals:
                continue
            if s.values & tgt_foreign:
                t = next(t for t in tgt if t.foreign & s.values)
                signals.append(self._signal(
                    "NUM004",
                    f"number {quote(t.text)} in the target keeps the "
                    f"{'Italian' if self.source_lang == 'it' else 'English'} format; "
                    f"write {show(next(iter(s.values & t.foreign)))} for {quote(s.text)}",
                    t, s, Severity.MINOR))
                continue
            if not s.weak and not _inside(s, src_dates):
                src_left.append(s)
        tgt_left = [
            t for t in tgt
            if not (t.values & src_vals) and not (t.foreign & src_vals) and not t.weak and not _inside(t, tgt_dates)
        ]
        src_left, tgt_left = _unconverted(src_left, tgt_left, src, tgt,
                                          _ranges(pair.source, src), _ranges(pair.target, tgt))
        # A spelled-out "two" left over on one side is as often a word ("i due" -> "the pair",
        # "both", "a couple") as a dropped count: it only counts when it has a counterpart to be
        # compared with.
        if not tgt_left:
            src_left = [m for m in src_left if not _small_word(m)]
        if not src_left:
            tgt_left = [m for m in tgt_left if not _small_word(m)]
        while src_left and tgt_left:
            s, t = src_left.pop(0), tgt_left.pop(0)
            signals.append(self._signal(
                "NUM001",
                f"number {quote(s.text)} ({_show_values(s)}) in the source appears as {quote(t.text)} "
                f"({_show_values(t)}) in the target",
                t, s, Severity.MAJOR))
        # A number missing or added (with nothing to pair it with) is minor: on correct real
        # translations it is mostly a number rewritten ("tredicenne" -> "13-year-old", "1 cm" ->
        # "half an inch", a range merged); a changed value (NUM001) stays major.
        for s in src_left:
            signals.append(self._signal(
                "NUM002", f"number {quote(s.text)} in the source is missing from the target", None, s,
                Severity.MINOR))
        for t in tgt_left:
            signals.append(self._signal(
                "NUM003", f"number {quote(t.text)} in the target has no counterpart in the source", t,
                None, Severity.MINOR))
        signals.extend(self._currencies(src, tgt))
        signals.extend(self._units(src, tgt))
        return signals

    def _units(self, src: list[NumberMention], tgt: list[NumberMention]) -> list[Signal]:
        """'10 km' -> '10 miles', '1,4%' -> '1.4 percentage points': same value, other unit."""
        out = []
        for s in src:
            if s.unit is None:
                continue
            for t in tgt:
                if t.values & s.values and t.unit and _BASE_UNIT.get(t.unit, t.unit) != _BASE_UNIT.get(s.unit, s.unit):
                    out.append(self._signal(
                        "NUM006",
                        f"{quote(s.text)} in the source is measured in {_UNIT_NAMES.get(s.unit, s.unit)} but "
                        f"{quote(t.text)} in the target in {_UNIT_NAMES.get(t.unit, t.unit)}",
                        t, s, Severity.MAJOR))
                    break
        return out

    def _currencies(self, src: list[NumberMention], tgt: list[NumberMention]) -> list[Signal]:
        out = []
        for s in src:
            if s.currency is None:
                continue
            for t in tgt:
                if t.values & s.values and t.currency and t.currency != s.currency:
                    out.append(self._signal(
                        "NUM005",
                        f"amount {quote(s.text)} is in {s.currency} in the source but in {t.currency} "
                        f"in the target ({quote(t.text)})",
                        t, s, Severity.MAJOR))
                    break
        return out

    def _signal(self, code: str, message: str, t: NumberMention | None, s: NumberMention | None,
                severity: Severity) -> Signal:
        return Signal(
            code=code, category=Category.NUMBER, message=message, scorer=self.name,
            target_span=(t.start, t.end) if t else None, source_span=(s.start, s.end) if s else None,
            severity_hint=severity,
        )


# Units of one dimension and their size in a common base, for conversions between the metric
# and the imperial system ("25 cm" -> "10 inches", "138 km/h" -> "85 mph", "6 metri" -> "20 feet",
# "198 cm" -> "6-foot-6"). Only the defined factors; no unit is guessed.
_SIZES = {"km": ("length", 1000.0), "m": ("length", 1.0), "cm": ("length", 0.01), "mm": ("length", 0.001),
          "mi": ("length", 1609.344), "ft": ("length", 0.3048), "in": ("length", 0.0254), "yd": ("length", 0.9144),
          "kg": ("mass", 1.0), "g": ("mass", 0.001), "t": ("mass", 1000.0),
          "kmh": ("speed", 1000 / 3600), "mph": ("speed", 1609.344 / 3600)}
_IMPERIAL = frozenset({"mi", "ft", "in", "yd", "mph"})
# A speed is written with its length unit alone often enough ("80 km" for 80 km/h in a list of
# limits) that the same value in km and km/h is no change of unit.
_BASE_UNIT = {"kmh": "km", "mph": "mi"}
# A converted figure is rounded ("about 25 cm" -> "10 inches" is 0.98 of 25 cm): within this ratio.
_CONVERSION_SLACK = 1.35
_INCH_SLACK = 1.05


def _effective_unit(m: NumberMention, ms: list[NumberMention]) -> str | None:
    """The unit of a number, or of the number right after it in a range ("2,5-7,5 cm", "tra 5 e
    10 cm", "1 to 4 inches")."""
    if m.unit:
        return m.unit
    later = [x for x in ms if x.start >= m.end]
    if later and later[0].start - m.end <= 8 and later[0].unit:
        return later[0].unit
    return None


def _converts(s: NumberMention, t: NumberMention, su: str | None, tu: str | None) -> bool:
    if su == tu == "degree":  # "30 gradi" -> "80 degrees" (Fahrenheit in US English)
        return any(abs(float(a) * 9 / 5 + 32 - float(b)) <= 0.15 * abs(float(a) * 9 / 5 + 32) + 3
                   or abs(float(b) * 9 / 5 + 32 - float(a)) <= 0.15 * abs(float(b) * 9 / 5 + 32) + 3
                   for a in s.values for b in t.values)
    if su not in _SIZES or tu not in _SIZES or _SIZES[su][0] != _SIZES[tu][0]:
        return False
    if (su in _IMPERIAL) == (tu in _IMPERIAL):
        return False
    # A height in feet and inches is given to the inch, so its conversion is close ("198 cm" is
    # 6-foot-6, 1.981 m); a round figure may be rounded far more ("about 25 cm" -> "10 inches").
    slack = _INCH_SLACK if _feet_and_inches(s) or _feet_and_inches(t) else _CONVERSION_SLACK
    for a in s.values:
        for b in t.values:
            x, y = float(a) * _SIZES[su][1], float(b) * _SIZES[tu][1]
            if x > 0 and y > 0 and 1 / slack <= x / y <= slack:
                return True
    return False


def _feet_and_inches(m: NumberMention) -> bool:
    return m.unit == "ft" and re.search(r"\d\D+\d", m.text) is not None


def _ranges(text: str, ms: list[NumberMention]) -> dict[int, tuple[float, float]]:
    """Each number that is an end of a range ("2,5-7,5 cm", "2 to 3 inches"), by its start: the
    range's lowest and highest value."""
    out: dict[int, tuple[float, float]] = {}
    for a, b in zip(ms, ms[1:]):
        if a.values and b.values and RANGE_JOIN.fullmatch(text, a.end, b.start):
            lo, hi = float(min(a.values)), float(max(b.values))
            out[a.start] = out[b.start] = (min(lo, hi), max(lo, hi))
    return out


def _overlap(s: tuple[float, float], t: tuple[float, float], su: str | None, tu: str | None) -> bool:
    """A range converted into the other unit system and rounded to whole numbers there ("2,5-7,5 cm"
    -> "2 to 3 inches"): the two ranges overlap once converted. Only metric against imperial."""
    if su not in _SIZES or tu not in _SIZES or _SIZES[su][0] != _SIZES[tu][0] or (su in _IMPERIAL) == (tu in _IMPERIAL):
        return False
    (a, b), (c, d) = [x * _SIZES[su][1] for x in s], [x * _SIZES[tu][1] for x in t]
    return max(a, c) <= min(b, d) * _CONVERSION_SLACK


def _unconverted(src_left: list[NumberMention], tgt_left: list[NumberMention], src: list[NumberMention],
                 tgt: list[NumberMention], src_ranges: dict[int, tuple[float, float]] | None = None,
                 tgt_ranges: dict[int, tuple[float, float]] | None = None,
                 ) -> tuple[list[NumberMention], list[NumberMention]]:
    """Drop the numbers that one side gives in another unit system, converted (a range as a range)."""
    src_ranges, tgt_ranges = src_ranges or {}, tgt_ranges or {}
    src_out, tgt_out = list(src_left), list(tgt_left)
    for s in src_left:
        su = _effective_unit(s, src)
        for t in tgt_out:
            tu = _effective_unit(t, tgt)
            if _converts(s, t, su, tu) or (
                    s.start in src_ranges and t.start in tgt_ranges
                    and _overlap(src_ranges[s.start], tgt_ranges[t.start], su, tu)):
                src_out.remove(s)
                tgt_out.remove(t)
                break
    return src_out, tgt_out


def _small_word(m: NumberMention) -> bool:
    return not any(c.isdigit() for c in m.text) and all(v <= 2 for v in m.values)


_UNIT_NAMES = {"%": "percent", "pp": "percentage points", "bp": "basis points", "degree": "degrees",
               "mi": "miles", "ft": "feet", "t": "tonnes", "l": "litres", "ha": "hectares"}


def _show_values(m: NumberMention) -> str:
    return " or ".join(show(v) for v in sorted(m.values))
