"""SimAlign-style word alignment from contextual token vectors (Jalili Sabet et al., 2020).

Subword vectors of one middle layer, cosine similarity matrix, then either *argmax* (a link where
source token i and target token j are each other's best match) or *itermax* (argmax, then up to
`iterations - 1` more rounds among still-unaligned tokens, with already-aligned rows/columns
damped by `alpha`; paper section 2.3). A word pair is linked when any of their subwords are, as in
SimAlign's subword mode. The layer is chosen by `benchmarks/wordalign.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
import numpy as np

from mtqa.evidence import WordAlignment, WordSpan
from mtqa.types import Span


def argmax_links(sim: np.ndarray) -> np.ndarray:
    """Boolean [m, n]: mutual best matches (the intersection of both directions)."""
    m, n = sim.shape
    out = np.zeros((m, n), dtype=bool)
    if m == 0 or n == 0:
        return out
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    rows = np.arange(m)
    mutual = bwd[fwd] == rows
    out[rows[mutual], fwd[mutual]] = True
    return out


def itermax_links(sim: np.ndarray, *, iterations: int = 2, alpha: float = 0.9) -> np.ndarray:
    links = argmax_links(sim)
    m, n = sim.shape
    if min(m, n) <= 2:
        return links
    for _ in range(iterations - 1):
        row_done = links.any(axis=1)
        col_done = links.any(axis=0)
        if row_done.all() or col_done.all():
            break
        # cells whose row and column are both already aligned cannot gain a link; cells with one
        # side aligned are damped by alpha, cells with neither keep their similarity.
        free_r = np.logical_not(row_done).astype(float)[:, None]
        free_c = np.logical_not(col_done).astype(float)[None, :]
        weight = np.clip(alpha * free_r + alpha * free_c, 0.0, 1.0)
        allowed = (free_r + free_c) > 0
        new = argmax_links(sim * weight) & allowed
        if not (new & ~links).any():
            break
        links |= new
    return links


def token_to_word(spans: Sequence[Span], words: Sequence[WordSpan]) -> list[int]:
    """Index of the word each token overlaps most (-1: none, e.g. a bare metaspace)."""
    out = []
    for s, e in spans:
        best, best_ov = -1, 0
        for k, w in enumerate(words):
            ov = min(e, w.span[1]) - max(s, w.span[0])
            if ov > best_ov:
                best, best_ov = k, ov
            if w.span[0] >= e:
                break
        out.append(best)
    return out


def align_words(
    src_vecs: np.ndarray,
    src_spans: Sequence[Span],
    src_words: Sequence[WordSpan],
    tgt_vecs: np.ndarray,
    tgt_spans: Sequence[Span],
    tgt_words: Sequence[WordSpan],
    *,
    method: str = "itermax",
) -> WordAlignment:
    s_map = np.array(token_to_word(src_spans, src_words), dtype=int)
    t_map = np.array(token_to_word(tgt_spans, tgt_words), dtype=int)
    s_keep = s_map >= 0
    t_keep = t_map >= 0
    a = src_vecs[s_keep]
    b = tgt_vecs[t_keep]
    s_map, t_map = s_map[s_keep], t_map[t_keep]
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    sim = a @ b.T if len(a) and len(b) else np.zeros((len(a), len(b)))
    links_tok = itermax_links(sim) if method == "itermax" else argmax_links(sim)
    pair_sim: dict[tuple[int, int], float] = {}
    for ti, tj in zip(*np.nonzero(links_tok)):
        key = (int(s_map[ti]), int(t_map[tj]))
        pair_sim[key] = max(pair_sim.get(key, -1.0), float(sim[ti, tj]))
    # word-level best similarity: max over the word's subwords and all subwords of the other side
    s_best = [-1.0] * len(src_words)
    t_best = [-1.0] * len(tgt_words)
    if sim.size:
        row_max, col_max = sim.max(axis=1), sim.max(axis=0)
        for ti, w in enumerate(s_map):
            s_best[w] = max(s_best[w], float(row_max[ti]))
        for tj, w in enumerate(t_map):
            t_best[w] = max(t_best[w], float(col_max[tj]))
    links = tuple(sorted((i, j, s) for (i, j), s in pair_sim.items()))
    return WordAlignment(tuple(src_words), tuple(tgt_words), links, tuple(s_best), tuple(t_best))
