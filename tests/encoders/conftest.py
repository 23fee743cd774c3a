from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "encoder: loads a bundled sentence encoder (about 2 s each)")
