"""Tiny COMET checkpoints built once per test session from the committed recipe and tokenizer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(ROOT / "benchmarks" / "parity"))


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import recipe

    root = tmp_path_factory.mktemp("tiny-comet")
    recipe.build_all(root, DATA / "tiny-spm")
    return root


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((DATA / "parity_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def load_model(tiny_root: Path):
    import recipe

    from mtqa.models.qe.comet import load_comet

    cache: dict[tuple[str, str], object] = {}

    def load(variant: str, mode: str = "truncate"):
        if (variant, mode) not in cache:
            kind = recipe.VARIANTS[variant][0]
            cache[(variant, mode)] = load_comet(tiny_root / variant, tiny_root / f"encoder-{kind}", long_pairs=mode)
        return cache[(variant, mode)]

    return load
