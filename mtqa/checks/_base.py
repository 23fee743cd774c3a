"""Shared plumbing for the rule checks: a scorer base class, accent folding, word tokens, data files.

Every rule check is a `RuleScorer`: it looks at one pair at a time (`check`), or at the whole batch
(`check_all`, for document-level rules such as consistency). What a check knows about a language
(word lists, month names, negators) it reads from `mtqa.lang.get(code)`, never from a branch on the code.
"""

from __future__ import annotations

import re

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mtqa.config import Config
from mtqa.evidence import Evidence
from mtqa.lang.words import fold as fold
from mtqa.lang.words import word_regex
from mtqa.types import Pair, PairScore, Signal

_WORD = word_regex(joiners="-")
_OPENERS = frozenset(" \t\"“”«»'‘([—–-")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    initial: bool
    """True when the word opens a sentence (its capital says nothing about it being a name)."""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def words(text: str) -> list[Word]:
    out: list[Word] = []
    for m in _WORD.finditer(text):
        out.append(Word(m.group(0), m.start(), m.end(), is_initial(text, m.start())))
    return out


def is_initial(text: str, pos: int) -> bool:
    """True when position `pos` opens a sentence: only openers back to the start or to . ! ? : ;
    A short bracketed tag that opens the text counts as an opener too: "(FR) Accolgo...",
    "-- (DE) Relatrice..." (the speaker's language in parliamentary records)."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i >= 0 and text[i] == ")" and _LEADING_TAG.match(text[: i + 1]):
        return True
    return i < 0 or text[i] in ".!?:;\n…"


_LEADING_TAG = re.compile(r"^[\s\-–—]*\([A-Za-z]{1,5}\)$")


class RuleScorer:
    """Base of the rule checks. Subclasses set `name`, `version`, `code_prefix` and define `check`."""

    name = ""
    version = "1"
    requires: tuple[type[Evidence], ...] = ()
    provides: tuple[type[Evidence], ...] = ()

    def __init__(self, config: Config) -> None:
        self.config = config
        self.source_lang = config.source_lang
        self.target_lang = config.target_lang
        self.warnings: list[str] = []

    def parameters(self) -> dict[str, str]:
        return {}

    def signature(self) -> Mapping[str, str]:
        return {
            "scorer": self.name,
            "version": self.version,
            "langs": f"{self.source_lang},{self.target_lang}",
            **self.parameters(),
        }

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        signals = self.check_all(pairs)
        # Rule checks give no graded score: a pair is described by its signals only.
        return [PairScore(signals=tuple(s)) for s in signals]

    def check_all(self, pairs: Sequence[Pair]) -> list[list[Signal]]:
        return [self.check(p) if p.source.strip() and p.target.strip() else [] for p in pairs]

    def check(self, pair: Pair) -> list[Signal]:
        raise NotImplementedError


def quote(text: str) -> str:
    """How a fragment is shown in a message."""
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"
