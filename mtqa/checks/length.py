"""Length-ratio outliers: a target much shorter or longer than its source suggests an omission or
an addition inside the sentence.

The expected ratio is the median target/source character ratio of the batch (a document), so the
check adapts to the language pair and the writer; for small batches a per-pair default is used
(Italian prose runs ~10-15% longer than its English translation: 0.88 on the demo).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

from mtqa.config import LENGTH_RATIO, Config
from mtqa.types import Category, Pair, PairScore, Severity, Signal

MIN_SOURCE_CHARS = 30
MIN_BATCH_FOR_MEDIAN = 8
MINOR_FACTOR = 2.0
MAJOR_FACTOR = 3.0


class LengthRatioScorer:
    name = "length"
    version = "1"
    requires = ()  # no evidence from other scorers (mtqa.evidence)
    provides = ()

    def __init__(self, config: Config) -> None:
        self.default_ratio = LENGTH_RATIO.get((config.source_lang, config.target_lang), 1.0)
        self.minor = config.threshold("length.minor_factor", MINOR_FACTOR)
        self.major = config.threshold("length.major_factor", MAJOR_FACTOR)

    def signature(self) -> Mapping[str, str]:
        return {
            "scorer": self.name,
            "expected": f"batch median (>= {MIN_BATCH_FOR_MEDIAN} pairs) else {self.default_ratio}",
            "minor_factor": str(self.minor),
            "major_factor": str(self.major),
            "min_source_chars": str(MIN_SOURCE_CHARS),
        }

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        usable = [
            len(p.target.strip()) / len(p.source.strip())
            for p in pairs
            if len(p.source.strip()) >= MIN_SOURCE_CHARS and p.target.strip()
        ]
        expected = statistics.median(usable) if len(usable) >= MIN_BATCH_FOR_MEDIAN else self.default_ratio
        return [self._score_one(p, expected) for p in pairs]

    def _score_one(self, pair: Pair, expected: float) -> PairScore:
        src, tgt = pair.source.strip(), pair.target.strip()
        if len(src) < MIN_SOURCE_CHARS or not tgt:
            return PairScore()
        ratio = len(tgt) / len(src) / expected
        factor = max(ratio, 1 / ratio)
        if factor < self.minor:
            return PairScore()
        severity = Severity.MAJOR if factor >= self.major else Severity.MINOR
        shorter = ratio < 1
        category = Category.OMISSION if shorter else Category.ADDITION
        what = "shorter" if shorter else "longer"
        hint = "part of the source may be missing" if shorter else "the target may add content"
        return PairScore(
            signals=(
                Signal(
                    code="LEN001",
                    category=category,
                    message=f"target is {factor:.1f}x {what} than expected for this source; {hint}",
                    scorer=self.name,
                    value=round(math.log(ratio), 4),
                    severity_hint=severity,
                ),
            )
        )
