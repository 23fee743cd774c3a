"""Banded dynamic programming over sentence-alignment link types (the solver behind VecAligner).

Cells are (i, j) = number of source / target sentences consumed. A link of type (a, b) moves from
(i - a, j - b) to (i, j). Row i only holds the columns lo[i]..hi[i]; a full DP is the band
lo = 0, hi = m. One numpy pass per row and link type, so the time is O(rows x band width x types):
linear in document length once coarse-to-fine keeps the band narrow (Thompson & Koehn 2019, §3.2).

0-1 links (target additions) move within a row; with a constant skip cost they reduce to a
running minimum: D[j] = min_k (E[k] + (j - k) * skip), i.e. j*skip + cummin(E[k] - k*skip).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

# cost_fn(a, b, src_start, tgt_starts) -> costs of linking source[src_start:src_start+a] with
# target[t:t+b] for every t in tgt_starts.
CostFn = Callable[[int, int, int, "IntArray"], "FloatArray"]

INSERT = -1  # back-pointer code of a 0-1 link


def solve_band(
    n: int,
    m: int,
    types: Sequence[tuple[int, int]],
    cost_fn: CostFn,
    skip: float,
    lo: IntArray,
    hi: IntArray,
) -> list[tuple[int, int, int, int, float]]:
    """Cheapest monotone path from (0, 0) to (n, m) inside the band.

    `types` holds the (a, b) link shapes with a >= 1 (1-0 included as (1, 0)); 0-1 is always
    allowed. Returns links as (src_start, src_end, tgt_start, tgt_end, cost) in document order.
    """
    inf = np.inf
    rows: list[FloatArray] = []
    back: list[npt.NDArray[np.int8]] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(js.shape, inf)
        ptr = np.full(js.shape, INSERT, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        for t, (a, b) in enumerate(types):
            r = i - a
            if r < 0:
                continue
            jj = js - b
            valid = (jj >= lo[r]) & (jj <= hi[r])
            if not valid.any():
                continue
            idx = np.nonzero(valid)[0]
            prev = rows[r][jj[idx] - lo[r]]
            finite = np.isfinite(prev)
            if not finite.any():
                continue
            idx, prev = idx[finite], prev[finite]
            cost = np.full(idx.shape, skip) if b == 0 else cost_fn(a, b, r, jj[idx])
            cand = prev + cost
            better = cand < best[idx]
            best[idx[better]] = cand[better]
            ptr[idx[better]] = t
        # 0-1 links inside the row (see module docstring).
        offs = js * skip
        run = np.minimum.accumulate(best - offs) + offs
        from_insert = run < best - 1e-12
        best = np.where(from_insert, run, best)
        ptr[from_insert] = INSERT
        rows.append(best)
        back.append(ptr)
    if not (lo[n] <= m <= hi[n]) or not np.isfinite(rows[n][m - lo[n]]):
        raise ValueError("alignment band does not reach the end cell")  # a bug, never user input

    links: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i][j - lo[i]])
        a, b = (0, 1) if t == INSERT else types[t]
        here = rows[i][j - lo[i]]
        there = rows[i - a][j - b - lo[i - a]]
        links.append((i - a, i, j - b, j, float(here - there)))
        i, j = i - a, j - b
    links.reverse()
    return links


def full_band(n: int, m: int) -> tuple[IntArray, IntArray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def diagonal_band(n: int, m: int, width: int) -> tuple[IntArray, IntArray]:
    """Columns within `width` of the straight line from (0, 0) to (n, m) (Sakoe-Chiba band)."""
    centre = np.arange(n + 1) * (m / max(n, 1))
    width = max(width, int(np.ceil(m / max(n, 1))) + 1)  # consecutive rows must overlap
    lo = np.clip(np.floor(centre).astype(np.int64) - width, 0, m)
    hi = np.clip(np.ceil(centre).astype(np.int64) + width, 0, m)
    lo[0], hi[n] = 0, m
    return lo, hi


def band_from_path(
    path: Sequence[tuple[int, int, int, int]], n: int, m: int, factor: int, buffer: int
) -> tuple[IntArray, IntArray]:
    """Project a coarse path (links in coarse units) onto the fine grid, widened by `buffer`
    sentences in both directions, as Vecalign's search_buffer_size does."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for s0, s1, t0, t1 in path:
        r0, r1 = min(s0 * factor, n), min(s1 * factor, n)
        c0, c1 = min(t0 * factor, m), min(t1 * factor, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    # Widen across rows (a window of +-buffer rows) then across columns.
    width = 2 * buffer + 1
    pad_lo = np.concatenate([np.full(buffer, lo[0]), lo, np.full(buffer, lo[-1])])
    pad_hi = np.concatenate([np.full(buffer, hi[0]), hi, np.full(buffer, hi[-1])])
    win_lo = np.lib.stride_tricks.sliding_window_view(pad_lo, width).min(axis=1)
    win_hi = np.lib.stride_tricks.sliding_window_view(pad_hi, width).max(axis=1)
    lo = np.clip(win_lo - buffer, 0, m)
    hi = np.clip(win_hi + buffer, 0, m)
    lo[0] = 0
    hi[n] = m
    return lo.astype(np.int64), hi.astype(np.int64)
