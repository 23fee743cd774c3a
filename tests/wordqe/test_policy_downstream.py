"""Policy is downstream: a --severity override changes which issues a report shows, never a score
or a model's probability (offline-qe's rule-count features are counted under the default policy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mtqa.codes import CATALOGUE
from mtqa.config import Config
from mtqa.pipeline import score_pair_file

# Pairs on which the rule checks and the models fire: numbers, dates, names, negation, untranslated
# text, repetition, length, punctuation, a mistranslation.
PAIRS = [
    ("Il comune ha stanziato 2,5 milioni di euro per le scuole.", "The town has allocated 25 million euros for schools."),
    ("La riunione è fissata per il 3 marzo 2021.", "The meeting is set for May 3, 2021."),
    ("Mario Draghi ha incontrato Angela Merkel a Berlino.", "Mario Draghi met Ursula von der Leyen in Berlin."),
    ("Il governo non ha approvato la legge.", "The government approved the law."),
    ("Il governo ha approvato la legge.", "Il governo ha approvato la legge."),
    ("Il treno è partito in orario.", "The the train left left on time on time on time."),
    ("Il sindaco ha parlato.", "The mayor spoke at length about the many projects that the city plans to fund next year!!"),
    ("Il consiglio ha votato il bilancio.", "The board voted the balance sheet of the bank."),
    ("La borsa di Milano è salita del 2%.", "The Milan bag rose by 2%."),
]


def emitted_codes() -> list[str]:
    """Every issue code a scorer can emit (tests/test_codes.py keeps the catalogue complete)."""
    return sorted(CATALOGUE)


def model_view(report: Any) -> list[tuple[Any, ...]]:
    """What the models and scores made of each pair: the segment score, every scorer's score and
    offline-qe's probabilities and features."""
    out = []
    for seg in report.segments:
        qe = seg.details.get("offline-qe", {})
        out.append((seg.score, dict(seg.scores), qe.get("p_error"), qe.get("p_major"), qe.get("crossenc"), qe.get("features")))
    return out


@pytest.fixture(scope="module")
def pairs_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("policy") / "pairs.tsv"
    path.write_text("source\ttarget\n" + "".join(f"{s}\t{t}\n" for s, t in PAIRS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(pairs_file: Path, e5_folder: Path) -> Any:
    """The default run's view; the cross-encoder's forward pass, a function of the texts alone, is
    computed once and replayed for the override runs (what they vary is all downstream of it)."""
    from mtqa.models.offline import crossenc

    memo: dict[Any, Any] = {}
    real = crossenc.predict

    def replay(model: Any, tokenizer: Any, pairs: Any, **kw: Any) -> Any:
        key = (id(model), tuple(pairs), tuple(sorted(kw.items())))
        if key not in memo:
            memo[key] = real(model, tokenizer, pairs, **kw)
        return memo[key]

    patch = pytest.MonkeyPatch()
    patch.setattr(crossenc, "predict", replay)
    report = score_pair_file(pairs_file, Config())
    assert "offline-qe" in report.segments[0].details, report.warnings
    assert any(seg.issues for seg in report.segments)
    yield model_view(report)
    patch.undo()


@pytest.mark.parametrize("code", emitted_codes())
def test_silencing_a_code_leaves_every_score_and_probability_unchanged(code: str, pairs_file: Path, baseline: Any) -> None:
    report = score_pair_file(pairs_file, Config(severity_overrides={code: "ok"}))
    assert not any(issue.code == code for seg in report.segments for issue in seg.issues)
    assert model_view(report) == baseline


def test_raising_every_code_to_critical_leaves_every_score_and_probability_unchanged(pairs_file: Path, baseline: Any) -> None:
    report = score_pair_file(pairs_file, Config(severity_overrides={code: "critical" for code in emitted_codes()}))
    assert all(issue.severity.value == "critical" for seg in report.segments for issue in seg.issues)
    assert model_view(report) == baseline
