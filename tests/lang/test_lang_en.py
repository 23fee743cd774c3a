"""English (mtqa/lang/en): the tables a check reads, on the cases that made them."""

from __future__ import annotations

import pytest

from mtqa import lang as languages
from mtqa.checks.negation import cues
from mtqa.checks.numwords import word_value
from mtqa.segment import split_sentences

EN = languages.get("en")


@pytest.mark.parametrize(("text", "n"), [
    ("Mr. Smith arrived. Dr. Jones did not.", 2),  # titles never end a sentence
    ("See fig. 3 for details.", 1),
    ("He moved to the U.S. The next day he left.", 2),  # ambiguous, then a starter
    ("He works for Acme Inc. Smith confirmed it.", 1),  # ambiguous, then a name
])
def test_abbreviations_and_sentence_starters(text: str, n: int) -> None:
    assert len(split_sentences(text, "en")) == n


@pytest.mark.parametrize(("word", "value"), [
    ("twenty-three", (23, "card")), ("ninetieth", (90, "ord")), ("billion", (10**9, "mult")),
    ("seven-month", (7, "card")), ("sixties", (60, "decade")), ("hundreds", (None, "vague")),
    ("dozen", (12, "special")),
])
def test_number_words(word: str, value: tuple[object, str]) -> None:
    assert word_value(word, "en") == value


def test_negators_and_dates_tables() -> None:
    assert [c[2] for c in cues("They didn't say that nobody came.", "en")] == ["n't", "nobody"]
    assert EN.months.index("september") + 1 == 9 and EN.weekdays[-1] == "sunday"
    assert EN.word_shape.match("reform") and "unclear" in EN.weak_negators
