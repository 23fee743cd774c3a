"""Bootstrap confidence intervals and paired significance tests over per-unit statistics.

Every metric in a bench is a function of *summed* sufficient statistics: each unit (a segment, or
a document) contributes one row of numbers, and the metric is computed from the column sums
(sacrebleu's design: BLEU from n-gram match counts, chrF from character n-gram counts, TER from
edit counts; mtqa's rates from issue counts over segment counts). Resampling units and re-summing
is then exact and cheap.

The procedures follow sacrebleu 2.x (`sacrebleu.significance`) so the numbers agree with
`sacrebleu --confidence` and `--paired-bs` / `--paired-ar` on the same files:
- the 95% interval takes the (n//40)-th smallest and largest of the resampled scores (Koehn 2004);
- the paired bootstrap resamples the same units for both systems and counts how often the centred
  resampled difference reaches the observed one (Koehn 2004; Moses'
  bootstrap-hypothesis-difference-significance.pl);
- approximate randomisation swaps each unit's two outputs with probability 1/2 (Riezler and
  Maxwell 2005; multeval's StratifiedApproximateRandomizationTest), p = (c + 1) / (trials + 1).
Both tests use numpy's PCG64 generator seeded by the caller, so a bench is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# A metric from summed statistics: rows of an (m, k) array of column sums -> m scores.
ScoreFn = Callable[[np.ndarray], np.ndarray]

# A resampled difference at least as large as the observed one counts against the null hypothesis
# (>=, with a rounding tolerance). sacrebleu counts only strictly larger ones, which calls two
# identical systems different at p = 1/(trials + 1); with >= they get p = 1.
TIE = 1e-9

# Resamples drawn at once: bounds memory to CHUNK * units indices however large the bench.
CHUNK = 64


@dataclass(frozen=True)
class Interval:
    """A 95% bootstrap interval: `low`/`high` bound it, `mean` is the mean resampled score and
    `half_width` is sacrebleu's "± ci" figure, (high - low) / 2."""

    low: float
    high: float
    mean: float
    half_width: float


@dataclass(frozen=True)
class PairedResult:
    difference: float  # system - baseline, on the full data
    p_bootstrap: float
    p_randomisation: float


def resample_indices(n_units: int, resamples: int, seed: int) -> np.ndarray:
    """The unit indices of every bootstrap resample, one row each; the same draws as sacrebleu's
    `rng.choice(n, size=(resamples, n))` for the same seed."""
    rng = np.random.default_rng(seed)
    return rng.choice(n_units, size=(resamples, n_units), replace=True)


def resampled_sums(stats: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Column sums of `stats` over each row of `indices`: (resamples, k)."""
    out = np.empty((indices.shape[0], stats.shape[1]), dtype=np.float64)
    for start in range(0, indices.shape[0], CHUNK):
        block = indices[start : start + CHUNK]
        out[start : start + CHUNK] = stats[block].sum(axis=1)
    return out


def interval(scores: np.ndarray) -> Interval:
    ordered = np.sort(scores)
    lower = len(ordered) // 40
    low, high = float(ordered[lower]), float(ordered[len(ordered) - lower - 1])
    return Interval(low=low, high=high, mean=float(ordered.mean()), half_width=0.5 * (high - low))


def bootstrap_interval(stats: np.ndarray, score: ScoreFn, indices: np.ndarray) -> Interval:
    return interval(score(resampled_sums(stats, indices)))


def paired_test(
    system: np.ndarray,
    baseline: np.ndarray,
    score: ScoreFn,
    *,
    indices: np.ndarray,
    trials: int,
    seed: int,
) -> PairedResult:
    """Paired bootstrap over `indices` and approximate randomisation with `trials` swaps; the two
    stats arrays must hold the same units in the same order."""
    if system.shape != baseline.shape:
        raise ValueError(f"paired test needs the same units: {system.shape} vs {baseline.shape}")
    full = score(np.stack([system.sum(axis=0), baseline.sum(axis=0)]))
    observed = float(full[0] - full[1])
    diff = abs(observed)

    bs_diffs = np.abs(score(resampled_sums(system, indices)) - score(resampled_sums(baseline, indices)))
    centred = bs_diffs - bs_diffs.mean()
    p_bs = (int(np.sum(centred >= diff - TIE)) + 1) / (len(centred) + 1)

    rng = np.random.default_rng(seed)
    delta = system - baseline
    total_b = baseline.sum(axis=0)
    count = 0
    for start in range(0, trials, CHUNK):
        take = rng.integers(2, size=(min(CHUNK, trials - start), system.shape[0]), dtype=bool)
        # pseudo-system a takes the system's unit where `take`, else the baseline's; b the rest
        sums_a = total_b + take.astype(np.float64) @ delta
        sums_b = total_b + (~take).astype(np.float64) @ delta
        count += int(np.sum(np.abs(score(sums_a) - score(sums_b)) >= diff - TIE))
    p_ar = (count + 1) / (trials + 1)
    return PairedResult(difference=observed, p_bootstrap=p_bs, p_randomisation=p_ar)
