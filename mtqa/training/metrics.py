"""ROC-AUC and precision/recall without scikit-learn (not a dependency of mtqa)."""

from __future__ import annotations

import numpy as np


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(score, dtype=np.float64)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j + 2) / 2.0
        i = j + 1
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def precision_recall(y: np.ndarray, flagged: np.ndarray) -> tuple[float, float]:
    y = np.asarray(y).astype(bool)
    f = np.asarray(flagged).astype(bool)
    tp = int((y & f).sum())
    return tp / max(int(f.sum()), 1), tp / max(int(y.sum()), 1)
