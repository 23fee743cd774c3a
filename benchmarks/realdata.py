"""Real Italian/English parallel text (shared/corpora/real) with one fixed development/test split.

    from benchmarks.realdata import load
    dev = load(split="dev")                      # every corpus, the part we study and tune on
    news_test = load("ntrex-news", split="test")  # a part we only measure on

The corpora are human translations written by others (see each folder's SOURCE.md); every pair is a
correct translation as far as a gate is concerned. They live beside the checkout, not in it
(`../shared/corpora/real`, or the folder named by MTQA_REAL_CORPORA).

The split is fixed before anyone looks at the data and never depends on content: lines are grouped
in consecutive blocks of BLOCK lines (neighbouring lines share an article, a debate or a Tatoeba
sentence with several translations, so they must fall on the same side), and a block goes to `dev`
or `test` by the parity of a SHA-1 of its corpus name and block number. WMT24++ rows are grouped by
their document id instead. About half of every corpus is dev, half test.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = 20
SPLITS = ("dev", "test")

# folder -> (domain, the language the text was originally written in: "en", "it" or "mixed")
CORPORA: dict[str, tuple[str, str]] = {
    "ntrex-news": ("news", "en"),
    "europarl": ("parliament", "mixed"),
    "tatoeba": ("everyday", "mixed"),
    "wmt24pp-en-it": ("mixed-web", "en"),
}


@dataclass(frozen=True)
class RealPair:
    corpus: str
    domain: str
    original: str  # language the text was first written in: "en", "it" or "mixed"
    line: int  # 1-based line (row) in the corpus file
    doc: str  # the block or document the line belongs to; lines of one doc are in order
    split: str
    it: str
    en: str


class RealCorporaMissing(RuntimeError):
    pass


def real_root() -> Path:
    env = os.environ.get("MTQA_REAL_CORPORA")
    root = Path(env) if env else ROOT.parent / "shared" / "corpora" / "real"
    if not (root / "ntrex-news" / "it.txt").is_file():
        raise RealCorporaMissing(
            f"real corpora not found at {root}; set MTQA_REAL_CORPORA to the folder holding ntrex-news/, europarl/, ..."
        )
    return root


def split_of(corpus: str, group: str) -> str:
    digest = hashlib.sha1(f"{corpus}\t{group}".encode()).digest()
    return SPLITS[digest[0] & 1]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _load_corpus(corpus: str, root: Path) -> Iterable[RealPair]:
    domain, original = CORPORA[corpus]
    folder = root / corpus
    if corpus == "wmt24pp-en-it":
        with (folder / "en-it_IT.jsonl").open(encoding="utf-8") as f:
            for n, raw in enumerate(f, start=1):
                row = json.loads(raw)
                if row["is_bad_source"]:
                    continue
                doc = row["document_id"]
                yield RealPair(corpus, row["domain"], original, n, doc, split_of(corpus, doc), row["target"], row["source"])
        return
    it, en = _lines(folder / "it.txt"), _lines(folder / "en.txt")
    if len(it) != len(en):
        raise ValueError(f"{folder}: it.txt has {len(it)} lines, en.txt {len(en)}")
    for n, (i, e) in enumerate(zip(it, en, strict=True), start=1):
        block = str((n - 1) // BLOCK)
        yield RealPair(corpus, domain, original, n, f"{corpus}:{block}", split_of(corpus, block), i, e)


def load(corpus: str | None = None, *, split: str | None = "dev", root: Path | None = None) -> list[RealPair]:
    """Pairs of one corpus (or all of them, in CORPORA order) from one split (`None`: both), in file order."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of {SPLITS}")
    names = list(CORPORA) if corpus is None else [corpus]
    unknown = [c for c in names if c not in CORPORA]
    if unknown:
        raise ValueError(f"unknown corpus {unknown[0]!r}; use one of {list(CORPORA)}")
    base = root or real_root()
    return [p for c in names for p in _load_corpus(c, base) if split is None or p.split == split]


def sample(pairs: list[RealPair], n: int, *, seed: int = 0) -> list[RealPair]:
    """A seeded sample of n pairs, kept in file order (all of them when there are fewer)."""
    if n >= len(pairs):
        return list(pairs)
    import random

    keep = sorted(random.Random(seed).sample(range(len(pairs)), n))
    return [pairs[i] for i in keep]


if __name__ == "__main__":
    for name in CORPORA:
        both = load(name, split=None)
        dev = sum(p.split == "dev" for p in both)
        print(f"{name:15s} {len(both):7d} pairs  dev {dev:7d}  test {len(both) - dev:7d}")
