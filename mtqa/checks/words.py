"""Word tokens with offsets and small per-language function-word lists shared by the checks."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.lang.words import word_regex

_WORD = word_regex(digits=True, joiners="'’")


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


def function_words(lang: str) -> frozenset[str]:
    """Function words of `lang` that are not words of the other language, folded (no accents)
    (`Language.function_words`); none for a language without a folder."""
    from mtqa import lang as languages

    return languages.get(lang).function_words if lang in languages.codes() else frozenset()


def function_word_counts(words: list[Token], langs: tuple[str, ...]) -> dict[str, int]:
    from mtqa.checks._base import fold

    folded = [fold(w.text) for w in words]
    return {lang: sum(1 for w in folded if w in function_words(lang)) for lang in langs}
