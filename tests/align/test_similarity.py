from __future__ import annotations

import pytest
from align_fakes import BagEncoder

from mtqa.models.similarity import SimilarityScorer
from mtqa.config import Config
from mtqa.scoring import Scorer, load_factory
from mtqa.types import Category, Pair, Severity


def _scorer(**thresholds: float) -> SimilarityScorer:
    return SimilarityScorer(Config(thresholds=thresholds), encoder=BagEncoder())  # type: ignore[arg-type]


def _document(extra: list[Pair]) -> list[Pair]:
    same = [Pair(f"w{k}a w{k}b w{k}c w{k}d", f"w{k}a w{k}b w{k}c w{k}d") for k in range(8)]
    return same + extra


def test_registered_and_satisfies_scorer_protocol() -> None:
    assert load_factory("similarity") is SimilarityScorer
    assert isinstance(_scorer(), Scorer)


@pytest.mark.parametrize(
    ("target", "severity"),
    [
        # The bag encoder's cosine is shared words / sqrt(6 * target words), and the calibrated
        # score is about that cosine here (random pairs ~0, matches 1).
        ("q1 q2 q3 q4", Severity.MAJOR),  # unrelated
        ("x1 q1 q2 q3 q4 q5", Severity.MAJOR),  # 1 of 6 words: 0.17
        ("x1 x2 q1 q2 q3 q4", Severity.MINOR),  # 2 of 6: 0.33, doubtful
        ("x1 x2 x3 q1 q2 q3", None),  # 3 of 6: 0.5
        ("x1 x2 x3 x4 x5 q1", None),
        ("x1 x2 x3 x4 x5 x6", None),
    ],
)
def test_severity_follows_calibrated_similarity(target: str, severity: Severity | None) -> None:
    results = _scorer().score(_document([Pair("x1 x2 x3 x4 x5 x6", target)]))
    last = results[-1]
    assert 0.0 <= last.score <= 1.0
    hints = [s.severity_hint for s in last.signals]
    assert hints == ([severity] if severity else [])
    for signal in last.signals:
        assert (signal.code, signal.category, signal.scorer) == ("SEM001", Category.MISTRANSLATION, "similarity")
        assert signal.value == last.score


def test_one_result_per_pair_in_order_and_empty_sides_are_unscored() -> None:
    pairs = [Pair("a b c", ""), Pair("a b c", "a b c"), Pair("", "d e f"), Pair("a b c", "z y x")]
    results = _scorer().score(pairs)
    assert len(results) == 4
    assert results[0].score is None and results[0].signals == ()
    assert results[2].score is None and results[2].signals == ()
    assert results[1].score == pytest.approx(1.0)
    assert results[3].score < 0.25
    assert results[1].raw == pytest.approx(1.0, abs=1e-5)


def test_thresholds_come_from_config() -> None:
    pair = [Pair("x1 x2 x3 x4 x5 x6", "x1 x2 x3 x4 x5 q1")]
    assert _scorer().score(_document(pair))[-1].signals == ()
    strict = _scorer(**{"similarity.minor": 0.99}).score(_document(pair))[-1]
    assert [s.severity_hint for s in strict.signals] == [Severity.MINOR]
    assert _scorer(**{"similarity.major": 0.3}).signature()["major"] == "0.3"


@pytest.mark.encoder
@pytest.mark.parametrize("encoder", ["use", "e5"])
def test_real_encoders_flag_unrelated_target_and_pass_translation(encoder: str) -> None:
    scorer = SimilarityScorer(Config(encoder=encoder))
    pairs = [
        Pair("Il ponte sul fiume è stato riaperto ieri mattina.", "The bridge over the river reopened yesterday morning."),
        Pair("Il consorzio ridurrà l'acqua per l'irrigazione.", "The consortium will cut the water for irrigation."),
        Pair("La biblioteca resterà aperta fino a mezzanotte.", "Maize needs a lot of water in June and July."),
    ]
    good_1, good_2, wrong = scorer.score(pairs)
    assert good_1.signals == () and good_2.signals == ()
    assert [s.severity_hint for s in wrong.signals] == [Severity.MAJOR]
    assert scorer.signature()["encoder.encoder"] == encoder
