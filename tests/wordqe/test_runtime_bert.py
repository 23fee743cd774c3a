"""The offline QE runtime's own BERT (encoder.load_runtime_bert) computes what transformers' BertModel
computes, maps the word-embedding table instead of copying it, and keeps the layers it is asked for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

TEXTS = ["Lo riporta Reuters.", "Il sindaco di Torino ha inaugurato ieri tre nuove piste ciclabili.", "Reuters reports it."]


def test_same_states_as_transformers_bertmodel_with_padding(e5_folder: Path) -> None:
    torch = pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import SPLIT, CrossEncoder
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.models.offline.encoder import load_runtime_bert

    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")
    ref = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=2).eval()
    torch.manual_seed(3)
    for name, p in ref.named_parameters():
        if name.startswith("bert.") is False and p.requires_grad:
            torch.nn.init.normal_(p, std=0.05)  # heads and LoRA B non-zero, so the upper layers matter
        elif name.endswith("lora_b"):
            torch.nn.init.normal_(p, std=0.05)
    mine = CrossEncoder(load_runtime_bert(e5_folder), rank=2).eval()
    mine.load_state_dict(ref.trainable_state(), strict=False)
    lowered = {k: m.lower(tok, TEXTS) for k, m in (("ref", ref), ("mine", mine))}  # batched: padding must not leak
    for a, b in zip(lowered["ref"], lowered["mine"]):
        assert a.states.shape == b.states.shape and torch.allclose(a.states, b.states, atol=1e-5)
    with torch.inference_mode():
        out = {k: m([(lowered[k][0], lowered[k][2]), (lowered[k][1], lowered[k][2])]) for k, m in (("ref", ref), ("mine", mine))}
    assert torch.allclose(out["ref"].sent_logits, out["mine"].sent_logits, atol=1e-5)
    assert torch.allclose(out["ref"].tok_logits, out["mine"].tok_logits, atol=1e-5)
    assert len(mine.bert.encoder.layer) == 12 and SPLIT < 12


def test_word_embeddings_are_mapped_from_the_file_not_copied(e5_folder: Path) -> None:
    pytest.importorskip("torch")
    maps = Path("/proc/self/maps")
    if not maps.is_file():
        pytest.skip("needs /proc/self/maps")
    from mtqa.models.offline.encoder import load_runtime_bert

    bert = load_runtime_bert(e5_folder)
    table = bert.embeddings.word_embeddings.weight
    assert not table.requires_grad
    start = table.data_ptr()
    weights = str((e5_folder / "model.safetensors").resolve())
    mapped = []
    for line in maps.read_text().splitlines():
        span, *rest = line.split()
        lo, hi = (int(x, 16) for x in span.split("-"))
        if lo <= start < hi:
            mapped.append(rest[-1] if len(rest) >= 5 else "")
    assert mapped == [weights]  # file-backed: resident only where a run reads it


def test_layer_count_from_the_adapter_metadata(e5_folder: Path, tmp_path: Path) -> None:
    """A shallower QE model (its adapter.json says how many layers) gets only those layers."""
    pytest.importorskip("torch")
    from mtqa.errors import ModelUnavailableError
    from mtqa.models.offline.encoder import load_runtime_bert
    from mtqa.models.offline.fused import adapter_layers

    assert len(load_runtime_bert(e5_folder, layers=8).encoder.layer) == 8
    (tmp_path / "adapter.json").write_text(json.dumps({"layers": 8, "split": 4}), encoding="utf-8")
    assert adapter_layers(tmp_path) == 8
    (tmp_path / "adapter.json").write_text(json.dumps({"split": 6}), encoding="utf-8")
    assert adapter_layers(tmp_path) is None
    with pytest.raises(ModelUnavailableError, match="13 layers"):
        load_runtime_bert(e5_folder, layers=13)


def test_the_runtime_does_not_import_transformers(e5_folder: Path) -> None:
    """Loading the QE runtime leaves transformers unimported (seconds of every cold start)."""
    import subprocess

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mtqa.models.offline.encoder import load_runtime_bert\n"
        f"load_runtime_bert(Path({str(e5_folder)!r}))\n"
        "print('transformers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_onnx_runtime_layers_compute_what_torch_computes(e5_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the optional onnx extra, the layers below and above the split run in ONNX Runtime:
    the same predictions as torch, exported once and then read from the cache."""
    torch = pytest.importorskip("torch")
    from mtqa.models.offline.encoder import onnx_available

    if not onnx_available():
        pytest.skip("the onnx extra is not installed")
    from mtqa.models.offline import encoder
    from mtqa.models.offline.crossenc import CrossEncoder, predict
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.models.offline.encoder import load_runtime_bert, use_onnx_runtime
    from mtqa.models.offline.fused import merge_lora

    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")

    def model() -> object:
        torch.manual_seed(4)
        m = CrossEncoder(load_runtime_bert(e5_folder), rank=2).eval()
        for name, p in m.named_parameters():
            if name.endswith("lora_b") or name.startswith(("sent_head", "tok_head")):
                torch.nn.init.normal_(p, std=0.05)
        return merge_lora(m)

    pairs = [(TEXTS[0], TEXTS[2]), (TEXTS[1], TEXTS[2]), (TEXTS[1], "The mayor of Turin opened three new cycle lanes.")]
    ref = predict(model(), tok, pairs)
    fast = model()
    assert use_onnx_runtime(fast, tmp_path).startswith("onnxruntime ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers-0-6.onnx", "layers-6-12.onnx"]
    got = predict(fast, tok, pairs)
    assert abs(ref.sent - got.sent).max() < 1e-4
    assert all(abs(a - b).max() < 1e-4 for a, b in zip(ref.token_probs, got.token_probs))
    assert all(torch.allclose(a.states, b.states, atol=1e-4) for a, b in zip(ref.sources, got.sources))
    exported = []
    monkeypatch.setattr(encoder, "_export", lambda layers, path: exported.append(path))
    again = model()
    use_onnx_runtime(again, tmp_path)  # the cached graphs, not a new export
    assert exported == []
    assert abs(predict(again, tok, pairs).sent - got.sent).max() == 0.0


def test_an_onnx_cache_that_cannot_be_written_leaves_the_layers_in_torch(
    e5_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only or broken model cache must not stop offline-qe (it used to end in an internal
    error, exit 70): the export fails, the layers stay in torch and the runtime says so."""
    torch = pytest.importorskip("torch")
    from mtqa.models.offline.encoder import onnx_available

    if not onnx_available():
        pytest.skip("the onnx extra is not installed")
    from mtqa.models.offline import fused
    from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(fused, "_MODELS", {})
    monkeypatch.setattr(fused, "onnx_cache", lambda *args: blocker / "qe-onnx" / "layers")
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    models = fused.load_models(DEFAULT_ADAPTER, "cpu", onnx=True)
    assert models.runtime == "torch"
    assert isinstance(models.crossenc.bert.encoder.layer, torch.nn.ModuleList)
    assert list(tmp_path.iterdir()) == [blocker]  # nothing half-written


def test_the_onnx_cache_sits_beside_the_converted_model(tmp_path: Path) -> None:
    from mtqa.models.offline.fused import onnx_cache

    folder = tmp_path / "fallback" / "e5-small" / "1571fc9827503943"
    assert onnx_cache(folder, {"sha256": "ab" * 32}, 6, 8) == tmp_path / "fallback" / "qe-onnx" / f"v1-1571fc9827503943-{'ab' * 8}-6-8"
