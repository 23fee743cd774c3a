"""Test doubles for the aligner tests: a bag-of-words encoder whose vectors are exact, so each
link type can be built by hand (the real encoders are exercised in tests marked `encoder`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from mtqa.types import Segment


class BagEncoder:
    """Each word is a fixed random direction; a text is the normalised sum of its words, so a
    concatenation of two sentences embeds like the union of their words, as with real encoders."""

    name = "bag"
    dim = 256
    languages = frozenset({"it", "en"})
    random_mean = 0.0
    random_std = 0.1
    match_median = 1.0
    max_chars = 2000

    def __init__(self) -> None:
        self.calls = 0
        self.truncated = 0

    def signature(self) -> Mapping[str, str]:
        return {"encoder": self.name}

    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            if len(text) > self.max_chars:
                self.truncated += 1
            vec = sum((self._word(w) for w in text[: self.max_chars].split()), np.zeros(self.dim))
            norm = np.linalg.norm(vec)
            out[row] = vec / norm if norm else self._word("<empty>") / np.linalg.norm(self._word("<empty>"))
        return out


def segments(texts: Sequence[str]) -> list[Segment]:
    return [Segment(text, k) for k, text in enumerate(texts)]


def filler(prefix: str, count: int) -> list[str]:
    """Distinct three-word sentences: background material that aligns 1-1."""
    return [f"{prefix}{k}a {prefix}{k}b {prefix}{k}c" for k in range(count)]
