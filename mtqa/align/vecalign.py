"""Embedding-based sentence alignment after Vecalign (Thompson & Koehn, EMNLP 2019).

1. Every sentence and every concatenation of up to `max_link` consecutive sentences on each side
   is embedded once (the encoder caches texts for the run).
2. A link of a source sentences with b target sentences costs
       (1 - cos(x, y)) * a * b / mean(d_rand(x), d_rand(y))
   where d_rand(v) is v's mean cosine distance to random sentences of the other side (Vecalign's
   eq. 2). Dividing by the random-pair distance puts encoders with very different raw cosines on
   one scale (a random pair costs ~1 with USE and with e5); the a*b factor stops a run of good
   1-1 links being swallowed by one big many-to-many link.
3. 1-0 and 0-1 links cost `skip` per sentence.
4. Long documents are solved coarse-to-fine: vectors of neighbouring sentences are averaged into
   half-length documents, solved recursively, and the fine DP only searches a band of `buffer`
   sentences around the projected coarse path, so time and memory grow linearly. Below
   `max_depth` halvings the coarsest level searches a band of `diagonal_width` units around the
   diagonal (it is the full grid for documents up to ~8,000 sentences).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from mtqa.align.diagnostics import LONG_LINE_CHARS, alignment_warnings, input_warnings
from mtqa.align.dp import band_from_path, diagonal_band, full_band, solve_band
from mtqa.errors import UsageError
from mtqa.types import Link, Segment

if TYPE_CHECKING:
    import numpy.typing as npt

    from mtqa.models.encoders.base import Encoder

    Matrix = npt.NDArray[np.float32]
    IntArray = npt.NDArray[np.int64]


# Documents up to this many sentences embed every window of 2-3 sentences (strict F1 0.990 on
# corpora/align with USE); longer ones sum sentence vectors instead (0.959), which cuts encoder work
# about 3x: a news article keeps the best alignment, a 10,000-sentence document stays under a few
# minutes on 2 cores (benchmarks/pipeline.py).
EMBED_WINDOWS_UP_TO = 500


class VecAligner:
    """Vecalign-style aligner over any `mtqa.models.encoders.Encoder`.

    `skip` is the cost of leaving one sentence unaligned, in units where an unrelated pair costs
    ~1; None (default) derives it per document from `skip_fraction` (see `_auto_skip`).
    `gain_weight` penalises a many-sentence link that is no closer than its own parts.
    Defaults were chosen on corpora/align with `benchmarks/align.py --sweep`.
    `warnings` holds notes about the last `align` call for the report (empty side, wildly
    different lengths, over-long lines, many unlinked sentences; see mtqa.align.diagnostics).
    """

    name = "vecalign"

    def __init__(
        self,
        encoder: Encoder,
        *,
        max_link: int = 3,
        skip: float | None = None,
        skip_fraction: float = 0.25,
        gain_weight: float = 2.0,
        buffer: int = 6,
        max_full_cells: int = 90_000,
        max_depth: int = 4,
        diagonal_width: int = 250,
        samples: int = 256,
        seed: int = 0,
        embed_windows_up_to: int = EMBED_WINDOWS_UP_TO,
    ) -> None:
        if max_link < 1:
            raise UsageError(f"vecalign max_link must be at least 1, got {max_link}")
        self.encoder = encoder
        self.max_link = max_link
        self.skip = skip
        self.skip_fraction = skip_fraction
        self.gain_weight = gain_weight
        self.buffer = buffer
        self.max_full_cells = max_full_cells
        self.max_depth = max_depth
        self.diagonal_width = diagonal_width
        self.samples = samples
        self.seed = seed
        self.embed_windows_up_to = embed_windows_up_to
        self.warnings: list[str] = []
        self.last_skip: float | None = None
        self.types = [
            (a, b) for a in range(1, max_link + 1) for b in range(1, max_link + 1) if a + b <= max_link + 1
        ] + [(1, 0)]

    def signature(self) -> Mapping[str, str]:
        sig = {f"encoder.{k}": v for k, v in self.encoder.signature().items()}
        sig.update(
            {
                "aligner": self.name,
                "max_link": str(self.max_link),
                "skip": "auto" if self.skip is None else str(self.skip),
                "skip_fraction": str(self.skip_fraction),
                "gain_weight": str(self.gain_weight),
                "buffer": str(self.buffer),
                "samples": str(self.samples),
                "embed_windows_up_to": str(self.embed_windows_up_to),
            }
        )
        return sig

    def align(self, source: Sequence[Segment], target: Sequence[Segment]) -> list[Link]:
        self.warnings = input_warnings(source, target, long_line=getattr(self.encoder, "max_chars", LONG_LINE_CHARS))
        n, m = len(source), len(target)
        if n == 0 or m == 0:
            return [Link((i,), ()) for i in range(n)] + [Link((), (j,)) for j in range(m)]
        truncated_before = getattr(self.encoder, "truncated", 0)
        src = self._window_vectors([s.text for s in source])
        tgt = self._window_vectors([t.text for t in target])
        truncated = getattr(self.encoder, "truncated", 0) - truncated_before
        if truncated and not any("longer than" in w for w in self.warnings):
            limit = getattr(self.encoder, "max_chars", "?")
            self.warnings.append(
                f"{truncated} sentence window(s) longer than {limit} characters were embedded from "
                "their beginning only; alignment of very long lines is less reliable"
            )
        norm_src, norm_tgt = self._random_distance(src, tgt)
        skip = self.skip if self.skip is not None else self._auto_skip(src[1], tgt[1], norm_src[1], norm_tgt[1])
        self.last_skip = skip
        path = self._solve(src, tgt, self.types, skip)
        links = [
            Link(tuple(range(s0, s1)), tuple(range(t0, t1)), round(cost, 4))
            for s0, s1, t0, t1, cost in path
        ]
        self.warnings.extend(alignment_warnings(links, n, m))
        return links

    # -- internals -------------------------------------------------------------------------

    def _window_vectors(self, texts: list[str]) -> dict[int, Matrix]:
        """size -> matrix whose row k embeds texts[k:k+size] joined by spaces.

        Beyond `embed_windows_up_to` sentences only single sentences are embedded and windows
        are normalised sums of their vectors: embedding every window triples the encoder work,
        which dominates on long documents (`benchmarks/align.py` measures the encoders' throughput).
        """
        if len(texts) > self.embed_windows_up_to:
            return _sums(self.encoder.encode(texts), self.max_link)
        windows: list[str] = []
        sizes = range(1, min(self.max_link, len(texts)) + 1)
        for size in sizes:
            windows.extend(" ".join(texts[k : k + size]) for k in range(len(texts) - size + 1))
        vecs = self.encoder.encode(windows)
        out: dict[int, Matrix] = {}
        start = 0
        for size in sizes:
            count = len(texts) - size + 1
            out[size] = vecs[start : start + count]
            start += count
        return out

    def _solve(
        self,
        src: dict[int, Matrix],
        tgt: dict[int, Matrix],
        types: Sequence[tuple[int, int]],
        skip: float,
        depth: int = 0,
    ) -> list[tuple[int, int, int, int, float]]:
        n, m = len(src[1]), len(tgt[1])
        types = [(a, b) for a, b in types if a <= len(src) and b <= len(tgt)]
        if n * m <= self.max_full_cells or min(n, m) < 8:
            lo, hi = full_band(n, m)
        elif depth >= self.max_depth:
            # Averages of more than 2**max_depth sentences stop telling blocks apart (measured:
            # on 50k-sentence documents built from repeated corpus text, coarsening to blocks of
            # 256 dropped strict F1 to 0.38); search a wide band around the diagonal instead.
            lo, hi = diagonal_band(n, m, self.diagonal_width)
        else:
            coarse_src, coarse_tgt = _halve(src[1]), _halve(tgt[1])
            coarse_types = [(1, 1), (1, 2), (2, 1), (1, 0)]
            coarse = self._solve(_sums(coarse_src, 2), _sums(coarse_tgt, 2), coarse_types, skip, depth + 1)
            lo, hi = band_from_path([p[:4] for p in coarse], n, m, factor=2, buffer=self.buffer)
        norm_src, norm_tgt = self._random_distance(src, tgt)

        def cost_fn(a: int, b: int, r: int, starts: IntArray) -> npt.NDArray[np.float64]:
            cos = tgt[b][starts] @ src[a][r]
            denom = (norm_src[a][r] + norm_tgt[b][starts]) / 2.0
            denom = np.maximum(denom, 1e-6)
            # + 0.01 per extra sentence: among equally good paths prefer 1-1 links (exact ties
            # happen with repeated or boilerplate lines).
            cost = (1.0 - cos.astype(np.float64)) * (a * b) / denom + 0.01 * (a + b - 2)
            if self.gain_weight and a + b > 2:
                # A merge must beat its own parts: drop the first or the last sentence of the
                # longer side; if that window is as similar to the other side as the whole
                # window, the dropped sentence is really an omission or addition.
                part = np.full(starts.shape, -1.0)
                if a > 1:
                    for k in (r, r + 1):
                        part = np.maximum(part, tgt[b][starts] @ src[a - 1][k])
                if b > 1:
                    for off in (0, 1):
                        part = np.maximum(part, tgt[b - 1][starts + off] @ src[a][r])
                gain = (cos - part) / denom
                cost = cost + self.gain_weight * np.maximum(0.0, -gain)
            out: npt.NDArray[np.float64] = np.asarray(cost, dtype=np.float64)
            return out

        return solve_band(n, m, types, cost_fn, skip, lo, hi)

    def _auto_skip(
        self,
        src: Matrix,
        tgt: Matrix,
        norm_src: npt.NDArray[np.float64],
        norm_tgt: npt.NDArray[np.float64],
    ) -> float:
        """Skip cost between a typical good 1-1 link and a random pair (which costs ~1).

        The cost of a correct translation differs by encoder (~0.2 with USE, ~0.45 with e5 on
        corpora/align), so a fixed skip cost would favour skipping with one encoder and merging
        with the other. `typical` is the median, over up to `samples` source sentences, of each
        one's cheapest 1-1 link to a target sentence near its proportional position; the skip cost
        is typical + skip_fraction * (1 - typical). skip_fraction=0.25 was chosen on corpora/align
        (benchmarks/align.py --sweep): strict F1 is flat within +-0.05 of it for both encoders.
        """
        n, m = len(src), len(tgt)
        rng = np.random.default_rng(self.seed + 1)
        rows = np.sort(rng.choice(n, min(self.samples, n), replace=False))
        half = max(25, m // 20)
        best = []
        for i in rows:
            centre = int(round(i * m / n))
            cols = np.arange(max(0, centre - half), min(m, centre + half + 1))
            cos = tgt[cols] @ src[i]
            cost = (1.0 - cos) / np.maximum((norm_src[i] + norm_tgt[cols]) / 2.0, 1e-6)
            best.append(float(cost.min()))
        typical = float(np.median(best))
        return typical + self.skip_fraction * max(0.0, 1.0 - typical)

    def _random_distance(
        self, src: dict[int, Matrix], tgt: dict[int, Matrix]
    ) -> tuple[dict[int, npt.NDArray[np.float64]], dict[int, npt.NDArray[np.float64]]]:
        """Mean cosine distance of every window to a fixed random sample of the other side's
        sentences (the normaliser of Vecalign's cost)."""
        rng = np.random.default_rng(self.seed)
        sample_src = src[1][rng.choice(len(src[1]), min(self.samples, len(src[1])), replace=False)]
        sample_tgt = tgt[1][rng.choice(len(tgt[1]), min(self.samples, len(tgt[1])), replace=False)]
        norm_src = {a: 1.0 - (v @ sample_tgt.T).mean(axis=1).astype(np.float64) for a, v in src.items()}
        norm_tgt = {b: 1.0 - (v @ sample_src.T).mean(axis=1).astype(np.float64) for b, v in tgt.items()}
        return norm_src, norm_tgt


def _normalise(vecs: Matrix) -> Matrix:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    out: Matrix = (vecs / np.maximum(norms, 1e-12)).astype(np.float32)
    return out


def _halve(vecs: Matrix) -> Matrix:
    """Average sentence pairs (0,1), (2,3), ...; an odd last sentence stays alone."""
    n = len(vecs)
    even = vecs[: n - n % 2].reshape(n // 2, 2, -1).sum(axis=1)
    if n % 2:
        even = np.vstack([even, vecs[-1:]])
    return _normalise(even)


def _sums(vecs: Matrix, max_size: int) -> dict[int, Matrix]:
    """Window vectors approximated by normalised sums, for the coarse levels."""
    out = {1: vecs}
    for size in range(2, min(max_size, len(vecs)) + 1):
        acc = sum(vecs[k : len(vecs) - size + 1 + k] for k in range(size))
        out[size] = _normalise(np.asarray(acc, dtype=np.float32))
    return out
