"""The grammar gate rejects what a corruption made worse, and only that."""

from __future__ import annotations

import pytest

from mtqa.training.edits import Corruption
from mtqa.training.grammar import rejection


def c(target: str, spans: tuple[tuple[int, int], ...] = (), exempt: frozenset[str] = frozenset()) -> Corruption:
    return Corruption("t", "s", "major", target, spans, None, exempt)


@pytest.mark.parametrize(
    ("original", "target", "spans", "why"),
    [
        ("He is a great captain.", "He is a excellent captain.", ((8, 17),), "article"),
        ("He bought an old car.", "He bought an new car.", ((13, 16),), "article"),
        ("I saw the report.", "I saw the the report.", ((10, 13),), "doubled-words"),
        ("We spoke about the plan.", "We spoke about the a plan.", ((19, 20),), "doubled-function"),
        ("He sat on the chair.", "He sat on the.", (), "dangling"),
        ("The Council agreed.", "the Council agreed.", (), "capital"),
        ("The Council agreed.", "The Council agreed .", (), "spacing"),
        ("They runned home.", "They runned home.", (), None),  # already in the human text: not the corruption's fault
        ("They went home.", "They wented home.", ((5, 11),), "known-words"),
        ("He is a great captain.", "He is an excellent captain.", ((6, 18),), None),
    ],
)
def test_rejection(original: str, target: str, spans: tuple[tuple[int, int], ...], why: str | None) -> None:
    assert rejection(original, c(target, spans)) == why


def test_exempt_checks_are_skipped() -> None:
    # a repetition doubles words on purpose; an untranslated span holds non-English words on purpose
    assert rejection("I saw the report.", c("I saw the report report.", ((17, 23),), frozenset({"doubled-words"}))) is None
    assert rejection("I saw the report.", c("I saw il rapporto.", ((6, 17),), frozenset({"known-words"}))) is None
    assert rejection("I saw the report.", c("I saw il rapporto.", ((6, 17),))) == "known-words"
