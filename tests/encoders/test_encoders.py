from __future__ import annotations

import numpy as np
import pytest

from mtqa.models.encoders import ENCODERS, load_encoder, reset_shared, shared_encoder
from mtqa.models.encoders.base import CachedEncoder, Encoder
from mtqa.errors import UsageError


class CountingEncoder(CachedEncoder):
    """A CachedEncoder over a trivial batch function, to test the cache without a model."""

    name = "counting"
    dim = 4

    def __init__(self, **kwargs: int) -> None:
        super().__init__(**kwargs)
        self.seen: list[str] = []

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, 0.0, 0.0] if t else [0.0] * 4 for t in texts], dtype=np.float32)

    def signature(self) -> dict[str, str]:
        return {"encoder": self.name}


def test_cache_embeds_each_distinct_text_once_and_keeps_order() -> None:
    enc = CountingEncoder(batch_size=2)
    out = enc.encode(["ab", "c", "ab", "defg"])
    again = enc.encode(["c", "ab"])
    assert enc.seen == ["ab", "c", "defg"]
    assert np.allclose(again, out[[1, 0]])
    assert enc.cache_size() == 3


def test_rows_are_unit_length_and_empty_text_is_finite() -> None:
    out = CountingEncoder().encode(["hello", ""])
    assert out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out[0]), 1.0)
    assert np.isfinite(out).all()


def test_long_texts_are_truncated_and_counted() -> None:
    enc = CountingEncoder(max_chars=10)
    enc.encode(["x" * 50, "short"])
    assert enc.truncated == 1
    assert enc.seen[0] == "x" * 10


def test_unknown_encoder_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match=r"unknown encoder 'bert'; available: e5, use"):
        load_encoder("bert")


@pytest.mark.encoder
@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_bundled_encoder_contract(name: str) -> None:
    enc = load_encoder(name, threads=1)
    assert isinstance(enc, Encoder)
    vecs = enc.encode(["Il ponte è stato riaperto ieri.", "The bridge reopened yesterday.", "", "Piove."])
    assert vecs.shape == (4, enc.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    sig = enc.signature()
    assert sig["encoder"] == name and sig["version"] not in ("", "unknown") and sig["model"]
    # A translation is closer than an unrelated sentence, by the encoder's own calibration.
    assert vecs[0] @ vecs[1] > enc.random_mean + 3 * enc.random_std
    assert vecs[0] @ vecs[3] < vecs[0] @ vecs[1]
    assert "it" in enc.languages and "en" in enc.languages


@pytest.mark.encoder
def test_use_keeps_numbers_visible() -> None:
    # denoise would map both numbers to one placeholder and make these identical (cosine 1.0).
    enc = load_encoder("use", threads=1)
    a, b = enc.encode(["Il ponte è costato 600 euro.", "Il ponte è costato 6000 euro."])
    assert enc.signature()["denoise"] == "off"
    assert a @ b < 0.99


@pytest.mark.encoder
def test_shared_encoder_is_one_object_per_name() -> None:
    reset_shared()
    assert shared_encoder("use") is shared_encoder("use")
    reset_shared()
