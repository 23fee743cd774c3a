from __future__ import annotations

import pytest

from mtqa.checks.consistency import ConsistencyScorer
from mtqa.config import Config
from mtqa.types import Pair

S1 = "Il passo definitivo di Amazon su Rekognition"
S2 = "Il comune ha approvato il bilancio."

# (document as (source, target) pairs, expected flagged pair indices)
CASES = [
    ([(S1, "Amazon's final step on Rekognition"), (S1, "Amazon's final step on Rekognition")], []),
    ([(S1, "Amazon's final step on Rekognition"), (S1, "amazon's final step on Rekognition.")], []),
    ([(S1, "Amazon's final step on Rekognition"), (S1, "Amazon's definitive move on Rekognition")], [1]),
    ([(S1, "Amazon's final step on Rekognition"), (S1, S1)], [1]),
    ([(S1, "A"), (S2, "B"), (S1, "A"), (S2, "C")], [3]),
    ([(S1, "A"), (S1, "B"), (S1, "C")], [1, 2]),
    ([(S1, "A"), (S1, "B"), (S1, "A")], [1]),
    ([("Sì.", "Yes."), ("Sì.", "Yes, he did.")], []),  # too short to require one translation
    ([(S1, "A"), (S2, "A")], []),  # different sources may share a translation
    ([(S1, "A"), ("", "B"), (S1, "")], []),  # empty sides are omissions/additions, not variants
    ([(S1 + ".", "A"), (S1, "A.")], []),
]


@pytest.mark.parametrize(("doc", "flagged"), CASES)
def test_consistency(doc: list[tuple[str, str]], flagged: list[int]) -> None:
    pairs = [Pair(s, t, index=i) for i, (s, t) in enumerate(doc)]
    results = ConsistencyScorer(Config()).score(pairs)
    assert len(results) == len(pairs)
    assert [i for i, r in enumerate(results) if r.signals] == flagged


def test_message_points_at_first_translation() -> None:
    pairs = [Pair(S1, "first", index=4), Pair(S1, "second", index=9)]
    (sig,) = ConsistencyScorer(Config()).score(pairs)[1].signals
    # the `#` the Markdown and HTML reports show for that segment (its index), not index + 1
    assert "segment #4," in sig.message and "'first'" in sig.message
