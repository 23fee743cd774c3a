"""Word frequencies in Italian and English (wordfreq), to tell which language a word belongs to.

A hand-written list of Italian words cannot know that "tsunami", "mobile", "plasma", "femme" or
"automobile" are also ordinary English words, nor that "libretto" is rarer in English than in
Italian. wordfreq (Speer et al., https://github.com/rspeer/wordfreq; Zipf scale: log10 of
occurrences per billion words, 3 = once per million) measures both languages from the same kinds
of sources (Wikipedia, subtitles, news, web, Twitter), so a word's language is a comparison of two
numbers. An inflected form is as much a word of its language as its lemma, however rare the form
("fumino" -> "fumare", "riaprirà" -> "riaprire"), so the lemma (simplemma, Barbaresi,
https://github.com/adbar/simplemma) counts too. The tables load on first use (about 2-3 s); each
lookup is cached.
"""

from __future__ import annotations

from functools import cache

# A word is an ordinary word of a language from about one use per million words (Zipf 3).
COMMON = 3.0
# A word is more one language's than the other's when it is ten times as frequent there; when it is
# common in the other language as well ("romano": a name in English), thirty times.
MARGIN = 1.0
COMMON_EXTRA = 0.5


@cache
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of `word` (lowercased) in `lang`; 0.0 for an unknown word."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), lang))


@cache
def lemma_zipf(word: str, lang: str) -> float:
    """The Zipf frequency of `word` or of its lemma in `lang`, whichever is higher."""
    import simplemma

    lemma = simplemma.lemmatize(word.lower(), lang=lang)
    return max(zipf(word, lang), zipf(lemma, lang))


def foreign_word(word: str, lang: str, other: str, *, margin: float = MARGIN) -> bool:
    """True when `word`, found in `other`-language text, is a `lang` word and not an `other` one: an
    ordinary `lang` word (itself or its lemma), and `margin` more frequent there than in `other`
    (COMMON_EXTRA more when it is common in `other` too): "riforma", "stanziato", "fumino",
    "romano" are; loanwords and shared vocabulary ("software", "pizza", "film", "tsunami",
    "estate") are not, nor words rare in both (a Latin tag, a Japanese sport)."""
    here, there = zipf(word, other), lemma_zipf(word, lang)
    needed = margin + (COMMON_EXTRA if here >= COMMON else 0.0)
    return there >= COMMON - 0.5 and there - here >= needed
