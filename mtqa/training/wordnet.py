"""A small read-only WordNet 3.0 reader over the standard dict files (Debian `wordnet-base`).

Only what the error generator needs: the senses of a lemma in frequency order, each sense's lemmas,
and its pointers (antonym `!`, hypernym `@`/`@i`, hyponym `~`/`~i`, similar-to `&`). It reads the
files named in wndb(5): `index.POS` lines are `lemma pos synset_cnt p_cnt [ptr...] sense_cnt
tagsense_cnt offset...` with the offsets in order of sense frequency; an offset is the byte offset of
that synset's line in `data.POS`, so a sense is one seek away and nothing is loaded whole.
nltk's reader would do the same but refuses folders outside its own data path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

POS = ("n", "v", "a", "r")
_FILE = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
DEFAULT_ROOT = Path("/usr/share/wordnet")


class WordNetMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Pointer:
    symbol: str
    offset: int
    pos: str
    source: int  # 1-based word number in this synset, 0 for a pointer between whole synsets
    target: int


@dataclass(frozen=True)
class Synset:
    offset: int
    pos: str  # n, v, a, r; satellite adjectives ("s" in the file) are reported as "a"
    satellite: bool
    lemmas: tuple[str, ...]  # as written in the file, underscores turned into spaces, markers like "(a)" removed
    pointers: tuple[Pointer, ...]

    def related(self, symbol: str) -> list[Pointer]:
        return [p for p in self.pointers if p.symbol == symbol]


@dataclass(frozen=True)
class IndexEntry:
    lemma: str
    pos: str
    tagged_senses: int  # senses seen in the SemCor-tagged text: 0 means the lemma is rare in this POS
    offsets: tuple[int, ...]  # most frequent sense first


class WordNet:
    def __init__(self, root: Path | None = None) -> None:
        env = os.environ.get("MTQA_WORDNET")
        self.root = Path(root or env or DEFAULT_ROOT)
        if not (self.root / "index.noun").is_file():
            raise WordNetMissing(
                f"WordNet 3.0 dict files not found in {self.root}; install them with"
                " 'apt-get install -y wordnet-base' or set MTQA_WORDNET to the folder holding index.noun"
            )
        self._index: dict[str, dict[str, str]] = {}
        self._data: dict[str, bytes] = {}

    def _index_of(self, pos: str) -> dict[str, str]:
        if pos not in self._index:
            table: dict[str, str] = {}
            with open(self.root / f"index.{_FILE[pos]}", encoding="utf-8") as f:
                for line in f:
                    if line.startswith(" "):  # licence header lines start with two spaces
                        continue
                    key, _, _ = line.partition(" ")
                    table[key] = line
            self._index[pos] = table
        return self._index[pos]

    def entry(self, lemma: str, pos: str) -> IndexEntry | None:
        line = self._index_of(pos).get(lemma.lower().replace(" ", "_"))
        if line is None:
            return None
        f = line.split()
        n_ptr = int(f[3])
        rest = f[4 + n_ptr :]
        sense_cnt, tagged = int(rest[0]), int(rest[1])
        offsets = tuple(int(o) for o in rest[2 : 2 + sense_cnt])
        return IndexEntry(f[0].replace("_", " "), pos, tagged, offsets)

    def sense_counts(self, lemma: str, pos: str) -> list[int]:
        """How often each sense of `lemma` (index order) was tagged in WordNet's sense-tagged text
        (`cntlist.rev`: `sense_key sense_number tag_cnt`); zeros when it never was."""
        if not hasattr(self, "_counts"):
            counts: dict[tuple[str, str], dict[int, int]] = {}
            path = self.root / "cntlist.rev"
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    key, num, cnt = line.split()
                    lem, _, rest = key.partition("%")
                    p = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}[rest[0]]
                    counts.setdefault((lem, p), {})[int(num)] = int(cnt)
            self._counts = counts
        e = self.entry(lemma, pos)
        by = self._counts.get((lemma.lower().replace(" ", "_"), pos), {})
        return [by.get(k, 0) for k in range(1, len(e.offsets) + 1)] if e else []

    def dominant_first_sense(self, lemma: str, pos: str, *, share: float = 0.6, least: int = 3) -> bool:
        """Whether the first sense covers at least `share` of the lemma's tagged uses (and there are
        at least `least` of them): then a word in running text is most likely meant in that sense,
        and its antonym, hypernym or hyponym is one of what the text says."""
        c = self.sense_counts(lemma, pos)
        return bool(c) and sum(c) >= least and c[0] >= share * sum(c)

    def has(self, lemma: str, pos: str | None = None) -> bool:
        return any(self.entry(lemma, p) is not None for p in ((pos,) if pos else POS))

    def synsets(self, lemma: str, pos: str) -> list[Synset]:
        e = self.entry(lemma, pos)
        return [self.synset(o, pos) for o in e.offsets] if e else []

    def synset(self, offset: int, pos: str) -> Synset:
        return _read_synset(self.root, _FILE["a" if pos == "s" else pos], offset)


@lru_cache(maxsize=65536)
def _read_synset(root: Path, name: str, offset: int) -> Synset:
    with open(root / f"data.{name}", "rb") as f:
        f.seek(offset)
        line = f.readline().decode("utf-8")
    f_ = line.split(" | ")[0].split()
    ss_type = f_[2]
    w_cnt = int(f_[3], 16)
    words = [f_[4 + 2 * i] for i in range(w_cnt)]
    lemmas = tuple(w.split("(")[0].replace("_", " ") for w in words)
    k = 4 + 2 * w_cnt
    p_cnt = int(f_[k])
    ptrs = []
    for i in range(p_cnt):
        sym, off, pos, st = f_[k + 1 + 4 * i : k + 5 + 4 * i]
        ptrs.append(Pointer(sym, int(off), "a" if pos == "s" else pos, int(st[:2], 16), int(st[2:], 16)))
    pos_ = "a" if ss_type == "s" else ss_type
    return Synset(offset, pos_, ss_type == "s", lemmas, tuple(ptrs))


@lru_cache(maxsize=1)
def default_wordnet() -> WordNet:
    return WordNet()
