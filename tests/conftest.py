from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "rekognition"


@pytest.fixture
def demo_source() -> str:
    return str(DEMO / "source.it.txt")


@pytest.fixture
def demo_target() -> str:
    return str(DEMO / "target.en.txt")
