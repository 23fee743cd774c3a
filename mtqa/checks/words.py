"""Word tokens with offsets and small per-language function-word lists shared by the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


# Function words that are frequent in one language and (almost) never words of the other. Words
# shared by Italian and English ("a", "in", "per", "no", "come"? no: "come" is English too) are left
# out so that a count is evidence for one language only.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "it": frozenset(
        """il lo la gli le un uno una di del dello della dei degli delle da dal dallo dalla dai dagli
        dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle col che chi cui non
        è e ed o ma però anche come se perché quando dove più meno molto questo questa questi queste
        quello quella quelli quelle sono ha hanno era erano essere stato stata stati fra tra su con
        al allo alla ai agli alle ci si suo sua suoi sue loro nostro nostra mentre dopo senza ancora
        già tutto tutti tutta tutte ogni cosa""".split()
    ),
    "en": frozenset(
        """the of and to is are was were be been being that which who whom whose this these those
        with from by at it its they them their he she his her we our you your has have had will
        would should could can may might must not no yet but or if than then there here what when
        where why how also only very more most such after before about into over under between
        against during without within through""".split()
    ),
}


def function_word_counts(words: list[Token], langs: tuple[str, ...]) -> dict[str, int]:
    return {lang: sum(1 for w in words if w.lower in FUNCTION_WORDS.get(lang, frozenset())) for lang in langs}
