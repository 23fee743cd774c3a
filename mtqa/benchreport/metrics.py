"""What a bench measures, as per-unit statistics (see `stats`): mtqa's QE system score, issue
rates by severity and MQM category, the gate pass rate, an MQM-style weighted error score, and
sacrebleu's BLEU, chrF and TER.

mtqa's QE system score (0-100, higher is better) is the mean segment quality

    quality = 0                                   if the target is empty or a copy of the source
    quality = base * max(0, 1 - weighted / 10)    otherwise

where `base` is the segment's primary score from the run's scorers (offline-qe, a published QE
model, or similarity; 1 when the run has none, i.e. rule checks only) and `weighted` is the
segment's MQM-style error weight. Empty and copied segments count in the mean, so a system that
leaves lines empty or copies the source cannot rank well even when a similarity score calls a
copy "close" (a multilingual encoder puts a sentence near itself). One major issue halves a
segment's quality; a critical issue, or two majors, zero it.

MQM-style weights follow MQM practice (Lommel et al. 2014; Freitag et al. 2021, "Experts, Errors,
and Context", which uses minor 1 and major 5): minor 1, major 5, critical 10. As in Freitag et al.
a segment's weight is capped at 25, and a non-translation (an empty target, or the source copied)
weighs the full 25: otherwise a system that outputs nothing would collect one omission per segment
and beat a system that translates with several errors a line. Rates are per 100 segments; the
weighted error score is the summed weight per 100 segments (lower is better).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mtqa.benchreport.stats import ScoreFn
from mtqa.types import Category, SegmentResult, Severity

WEIGHTS: dict[Severity, float] = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 10.0}
ZERO_AT = 10.0  # the weighted error at which a segment's quality reaches 0
NON_TRANSLATION = 25.0  # the weight of an empty or copied segment, and the cap of any segment's weight

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _normalise(text: str) -> str:
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def is_copy(source: str, target: str) -> bool:
    """The target repeats the source (ignoring case, spacing and punctuation) and the source has
    letters: a line of numbers or a name alone may rightly be left as it is."""
    src = _normalise(source)
    return bool(src) and any(ch.isalpha() for ch in src) and src == _normalise(target)


@dataclass(frozen=True)
class SegmentFacts:
    """What the bench keeps of one checked segment."""

    unit: str  # the resampling/pairing key: "doc" or "doc:line"
    quality: float
    severities: dict[str, int]
    categories: dict[str, int]
    weighted: float
    passes_gate: bool
    copied: bool
    empty: bool
    base: float | None
    flagged_codes: tuple[str, ...] = field(default=())


def segment_facts(unit: str, segment: SegmentResult, fail_on: Severity | None, *, has_primary: bool) -> SegmentFacts:
    severities = {s.value: 0 for s in WEIGHTS}
    categories: dict[str, int] = {}
    weighted = 0.0
    for issue in segment.issues:
        if issue.severity in WEIGHTS:
            severities[issue.severity.value] += 1
            categories[issue.category] = categories.get(issue.category, 0) + 1
            weighted += WEIGHTS[issue.severity]
    empty = not segment.target.strip() and bool(segment.source.strip())
    copied = is_copy(segment.source, segment.target) or any(
        i.category == Category.UNTRANSLATED and Severity.MAJOR <= i.severity for i in segment.issues
    )
    if has_primary:
        base = segment.score if segment.score is not None else 0.0  # unscored counts as 0, never as good
    else:
        base = 1.0
    quality = 0.0 if empty or copied else base * max(0.0, 1.0 - weighted / ZERO_AT)
    weighted = NON_TRANSLATION if empty or copied else min(weighted, NON_TRANSLATION)
    passes = fail_on is None or all(i.severity < fail_on for i in segment.issues)
    return SegmentFacts(
        unit=unit,
        quality=quality,
        severities=severities,
        categories=categories,
        weighted=weighted,
        passes_gate=passes,
        copied=copied,
        empty=empty,
        base=segment.score,
        flagged_codes=tuple(sorted({i.code for i in segment.issues if i.severity in WEIGHTS})),
    )


# Columns of the mtqa statistics matrix; category columns follow, one per category in the bench.
BASE_COLUMNS = ("segments", "quality", "minor", "major", "critical", "weighted", "gate_pass", "copied", "empty")


def mtqa_stats(facts: Sequence[SegmentFacts], categories: Sequence[str], units: Sequence[str]) -> np.ndarray:
    """One row per unit (segments summed within a unit), columns BASE_COLUMNS + categories."""
    row_of = {u: i for i, u in enumerate(units)}
    out = np.zeros((len(units), len(BASE_COLUMNS) + len(categories)), dtype=np.float64)
    cat_col = {c: len(BASE_COLUMNS) + i for i, c in enumerate(categories)}
    for f in facts:
        r = row_of[f.unit]
        out[r, 0] += 1
        out[r, 1] += f.quality
        out[r, 2] += f.severities["minor"]
        out[r, 3] += f.severities["major"]
        out[r, 4] += f.severities["critical"]
        out[r, 5] += f.weighted
        out[r, 6] += f.passes_gate
        out[r, 7] += f.copied
        out[r, 8] += f.empty
        for c, n in f.categories.items():
            out[r, cat_col[c]] += n
    return out


def per_100(column: int) -> ScoreFn:
    def score(sums: np.ndarray) -> np.ndarray:
        sums = np.atleast_2d(sums)
        n = sums[:, 0]
        return np.asarray(np.divide(100.0 * sums[:, column], n, out=np.zeros_like(n), where=n > 0))

    return score


def issues_per_100(sums: np.ndarray) -> np.ndarray:
    sums = np.atleast_2d(sums)
    n = sums[:, 0]
    return np.asarray(np.divide(100.0 * sums[:, 2:5].sum(axis=1), n, out=np.zeros_like(n), where=n > 0))


def major_per_100(sums: np.ndarray) -> np.ndarray:
    sums = np.atleast_2d(sums)
    n = sums[:, 0]
    return np.asarray(np.divide(100.0 * sums[:, 3:5].sum(axis=1), n, out=np.zeros_like(n), where=n > 0))


@dataclass(frozen=True)
class MetricSpec:
    name: str
    higher_is_better: bool
    description: str


MTQA_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("mtqa_score", True, "mean segment quality x 100; empty or copied segments score 0"),
    MetricSpec("issues_per_100", False, "minor+major+critical issues per 100 segments"),
    MetricSpec("major_per_100", False, "major+critical issues per 100 segments"),
    MetricSpec("minor_per_100", False, "minor issues per 100 segments"),
    MetricSpec("critical_per_100", False, "critical issues per 100 segments"),
    MetricSpec("mqm_per_100", False,
               "MQM-style weighted errors per 100 segments (minor 1, major 5, critical 10; a segment at most 25, "
               "an empty or copied one 25)"),
    MetricSpec("gate_pass_pct", True, "% of segments with no issue at or above the gate (--fail-on)"),
    MetricSpec("copied_pct", False, "% of segments that copy the source"),
    MetricSpec("empty_pct", False, "% of segments whose target is empty"),
)

MTQA_FUNCTIONS = {
    "mtqa_score": per_100(1),
    "issues_per_100": issues_per_100,
    "major_per_100": major_per_100,
    "minor_per_100": per_100(2),
    "critical_per_100": per_100(4),
    "mqm_per_100": per_100(5),
    "gate_pass_pct": per_100(6),
    "copied_pct": per_100(7),
    "empty_pct": per_100(8),
}


def category_function(index: int) -> ScoreFn:
    return per_100(len(BASE_COLUMNS) + index)


REFERENCE_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("bleu", True, "sacrebleu BLEU"),
    MetricSpec("chrf", True, "sacrebleu chrF"),
    MetricSpec("ter", False, "sacrebleu TER"),
)


def reference_metric(name: str, *, sentence: bool = False) -> object:
    """A fresh sacrebleu metric with sacrebleu's defaults (those of the `sacrebleu` command);
    `sentence` BLEU uses effective order, as sacrebleu's sentence-level BLEU should."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    if name == "bleu" and sentence:
        return BLEU(effective_order=True)
    return {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()


def reference_stats(metric: object, targets: Sequence[str], references: Sequence[str]) -> np.ndarray:
    """sacrebleu's per-line sufficient statistics (what its own bootstrap resamples)."""
    stats = metric._extract_corpus_statistics(list(targets), [list(references)])  # type: ignore[attr-defined]
    return np.asarray(stats, dtype=np.float64).reshape(len(targets), -1)


def reference_function(metric: object) -> ScoreFn:
    def score(sums: np.ndarray) -> np.ndarray:
        sums = np.atleast_2d(sums)
        return np.array([metric._compute_score_from_stats(list(row)).score for row in sums])  # type: ignore[attr-defined]

    return score
