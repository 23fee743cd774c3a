"""A logistic-regression QE head over `features.FEATURES`: small, readable, shipped as JSON.

Fitted by Newton's method (IRLS) on standardised features with an L2 penalty (the intercept is not
penalised); deterministic, numpy only. The JSON carries the feature names, the standardisation,
the weights, the training provenance and a sha256 of its own content, verified on load.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.errors import ModelUnavailableError

FORMAT = "mtqa-qe-head/1"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return out


@dataclass(frozen=True)
class LogisticHead:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(
        cls, X: np.ndarray, y: np.ndarray, features: Sequence[str], *, l2: float = 1.0, meta: Mapping[str, Any] | None = None
    ) -> LogisticHead:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        mu = X.mean(axis=0)
        sd = X.std(axis=0)
        sd[sd < 1e-9] = 1.0
        Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
        w = np.zeros(Z.shape[1])
        pen = np.full(Z.shape[1], l2)
        pen[-1] = 0.0
        for _ in range(100):
            p = _sigmoid(Z @ w)
            grad = Z.T @ (p - y) + pen * w
            hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(pen) + 1e-9 * np.eye(len(w))
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.abs(step).max() < 1e-10:
                break
        return cls(
            tuple(features), tuple(map(float, mu)), tuple(map(float, sd)), tuple(map(float, w[:-1])), float(w[-1]), dict(meta or {})
        )

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class (an error) per row."""
        Z = (np.asarray(X, dtype=np.float64) - np.array(self.mean)) / np.array(self.std)
        return _sigmoid(Z @ np.array(self.weights) + self.bias)

    def _payload(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": list(self.features),
            "mean": list(self.mean),
            "std": list(self.std),
            "weights": list(self.weights),
            "bias": self.bias,
            "meta": dict(self.meta),
        }

    def checksum(self) -> str:
        return hashlib.sha256(json.dumps(self._payload(), sort_keys=True).encode()).hexdigest()

    def save(self, path: Path) -> None:
        payload = self._payload()
        payload["sha256"] = self.checksum()
        path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, *, features: Sequence[str] | None = None) -> LogisticHead:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot read the QE head {path}: {exc}") from None
        if data.get("format") != FORMAT:
            raise ModelUnavailableError(f"{path}: format {data.get('format')!r}, expected {FORMAT!r}")
        head = cls(
            tuple(data["features"]), tuple(data["mean"]), tuple(data["std"]), tuple(data["weights"]), float(data["bias"]), data.get("meta", {})
        )
        if head.checksum() != data.get("sha256"):
            raise ModelUnavailableError(f"{path}: checksum mismatch; the head file was modified or truncated")
        if features is not None and tuple(features) != head.features:
            raise ModelUnavailableError(
                f"{path}: trained on features {', '.join(head.features)}; this mtqa computes {', '.join(features)}; retrain it"
            )
        return head
