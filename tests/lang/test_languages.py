"""The contract every language folder under mtqa/lang/ meets: what the segmenter and the checks read."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from mtqa import config
from mtqa import lang as languages
from mtqa.lang.words import fold

ROOT = Path(__file__).resolve().parents[2]
CODES = languages.codes()
WORD_LISTS = ("function_words", "negation_weak", "loanwords", "entity_common")


def test_the_supported_languages_are_the_language_folders() -> None:
    folders = sorted(p.parent.name for p in (ROOT / "mtqa" / "lang").glob("??/__init__.py"))
    assert list(CODES) == folders and config.SUPPORTED_LANGS == CODES
    assert {"it", "en"} <= set(CODES)


def test_an_unknown_code_is_refused_naming_the_supported_ones() -> None:
    with pytest.raises(languages.UnknownLanguage, match=r"unknown language 'fr'; supported: en, it"):
        languages.get("fr")


@pytest.mark.parametrize("code", CODES)
def test_language_tables_are_complete(code: str) -> None:
    lang = languages.get(code)
    assert lang.code == code and lang.name
    for name in ("stop_words", "abbreviations", "ambiguous_abbreviations", "sentence_starters", "name_starters",
                 "relative_days", "relative_units", "relative_words", "multipliers", "weak_number_words",
                 "adjective_endings", "length_ratio"):
        assert getattr(lang, name), f"{code}: {name} is empty"
    for name in WORD_LISTS:
        assert lang.word_list(name), f"mtqa/lang/{code}/{name}.txt is missing or empty"
    # dates read a month by its index, an abbreviation by its first three letters, a weekday folded
    assert len(lang.months) == len(lang.month_abbreviations) == 12 and len(lang.weekdays) == 7
    assert all(a[:3] in lang.month_abbreviations for a in lang.month_abbreviations_extra)
    assert all(fold(w) == w for w in (*lang.months, *lang.month_abbreviations, *lang.weekdays))
    assert set(lang.length_ratio) <= set(CODES) - {code}


@pytest.mark.parametrize("code", CODES)
def test_negators_are_never_stop_words(code: str) -> None:
    # a dropped "non"/"not" flips the meaning, so an alignment must keep it as content
    lang = languages.get(code)
    assert not [w for w in lang.stop_words if lang.negators.fullmatch(w)]


@pytest.mark.parametrize("code", CODES)
def test_function_words_are_no_stop_words_of_another_language(code: str) -> None:
    # `function_words` is evidence of the language (untranslated text, a name vs a sentence opener):
    # a word the other languages use too ("a", "in", "come"/"come") would be false evidence
    own = languages.get(code).function_words
    for other in CODES:
        if other != code:
            assert not own & {fold(w) for w in languages.get(other).stop_words}, (code, other)


@pytest.mark.parametrize("code", CODES)
def test_number_words_read_their_own_tables(code: str) -> None:
    lang = languages.get(code)
    for word, value in lang.multipliers.items():
        assert lang.number_word(word) == (value, "mult")


@pytest.mark.parametrize("code", CODES)
def test_the_word_lists_ship_in_the_wheel(code: str) -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["mtqa"]
    for path in (ROOT / "mtqa" / "lang" / code).glob("*.txt"):
        relative = path.relative_to(ROOT / "mtqa").as_posix()
        assert any(fnmatch(relative, p) for p in patterns), f"{relative} is not in pyproject package-data"


@pytest.mark.parametrize(("options", "words"), [
    ({"joiners": "-"}, ["Emilia-Romagna", "l", "azienda", "a", "a", "anni"]),  # names: hyphenated whole
    ({"digits": True, "joiners": "'’"}, ["Emilia", "Romagna", "l'azienda", "a2a", "anni"]),  # language id
    ({"joiners": "'’", "once": True}, ["Emilia", "Romagna", "l'azienda", "a", "a", "anni"]),  # untranslated words
    ({"digits": True}, ["Emilia", "Romagna", "l", "azienda", "a2a", "anni"]),  # entity matching
])
def test_one_word_tokenizer_with_the_options_each_check_needs(options: dict[str, object], words: list[str]) -> None:
    from mtqa.lang.words import word_regex

    assert word_regex(**options).findall("Emilia-Romagna: l'azienda a2a, anni") == words  # type: ignore[arg-type]
