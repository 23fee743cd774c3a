"""Length-based sentence alignment (Gale & Church 1993, "A program for aligning sentences in
bilingual corpora", Computational Linguistics 19(1)).

The cost of a link is -log(prior(kind) * P(|delta|)), delta = (l_tgt - c * l_src) / sqrt(l_src * s2),
with the published priors and s2 = 6.8. Where Gale & Church fix c = 1, we use the language pair's
expected ratio (Italian runs about 12% longer than English; mtqa.config.LENGTH_RATIO), and the two
documents' total-length ratio for other pairs. (The total ratio is biased exactly when a sentence
is missing, which is when the ratio matters most.) Paragraph breaks are soft anchors: a link that merges sentences from two paragraphs
pays an extra cost. The dynamic programme runs in a band around the diagonal (widened by the
difference in sentence counts), so time grows linearly with document length.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from mtqa.align.diagnostics import alignment_warnings, input_warnings
from mtqa.types import Link, Segment

# (source sentences, target sentences) -> prior probability (Gale & Church 1993, table 5).
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
S2 = 6.8
PARAGRAPH_PENALTY = 5.0
BAND = 40
SKIP_COST = 1.5


class GaleChurchAligner:
    name = "gale-church"

    def __init__(
        self, *, ratio: float | None = None, paragraph_penalty: float = PARAGRAPH_PENALTY, band: int = BAND
    ) -> None:
        self.ratio = ratio
        self.paragraph_penalty = paragraph_penalty
        self.band = band
        self.warnings: list[str] = []

    def signature(self) -> Mapping[str, str]:
        return {
            "aligner": self.name,
            "s2": str(S2),
            "c": str(self.ratio) if self.ratio else "total length ratio",
            "paragraph_penalty": str(self.paragraph_penalty),
            "band": f"{self.band}+|n-m|",
        }

    def align(self, source: Sequence[Segment], target: Sequence[Segment]) -> list[Link]:
        links = self._align(source, target)
        self.warnings = input_warnings(source, target) + alignment_warnings(links, len(source), len(target))
        return links

    def _align(self, source: Sequence[Segment], target: Sequence[Segment]) -> list[Link]:
        import numpy as np

        n, m = len(source), len(target)
        if n == 0 or m == 0:
            return [Link((i,), ()) for i in range(n)] + [Link((), (j,)) for j in range(m)]
        src_len = np.array([max(1, len(s.text)) for s in source], dtype=np.float64)
        tgt_len = np.array([max(1, len(t.text)) for t in target], dtype=np.float64)
        ratio = self.ratio or float(tgt_len.sum() / src_len.sum())
        ps = np.concatenate([[0.0], np.cumsum(src_len)])
        pt = np.concatenate([[0.0], np.cumsum(tgt_len)])
        src_par = [s.paragraph for s in source]
        tgt_par = np.array([t.paragraph for t in target])
        tgt_break = np.concatenate([tgt_par[1:] != tgt_par[:-1], [False]])  # break after target j
        width = self.band + abs(n - m)
        skip = -math.log(PRIORS[(0, 1)]) + SKIP_COST
        # Row i of the DP covers columns lo[i]..lo[i]+len(cost[i])-1; moves[i] holds the index into
        # MOVES of the best move into each cell (-1: unreachable).
        los: list[int] = []
        costs: list[np.ndarray] = []
        moves: list[np.ndarray] = []
        inf = np.inf
        for i in range(n + 1):
            centre = int(i * m / n)
            lo, hi = max(0, centre - width), min(m, centre + width)
            js = np.arange(lo, hi + 1)
            best = np.full(js.shape, inf)
            move = np.full(js.shape, -1, dtype=np.int8)
            if i == 0:
                best[js == 0] = 0.0
            for k, (di, dj) in enumerate(MOVES):
                if di == 0 or i - di < 0:
                    continue
                pj = js - dj
                prev = _lookup(los[i - di], costs[i - di], pj)
                l1 = ps[i] - ps[i - di]
                if dj == 0:
                    step = np.full(js.shape, -math.log(PRIORS[(di, dj)]) + SKIP_COST)
                else:
                    l2 = pt[js] - pt[np.clip(pj, 0, m)]
                    step = _link_cost(l1, l2, ratio, PRIORS[(di, dj)])
                    if dj == 2:
                        step = step + self.paragraph_penalty * tgt_break[np.clip(pj, 0, m - 1)]
                if di == 2 and src_par[i - 2] != src_par[i - 1]:
                    step = step + self.paragraph_penalty
                total = prev + step
                better = total < best
                best[better] = total[better]
                move[better] = k
            # 0-1 links chain along the row: D[j] = min(A[j], D[j-1] + skip), solved with a running
            # minimum of A[j] - j*skip (no Python loop over the row).
            offset = np.arange(js.size) * skip
            running = np.minimum.accumulate(best - offset) + offset
            inserted = running < best - 1e-9  # (a - o) + o can round below a: not an insertion
            best = np.where(inserted, running, best)
            move[inserted] = INSERT
            los.append(lo)
            costs.append(best)
            moves.append(move)
        links: list[Link] = []
        i, j = n, m
        while (i, j) != (0, 0):
            k = int(moves[i][j - los[i]])
            di, dj = MOVES[k]
            link_cost = float(costs[i][j - los[i]] - costs[i - di][j - dj - los[i - di]])
            links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), cost=round(link_cost, 4)))
            i, j = i - di, j - dj
        links.reverse()
        return links


MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (2, 1), (1, 2), (2, 2), (0, 1))
INSERT = MOVES.index((0, 1))


def _lookup(lo: int, row: Any, js: Any) -> Any:
    import numpy as np

    idx = js - lo
    valid = (idx >= 0) & (idx < row.size)
    out = np.full(js.shape, np.inf)
    out[valid] = row[idx[valid]]
    return out


def _link_cost(l1: float, l2: Any, ratio: float, prior: float) -> Any:
    """-log(prior * P(|delta|)) for a vector of target lengths l2 (both sides non-empty)."""
    import numpy as np

    mean = (l1 + l2 / ratio) / 2
    delta = np.abs(l2 - l1 * ratio) / np.sqrt(mean * S2)
    return -math.log(prior) - _log_two_tailed(delta)


def _log_two_tailed(x: Any) -> Any:
    """log(2 * (1 - Phi(x))) = log(erfc(x / sqrt 2)), in log space so large x does not underflow
    (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7 on erfc)."""
    import numpy as np

    z = x / math.sqrt(2)
    t = 1 / (1 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.log(poly) - z * z
