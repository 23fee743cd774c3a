"""py3langid's model is read from mtqa's cache folder after the first run instead of being
decompressed again: the identifier built from the cached arrays must rank languages exactly as
py3langid's own loader does, and a damaged cache file must not be trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.checks import language

TEXTS = [
    "Il governo ha approvato la legge ieri sera.", "The government approved the law last night.",
    "ciao", "Reuters brought him back.", "", "1234 5678", "Lo riporta Reuters, citando fonti vicine al dossier.",
]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTQA_CACHE", str(tmp_path))
    language._identifier.cache_clear()
    yield tmp_path / "langid"
    language._identifier.cache_clear()


def _reference() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["it", "en"])
    return ident


def test_cached_model_ranks_exactly_like_py3langid(cache: Path) -> None:
    ref = _reference()
    first = language._identifier(("it", "en"))  # decompresses and writes the cache
    files = list(cache.glob("*.npz"))
    assert len(files) == 1
    language._identifier.cache_clear()
    second = language._identifier(("it", "en"))  # reads it
    for text in TEXTS:
        assert first.rank(text) == second.rank(text) == ref.rank(text)  # type: ignore[attr-defined]


def test_a_damaged_cache_file_is_replaced(cache: Path) -> None:
    language._langid_model()
    (path,) = cache.glob("*.npz")
    path.write_bytes(b"PK\x03\x04 not a zip")
    model = language._langid_model()
    assert len(model[2]) > 2  # the languages, read from py3langid's own file
    assert path.stat().st_size > 1_000_000
    for text in TEXTS:
        assert language._identifier(("it", "en")).rank(text) == _reference().rank(text)  # type: ignore[attr-defined]
