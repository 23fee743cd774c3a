"""Numbers: every number in the source must reach the target with the same value, and back.

Values are compared, not strings (see numparse): "6.000" and "6,000" are equal, "6.000" and "600"
are not. Matching is by set of values in each direction, so a reordered or repeated number does not
flag; unmatched numbers are paired in order to say "X appears as Y". Digits inside calendar dates
are left to the date check (one error, one finding) but still count as matches here ("il 3 e 4
marzo" / "March 3 and 4"). An English target that keeps an Italian format ("1.200" for 1,200)
matches but gets a minor finding: an English reader takes it for 1.2.
"""

from __future__ import annotations

from decimal import Decimal

from mtqa.checks._base import RuleScorer, quote
from mtqa.checks.dates import date_spans
from mtqa.checks.numparse import NumberMention, mentions, show
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
        while src_left and tgt_left:
            s, t = src_left.pop(0), tgt_left.pop(0)
            signals.append(self._signal(
                "NUM001",
                f"number {quote(s.text)} ({_show_values(s)}) in the source appears as {quote(t.text)} "
                f"({_show_values(t)}) in the target",
                t, s, Severity.MAJOR))
        for s in src_left:
            signals.append(self._signal(
                "NUM002", f"number {quote(s.text)} in the source is missing from the target", None, s,
                Severity.MAJOR))
        for t in tgt_left:
            signals.append(self._signal(
                "NUM003", f"number {quote(t.text)} in the target has no counterpart in the source", t,
                None, Severity.MAJOR))
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
                if t.values & s.values and t.unit and t.unit != s.unit:
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


_UNIT_NAMES = {"%": "percent", "pp": "percentage points", "bp": "basis points", "degree": "degrees",
               "mi": "miles", "ft": "feet", "t": "tonnes", "l": "litres", "ha": "hectares"}


def _show_values(m: NumberMention) -> str:
    return " or ".join(show(v) for v in sorted(m.values))
