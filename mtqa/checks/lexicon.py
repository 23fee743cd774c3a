"""Word frequencies in Italian and English (wordfreq), to tell which language a word belongs to.

A hand-written list of Italian words cannot know that "tsunami", "mobile", "plasma", "femme" or
"automobile" are also ordinary English words, nor that "libretto" is rarer in English than in
Italian. wordfreq (Speer et al., https://github.com/rspeer/wordfreq; Zipf scale: log10 of
occurrences per billion words, 3 = once per million) measures both languages from the same kinds
of sources (Wikipedia, subtitles, news, web, Twitter), so a word's language is a comparison of two
numbers. The tables load on first use (about 2 s); each lookup is cached.
"""

from __future__ import annotations

from functools import cache

# A word is an ordinary word of a language from about one use per million words (Zipf 3).
COMMON = 3.0
# A word is more one language's than the other's when it is ten times as frequent there.
MARGIN = 1.0


@cache
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of `word` (lowercased) in `lang`; 0.0 for an unknown word."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), lang))


def foreign_word(word: str, lang: str, other: str, *, margin: float = MARGIN) -> bool:
    """True when `word`, found in `other`-language text, is a `lang` word and not an `other` one:
    not common in `other` and at least `margin` more frequent in `lang` ("riforma", "stanziato"), so
    loanwords and shared vocabulary ("software", "pizza", "film", "tsunami") and words rare in both
    (a Latin tag, a Japanese sport) are not."""
    here, there = zipf(word, other), zipf(word, lang)
    return here < COMMON and there >= COMMON - 0.5 and there - here >= margin
