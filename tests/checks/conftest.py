from __future__ import annotations

from collections.abc import Callable

import pytest

from mtqa.config import Config
from mtqa.scoring import load_factory
from mtqa.types import Pair, Signal


@pytest.fixture
def run_check() -> Callable[..., list[Signal]]:
    """Score one pair with a registered check; returns its signals."""

    def run(name: str, source: str, target: str, **config: object) -> list[Signal]:
        scorer = load_factory(name)(Config(**config))  # type: ignore[arg-type]
        (result,) = scorer.score([Pair(source, target)])
        return list(result.signals)

    return run
