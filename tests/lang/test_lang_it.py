"""Italian (mtqa/lang/it): the tables a check reads, on the cases that made them."""

from __future__ import annotations

import pytest

from mtqa import lang as languages
from mtqa.checks.negation import cues
from mtqa.checks.numwords import word_value
from mtqa.segment import split_sentences

IT = languages.get("it")


@pytest.mark.parametrize(("text", "n"), [
    ("Il sig. Rossi è arrivato. La dott.ssa Bianchi no.", 2),  # titles never end a sentence
    ("Lo dice l'art. 5 della legge.", 1),
    ("Ha venduto mele, pere ecc. Il giorno dopo è partito.", 2),  # ambiguous, then a starter
    ("Lavora per la Rossi S.p.A. Bianchi lo conferma.", 1),  # ambiguous, then a name
])
def test_abbreviations_and_sentence_starters(text: str, n: int) -> None:
    assert len(split_sentences(text, "it")) == n


@pytest.mark.parametrize(("word", "value"), [
    ("duemilacinquecentoventitré", (2523, "card")), ("ventuno", (21, "card")), ("trentotto", (38, "card")),
    ("milioni", (10**6, "mult")), ("ventesimo", (20, "ord")), ("diciottenni", (18, "card")),
    ("centinaia", (None, "vague")), ("centesimi", (None, "none")), ("una cinquantina".split()[1], (50, "special")),
])
def test_number_words(word: str, value: tuple[object, str]) -> None:
    assert word_value(word, "it") == value


def test_negators_and_dates_tables() -> None:
    assert [c[2] for c in cues("Non è mai stato nessuno.", "it")] == ["Non", "mai", "nessuno"]
    assert IT.months.index("settembre") + 1 == 9 and IT.weekdays[0] == "lunedi"
    assert IT.word_shape.match("riforma") and not IT.word_shape.match("computer")
    assert "impossibile" in IT.weak_negators and "software" in IT.loanwords and "governo" in IT.common_capitalised
