"""Every check in this area satisfies the Scorer contract (mtqa/scoring.py)."""

from __future__ import annotations

import pytest

from mtqa.config import Config
from mtqa.scoring import Scorer, load_factory
from mtqa.types import Category, Pair, PairScore

NAMES = ["numbers", "dates", "entities", "negation", "untranslated_words", "terminology", "consistency",
         "punctuation"]
CATEGORIES = {v for k, v in vars(Category).items() if k.isupper()}

PAIRS = [
    Pair("Il 3 marzo 6.000 persone non sono andate a Torino.", "On March 3, 600 people went to Milan", 0),
    Pair("Riga senza traduzione.", "", 1),
    Pair("", "An added sentence.", 2),
    Pair("Il 3 marzo 6.000 persone non sono andate a Torino.", "On March 3 6,000 people did not go to Turin.", 3),
]


@pytest.mark.parametrize("name", NAMES)
def test_contract(name: str) -> None:
    scorer = load_factory(name)(Config())
    assert isinstance(scorer, Scorer)
    assert scorer.name == name
    sig = scorer.signature()
    assert sig["scorer"] == name and "version" in sig
    results = scorer.score(PAIRS)
    assert len(results) == len(PAIRS) and all(isinstance(r, PairScore) for r in results)
    assert results[1].signals == () and results[2].signals == ()
    for pair, result in zip(PAIRS, results):
        for s in result.signals:
            assert s.scorer == name and s.category in CATEGORIES and s.severity_hint is not None
            for span, text in ((s.target_span, pair.target), (s.source_span, pair.source)):
                if span is not None:
                    assert 0 <= span[0] < span[1] <= len(text)
    assert scorer.score([]) == []


def test_the_broken_pair_is_caught_by_the_accuracy_checks() -> None:
    found = {name: bool(load_factory(name)(Config()).score(PAIRS[:1])[0].signals) for name in NAMES}
    assert found["numbers"] and found["negation"] and found["entities"] and found["punctuation"]
    assert not found["dates"]
