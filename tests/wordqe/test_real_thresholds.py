"""offline-qe's thresholds as calibrated on correct real translations (benchmarks/qe_calibrate_real.py).

The model's false alarms grow with sentence length, so the shipped fusion holds a stricter minor
threshold from 60 and from 150 target characters. On long correct real pairs (dev split, vendored in
corpora/real/*/p2-correct-pairs.tsv, check "offline-qe") that the authored thresholds flagged it is
silent; the authored errors of corpora/qe it flagged with a margin and the demo's wrong sense
("Reuters brought him back.") it still flags.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.types import Pair
from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER, FUSION_FILE, Fusion, OfflineQEScorer

ROOT = Path(__file__).resolve().parents[2]


def _fusion(thresholds: dict[str, float]) -> Fusion:
    from mtqa.models.offline.fused import FEATURES
    from mtqa.models.offline.head import LogisticHead

    n = len(FEATURES)
    head = LogisticHead(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0)
    return Fusion.build(head, head, thresholds, {})


def test_the_minor_threshold_steps_up_with_target_length_unless_the_user_sets_it() -> None:
    fusion = _fusion({"minor": 0.5, "minor@150": 0.9, "minor@60": 0.7, "major": 0.95, "token": 0.3})
    assert OfflineQEScorer(Config()).minor_by_length(fusion) == [(0, 0.5), (60, 0.7), (150, 0.9)]
    assert OfflineQEScorer(Config(thresholds={"offline-qe.minor": 0.6})).minor_by_length(fusion) == [(0, 0.6)]
    assert OfflineQEScorer(Config()).minor_by_length(_fusion({"minor": 0.5, "major": 0.9, "token": 0.3})) == [(0, 0.5)]


def test_the_shipped_thresholds_only_rise_above_the_authored_calibration() -> None:
    data = json.loads((DEFAULT_ADAPTER / FUSION_FILE).read_text(encoding="utf-8"))
    th, meta = data["thresholds"], data["meta"]
    authored = meta["authored_thresholds"]
    steps = [th["minor"], *(th[f"minor@{n}"] for n in meta["length_steps"])]
    assert steps == sorted(steps) and steps[0] >= authored["minor"]
    assert th["major"] >= authored["major"] and th["token"] == authored["token"]
    assert "qe_calibrate_real.py" in meta["thresholds_recalibrated_on"]


def _real_long_pairs() -> list[tuple[str, str, str]]:
    rows = []
    for path in sorted((ROOT / "corpora" / "real").glob("*/p2-correct-pairs.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows += [(r["source"], r["target"], f"{path.parent.name}:{r['line']}")
                     for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r["check"] == "offline-qe"]
    return rows


# Authored errors (corpora/qe test split) flagged under the authored thresholds and still flagged.
AUTHORED_ERRORS = ("economy-038-e0.1", "health-018-add", "news-037-add", "politics-014-add", "sport-031-add", "travel-018-add")


def test_the_shipped_model_passes_long_correct_real_pairs_and_still_flags_errors(e5_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    real = _real_long_pairs()
    qe = {r["id"]: r for r in map(json.loads, (ROOT / "corpora" / "qe" / "qe_pairs.jsonl").read_text(encoding="utf-8").splitlines())}
    errors = [Pair(qe[i]["source"], qe[i]["target"]) for i in AUTHORED_ERRORS]
    reuters = Pair("Lo riporta Reuters.", "Reuters brought him back.")
    results = OfflineQEScorer(Config()).score([*(Pair(s, t) for s, t, _ in real), *errors, reuters])
    assert len(real) >= 5 and all(len(t) >= 100 for _, t, _ in real)
    assert {where for (_, _, where), r in zip(real, results) if r.signals} == set()
    assert all(r.signals for r in results[len(real):])
    assert [reuters.target[s.target_span[0]:s.target_span[1]] for s in results[-1].signals if s.target_span] == ["brought"]
