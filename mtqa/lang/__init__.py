"""One home per language: everything the segmenter and the rule checks know about a language.

Each supported language is a package `mtqa/lang/<code>/` (ISO 639-1) whose `__init__.py` defines
`LANGUAGE`, a `Language`; its word lists are text files beside it, read on first use. The checks ask
`mtqa.lang.get(code)` for a table instead of branching on the code, so a new language is a new
folder plus its tests (README, "Adding a language"). Tables that belong to a language *pair*
(exonyms, demonyms) live in `mtqa/lang/pairs/`.

`codes()` lists the folders without importing them: `config.SUPPORTED_LANGS` is read at import time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mtqa.lang.words import fold


@dataclass(frozen=True)
class Language:
    """What the segmenter and the rule checks need to know about one language. Words are lower case;
    the file-backed lists (`word_list`) are folded (lower case, no accents)."""

    code: str
    """ISO 639-1 code, the folder's name"""
    name: str
    """English name, used in messages ("... is Italian, left untranslated")"""
    stop_words: frozenset[str]
    """closed-class words that carry no content of their own (articles, prepositions, auxiliaries,
    pronouns): a word alignment and the term check skip them. Negators are not stop words."""
    abbreviations: frozenset[str]
    """abbreviations (without the final period) that never end a sentence before a capital: titles, "p. es.\""""
    ambiguous_abbreviations: frozenset[str]
    """abbreviations that may also end a sentence: the segmenter splits after them only before a sentence starter"""
    sentence_starters: frozenset[str]
    """words that usually open a sentence (after an ambiguous abbreviation they mean a boundary)"""
    name_starters: frozenset[str]
    """frequent sentence openers that a following capitalised name must not absorb ("Secondo Rossi")"""
    months: tuple[str, ...]
    """month names, January first, folded"""
    month_abbreviations: tuple[str, ...]
    """three-letter month abbreviations, parallel to `months`"""
    month_abbreviations_extra: tuple[str, ...]
    """further abbreviations in news style ("sept", "sett"), whose first three letters are in `month_abbreviations`"""
    weekdays: tuple[str, ...]
    """weekday names, Monday first, folded"""
    capitalised_months: bool
    """month names are capitalised: a capitalised abbreviation with its period alone is a date ("until Oct.")"""
    date_pattern: Callable[[str, str], str]
    """regex of a written date around the month alternation and the optional year group"""
    not_a_month: Callable[..., bool]
    """(text, match, *, bare) -> True when the matched month name is another word here ("may")"""
    not_a_calendar_period: Callable[[str, int], bool]
    """(text, start) -> True when a "last week" expression is a span of time ("in the last week")"""
    relative_days: Mapping[str, int]
    """words for a day relative to today -> offset in days ("ieri" -1)"""
    relative_units: Mapping[str, str]
    """period words -> unit ("settimana" week) for "last week" style expressions"""
    relative_words: Mapping[str, int]
    """words placing a period before or after now -> direction ("scorso" -1)"""
    negators: re.Pattern[str]
    """strong negation cues (words that negate a clause: "non", "never", "n't")"""
    negates: Callable[[str, re.Match[str]], bool]
    """False when a `negators` match negates nothing in its context (expletive "non", "not only")"""
    morphological_negations: Callable[[str], list[str]]
    """weak negation cues formed by affixes in folded text ("unclear", "useless")"""
    with_words: re.Pattern[str]
    """the preposition "with" and its contractions: "without" reversed"""
    word_shape: re.Pattern[str]
    borrows_from: frozenset[str]
    """languages whose content words this one borrows freely: copied, they count as untranslated
    only next to a function word of that language ("il budget" is Italian, "the budget" is not)"""
    """the shape of an ordinary lower-case word of the language (a copied source word must fit it)"""
    number_word: Callable[[str], tuple[int | float | None, str]]
    """(value, kind) of one lower-case word: kind card, ord, mult, special, decade or none"""
    weak_number_words: frozenset[str]
    """number words that are often no count ("one", "secondo" = "according to")"""
    multipliers: Mapping[str, int]
    """magnitude words after a number ("milioni", "billion")"""
    vague_number_words: frozenset[str]
    """words for a vague quantity ("centinaia", "hundreds"), never compared as numbers"""
    glued_multipliers: Mapping[str, int]
    """magnitude suffixes glued to digits ("20mila", "3bn")"""
    stem: Callable[[str], str]
    """a light stem: the renderings of one term that share it are one rendering ("facial"/"face")"""
    group_forms: Callable[[Sequence[str]], dict[str, str]]
    """folded forms -> a representative of their group (the inflections of one word)"""
    inflections: Callable[[str], str]
    """regex of one folded glossary-term word with its inflections ("tasso" -> tass[aeio])"""
    adjective_endings: frozenset[str]
    """endings a nationality-adjective stem takes ("italian" + o/a/i/e; "american" + s)"""
    name_head_of: re.Pattern[str]
    """a capitalised common-noun head and a preposition just before a name, which makes it part of
    an institution's name ("Istituto superiore di Sanità", "Ministry of Defence")"""
    length_ratio: Mapping[str, float]
    """expected target/source character-length ratio when translating into each other language"""

    def word_list(self, name: str) -> frozenset[str]:
        """The folded words of `mtqa/lang/<code>/<name>.txt` (empty when the language has no such list)."""
        return word_list(self.code, name)

    @property
    def function_words(self) -> frozenset[str]:
        """Function words and very frequent forms that are not words of the other supported
        languages: they tell a sentence-opening capital from a name, and a copied sentence from a
        translated one. Not the same set as `stop_words` (see README, "Adding a language")."""
        return self.word_list("function_words")

    @property
    def weak_negators(self) -> frozenset[str]:
        """Words that carry a negation without being negators ("impossibile", "unclear")."""
        return self.word_list("negation_weak")

    @property
    def loanwords(self) -> frozenset[str]:
        """Foreign-looking words this language uses untranslated ("software", "pizza")."""
        return self.word_list("loanwords")

    @property
    def common_capitalised(self) -> frozenset[str]:
        """Capitalised common nouns and titles that are translated, never names ("Governo")."""
        return self.word_list("entity_common")


class UnknownLanguage(LookupError):
    """A language code with no folder under mtqa/lang/."""


@cache
def codes() -> tuple[str, ...]:
    """Codes of the language folders, sorted: every package under mtqa/lang/ named by a two-letter code."""
    path = resources.files(__name__)
    found = [m.name for m in pkgutil.iter_modules([str(path)]) if m.ispkg and re.fullmatch(r"[a-z]{2}", m.name)]
    return tuple(sorted(found))


@cache
def get(code: str) -> Language:
    """The `Language` of `code`; `UnknownLanguage` (naming the supported codes) when it has no folder."""
    if code not in codes():
        raise UnknownLanguage(f"unknown language {code!r}; supported: {', '.join(codes())}")
    language = getattr(importlib.import_module(f"{__name__}.{code}"), "LANGUAGE", None)
    if not isinstance(language, Language) or language.code != code:
        raise TypeError(f"mtqa/lang/{code}/__init__.py must define LANGUAGE = Language(code={code!r}, ...)")
    return language


@cache
def data_lines(path: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of `mtqa/lang/<path>` ("it/loanwords.txt", "pairs/exonyms.it-en.tsv");
    none when the file does not exist."""
    file = resources.files(__name__).joinpath(*path.split("/"))
    if not file.is_file():
        return ()
    text = file.read_text(encoding="utf-8")
    return tuple(
        line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def word_list(code: str, name: str) -> frozenset[str]:
    """The folded, whitespace-separated words of mtqa/lang/<code>/<name>.txt."""
    return frozenset(fold(w) for line in data_lines(f"{code}/{name}.txt") for w in line.split())
