"""The sentence-encoder protocol and the per-run text -> vector cache every encoder shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Contract: `encode(texts)` returns a float32 array of shape (len(texts), dim), one
    L2-normalised row per text in input order (an empty text gets a finite unit vector too).

    `languages` lists the ISO 639-1 codes the model was trained on; `random_mean`/`random_std` are
    the cosine of unrelated pairs and `match_median` that of correct translations, measured on
    corpora/align (benchmarks/align.py --calibrate). They let aligners and scorers normalise raw
    cosines, which differ a lot between encoders (USE ~0.1-0.3 for unrelated pairs, e5 ~0.8).
    """

    name: str
    dim: int
    languages: frozenset[str]
    random_mean: float
    random_std: float
    match_median: float

    def signature(self) -> Mapping[str, str]: ...

    def encode(self, texts: Sequence[str]) -> Matrix: ...


class CachedEncoder:
    """Wraps a raw batch function with a text -> vector cache that lives as long as the object.

    Aligners embed the same sentence many times (alone and inside overlap windows of the coarse and
    fine passes), and the similarity scorer re-embeds aligned pairs: the cache makes each distinct
    text cost one forward pass per run. Texts longer than `max_chars` are embedded from their first
    `max_chars` characters (both bundled models degrade or truncate on very long inputs: e5 keeps
    512 tokens) and counted in `truncated` so callers can report it.
    """

    name = "cached"
    dim = 0
    languages: frozenset[str] = frozenset()
    random_mean = 0.0
    random_std = 1.0
    match_median = 1.0

    def __init__(self, *, max_chars: int = 2000, batch_size: int = 256) -> None:
        self.max_chars = max_chars
        self.batch_size = batch_size
        self._cache: dict[str, Matrix] = {}
        self.truncated = 0

    def _encode_batch(self, texts: list[str]) -> Matrix:
        raise NotImplementedError

    def signature(self) -> Mapping[str, str]:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> Matrix:
        import numpy as np

        keys = [t[: self.max_chars] for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._cache))
        self.truncated += sum(1 for t in texts if len(t) > self.max_chars)
        for start in range(0, len(missing), self.batch_size):
            chunk = missing[start : start + self.batch_size]
            vecs = np.asarray(self._encode_batch(chunk), dtype=np.float32)
            # Re-normalise: both packages return unit vectors, but an all-zero row (no tokens)
            # must not turn into NaN downstream.
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-12)
            for key, vec in zip(chunk, vecs, strict=True):
                self._cache[key] = vec
        out = np.empty((len(keys), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = self._cache[key]
        return out

    def cache_size(self) -> int:
        return len(self._cache)

    def clear_cache(self) -> None:
        self._cache.clear()
