"""Consistency: the same source sentence translated differently within one document (minor).

The batch given to `score` is the document. Sources are compared after folding case, accents,
spacing and final punctuation; targets the same way, so "Ok." and "OK" are the same translation.
Short sources (fewer than MIN_WORDS words: "Sì.", a dateline) are skipped: their translation
legitimately depends on context. Every later occurrence whose translation differs from the first
one is flagged, naming the pair that holds the first translation by its `#` (the segment index
the reports show).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtqa.checks._base import RuleScorer, fold, quote
from mtqa.config import Config
from mtqa.types import Category, Pair, Severity, Signal

MIN_WORDS = 3
_STRIP = re.compile(r"[\s\"“”«»'‘’.,;:!?()\[\]—–-]+")


def _key(text: str) -> str:
    return _STRIP.sub(" ", fold(text)).strip()


class ConsistencyScorer(RuleScorer):
    name = "consistency"
    version = "1"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.min_words = int(config.threshold("consistency.min_words", MIN_WORDS))

    def parameters(self) -> dict[str, str]:
        return {"min_words": str(self.min_words)}

    def check_all(self, pairs: Sequence[Pair]) -> list[list[Signal]]:
        first: dict[str, tuple[int, Pair]] = {}
        out: list[list[Signal]] = [[] for _ in pairs]
        for i, pair in enumerate(pairs):
            if not pair.source.strip() or not pair.target.strip():
                continue
            key = _key(pair.source)
            if len(key.split()) < self.min_words:
                continue
            if key not in first:
                first[key] = (i, pair)
                continue
            j, earlier = first[key]
            if _key(earlier.target) != _key(pair.target):
                start = len(pair.target) - len(pair.target.lstrip())
                out[i].append(Signal(
                    code="CON001", category=Category.CONSISTENCY, scorer=self.name,
                    message=f"this source sentence also occurs in segment #{earlier.index}, translated there as "
                            f"{quote(earlier.target)}; use one translation",
                    target_span=(start, len(pair.target.rstrip())), source_span=None,
                    severity_hint=Severity.MINOR))
        return out
