"""Words, their character spans, and which of them carry content (each language's stop words).

A word is a run of letters/digits (keeping inner apostrophes out: Italian "l’azienda" is "l",
"azienda", so the article can be a stopword) or a single punctuation mark. Only content words
are evidence: a missing "the" or "di" is not an omission worth flagging. Negations ("non", "not",
"no", "né", "never") are deliberately NOT stopwords: a dropped negation flips the meaning.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from mtqa.evidence import WordSpan

_WORD = re.compile(r"[^\W_]+(?:[.,][0-9]+)*|[^\w\s]", re.UNICODE)


@cache
def word_regex(*, digits: bool = False, joiners: str = "", once: bool = False) -> re.Pattern[str]:
    """The word tokenizer of the rule checks: a run of letters (and digits, with `digits`), joined to
    the next run by one of the `joiners` characters (any number of times, or at most `once`).

    The checks differ in what one word is, on purpose: the name check keeps hyphenated names whole
    ("Emilia-Romagna": joiners "-"), language identification keeps elisions whole ("l'azienda":
    joiners "'’", digits), the untranslated-words check splits a source word at its elision itself
    (joiners "'’", once), weak negation cues keep one hyphen ("non-binding": "-", once), and
    entity matching compares bare runs (digits, no joiners)."""
    run = r"[^\W_]+" if digits else r"[^\W\d_]+"
    if not joiners:
        return re.compile(run)
    return re.compile(rf"{run}(?:[{joiners}]{run})" + ("?" if once else "*"))


def stop_words(lang: str) -> frozenset[str]:
    """The stop words of `lang` (`Language.stop_words`); none for a language without a folder."""
    from mtqa import lang as languages

    return languages.get(lang).stop_words if lang in languages.codes() else frozenset()


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Città' -> 'citta', so 'Perù' matches 'Peru'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_words(text: str, lang: str) -> list[WordSpan]:
    stop = stop_words(lang)
    words = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        content = any(c.isalnum() for c in w) and w.lower() not in stop
        words.append(WordSpan(w, (m.start(), m.end()), content))
    return words
