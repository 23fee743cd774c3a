"""Word-level facts about Italian and English from maintained libraries, shared by the rule checks.

`zipf(word, lang)`: how common a word is in running text (wordfreq's Zipf scale: 6 is "the"-common,
3 is about once per million words, 0 unknown). wordfreq pools many genres of both languages, so a
word that is ordinary in one language and rare in the other is a word of that language, not a name
or a loan they share ("Trattato" 4.8 it / 1.3 en; "Turchia" 4.5 / 0.0 but a proper noun).
`known(word, lang)`: the word is in simplemma's dictionary of inflected forms for the language;
its dictionaries hold common vocabulary and few proper nouns ("trattato", "aula" are known;
"Bergamo", "Genova", "Francesco" are not).

Both libraries load their tables on first use, not at import.
"""

from __future__ import annotations

from functools import lru_cache

# A word is ordinary vocabulary of a language above this Zipf frequency (about once per
# million words) ...
COMMON_ZIPF = 3.0
# ... and belongs to that language rather than to both when it is this much more frequent there
# (a factor of 10) than in the other language.
LANGUAGE_MARGIN = 1.0


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


@lru_cache(maxsize=65536)
def known(word: str, lang: str) -> bool:
    import simplemma

    return bool(simplemma.is_known(word.lower(), lang=lang))


def own_common_word(word: str, lang: str, other: str) -> bool:
    """True when `word` is an ordinary word of `lang` that `other` does not share: in the lemmatizer's
    dictionary, common in `lang`, and LANGUAGE_MARGIN more frequent there than in `other`.
    Capitalised, such a word is a common noun or an adjective in a title ("Trattato", "Member",
    "Casa Bianca"), which translators translate; a name spelled the same in both languages is not."""
    w = word.lower()
    z = zipf(w, lang)
    return z >= COMMON_ZIPF and z - zipf(w, other) >= LANGUAGE_MARGIN and known(w, lang)


# Which language a copied word belongs to (untranslated_words, repetition). An inflected form is as
# much a word of its language as its lemma, however rare the form ("fumino" -> "fumare", "riaprirà"
# -> "riaprire"), so the lemma counts too. A word common in the other language as well ("romano":
# a name in English) needs COMMON_EXTRA more, a factor of 30 in all.
COMMON_EXTRA = 0.5


@lru_cache(maxsize=65536)
def lemma_zipf(word: str, lang: str) -> float:
    """The Zipf frequency of `word` or of its lemma (simplemma) in `lang`, whichever is higher."""
    import simplemma

    w = word.lower()
    return max(zipf(w, lang), zipf(simplemma.lemmatize(w, lang=lang), lang))


def foreign_word(word: str, lang: str, other: str, *, margin: float = LANGUAGE_MARGIN) -> bool:
    """True when `word`, found in `other`-language text, is a `lang` word and not an `other` one: an
    ordinary `lang` word (itself or its lemma), `margin` more frequent there than in `other`
    (COMMON_EXTRA more when it is common in `other` too): "riforma", "stanziato", "fumino",
    "romano" are; loanwords and shared vocabulary ("software", "pizza", "film", "tsunami",
    "estate") are not, nor words rare in both (a Latin tag, a Japanese sport)."""
    w = word.lower()
    here, there = zipf(w, other), lemma_zipf(w, lang)
    needed = margin + (COMMON_EXTRA if here >= COMMON_ZIPF else 0.0)
    return there >= COMMON_ZIPF - 0.5 and there - here >= needed
