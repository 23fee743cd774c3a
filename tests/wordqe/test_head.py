"""The logistic QE head and the metrics used to report it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mtqa.errors import ModelUnavailableError
from mtqa.models.offline.head import LogisticHead
from mtqa.training.metrics import precision_recall, roc_auc


@pytest.mark.parametrize(
    "y, s, expected",
    [
        ([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], 1.0),
        ([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1], 0.0),
        ([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        ([0, 1, 1, 0], [0.1, 0.3, 0.2, 0.25], 0.75),
    ],
)
def test_roc_auc(y: list[int], s: list[float], expected: float) -> None:
    assert roc_auc(np.array(y), np.array(s)) == pytest.approx(expected)


def test_precision_recall() -> None:
    assert precision_recall(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])) == (0.5, 0.5)


def test_head_learns_a_separable_signal_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 1] - 0.5 * X[:, 2] > 0).astype(int)
    head = LogisticHead.fit(X, y, ("a", "b", "c"), l2=0.1)
    assert roc_auc(y, head.predict(X)) > 0.98
    assert abs(head.weights[0]) < abs(head.weights[1])
    path = tmp_path / "head.json"
    head.save(path)
    again = LogisticHead.load(path, features=("a", "b", "c"))
    assert np.allclose(again.predict(X), head.predict(X))
    with pytest.raises(ModelUnavailableError, match="features"):
        LogisticHead.load(path, features=("a", "b"))
    data = json.loads(path.read_text())
    data["bias"] += 1.0
    path.write_text(json.dumps(data))
    with pytest.raises(ModelUnavailableError, match="checksum"):
        LogisticHead.load(path)
