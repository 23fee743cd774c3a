from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "corpora" / "real").glob("*/qgen-dev-sample.tsv"))


def _missing(why: str) -> None:
    # CI installs both (.ci/run): there a missing resource is a failure, not a skip
    if os.environ.get("CI"):
        pytest.fail(why, pytrace=False)
    pytest.skip(why)


# The generator's modules import lemminflect (the `test` and `train` extras). Without it these tests
# are not collected on a developer's machine, and fail in CI, which installs the extra.
if importlib.util.find_spec("lemminflect") is None:
    if os.environ.get("CI"):
        raise ImportError("tests/training need lemminflect: pip install -e '.[test]'")
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def wn():  # type: ignore[no-untyped-def]
    from mtqa.training.wordnet import WordNet, WordNetMissing

    try:
        return WordNet()
    except WordNetMissing as e:
        _missing(str(e))


@pytest.fixture(scope="session")
def pairs():  # type: ignore[no-untyped-def]
    """Real Italian->English pairs from the development split, vendored (see corpora/real/qgen-dev-sample.md)."""
    from mtqa.training.generate import Pair

    out = []
    for path in SAMPLES:
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
        for row in rows:
            line, it, en = row.split("\t")
            out.append(Pair(it, en, path.parent.name, int(line)))
    assert len(out) >= 50
    return out
