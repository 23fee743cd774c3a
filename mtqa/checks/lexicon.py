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
