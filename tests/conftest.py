from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "rekognition"


@pytest.fixture(scope="session", autouse=True)
def hermetic_model_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The e5 conversion that offline-qe (a default scorer) builds on first use goes to a
    per-session folder, never to the user's ~/.cache/mtqa; it is built once per test session."""
    mp = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("mtqa-cache")
    mp.setenv("MTQA_CACHE", str(path))
    yield path
    mp.undo()


@pytest.fixture
def demo_source() -> str:
    return str(DEMO / "source.it.txt")


@pytest.fixture
def demo_target() -> str:
    return str(DEMO / "target.en.txt")
