"""MetricX against a plain transformers MT5ForConditionalGeneration forward, and its input format."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.models.qe.runtime import resolve_runtime

CPU = resolve_runtime("cpu", "fp32")


@pytest.fixture(scope="module")
def tiny_mt5(tmp_path_factory):
    import metricx_tiny

    DATA = Path(__file__).resolve().parent / "data"

    return metricx_tiny.build_model(tmp_path_factory.mktemp("tiny-mt5"), DATA / "tiny-t5spm")


@pytest.fixture(scope="module")
def models(tiny_mt5):
    from mtqa.models.qe.metricx import load_metricx

    return {f: load_metricx(tiny_mt5, tiny_mt5, f) for f in ("metricx24", "metricx23")}


@pytest.mark.parametrize(
    ("family", "text"),
    [
        ("metricx24", "source: Piove. candidate: It rains."),
        ("metricx23", "candidate: It rains. source: Piove."),
    ],
)
def test_input_format_and_trailing_eos_removed(models, family, text):
    model = models[family]
    full = model.tokenizer(text)["input_ids"]
    assert full[-1] == model.tokenizer.eos_token_id
    assert model.encode("Piove.", "It rains.") == full[:-1]


def test_regression_token_is_extra_id_10(models):
    model = models["metricx24"]
    # 250089 in mT5's 250100-token vocabulary is <extra_id_10>; the tiny vocabulary has 400 entries.
    assert model.token_id == model.tokenizer.convert_tokens_to_ids("<extra_id_10>") == 400 - 1 - 10


@pytest.mark.parametrize("family", ["metricx24", "metricx23"])
def test_scores_match_plain_mt5_forward(models, expected, family):
    import torch

    model = models[family]
    pairs = [(s, t) for s, t in expected["pairs"][:10]]
    got = [o.raw for o in model.predict(pairs, CPU, batch_size=1)]
    batched = [o.raw for o in model.predict(pairs, CPU, batch_size=3)]
    # Padding changes fp32 summation order; logits near 20 then move by ~1e-5 (relative ~5e-7).
    assert max(abs(a - b) / max(1.0, abs(a)) for a, b in zip(got, batched, strict=True)) <= 1e-6
    want = []
    with torch.inference_mode():
        for src, tgt in pairs:
            text = f"source: {src} candidate: {tgt}" if family == "metricx24" else f"candidate: {tgt} source: {src}"
            ids = model.tokenizer(text, return_tensors="pt")["input_ids"][:, :-1]
            logits = model.model(input_ids=ids, decoder_input_ids=torch.zeros((1, 1), dtype=torch.long)).logits
            want.append(float(torch.clamp(logits[0, 0, 389], 0, 25)))
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 1e-5
    assert all(0.0 <= g <= 25.0 for g in got)
    assert len(set(round(g, 4) for g in got)) > 3  # the tiny model does discriminate
    assert 25.0 in got  # and the clamp is exercised


@pytest.mark.parametrize(("raw", "unit"), [(0.0, 1.0), (5.0, 0.8), (25.0, 0.0), (30.0, 0.0), (-1.0, 1.0)])
def test_unit_score_is_one_minus_raw_over_25(raw, unit):
    from mtqa.models.qe.metricx import to_unit

    assert to_unit(raw) == pytest.approx(unit)


def test_metricx_folder_with_missing_weights_is_refused(tiny_mt5, tmp_path):
    import shutil

    from safetensors.torch import load_file, save_file

    from mtqa.errors import ModelUnavailableError
    from mtqa.models.qe.metricx import load_metricx

    broken = tmp_path / "broken"
    shutil.copytree(tiny_mt5, broken)
    weights = load_file(str(broken / "model.safetensors"))
    weights.pop("decoder.block.1.layer.2.DenseReluDense.wo.weight")
    save_file(weights, str(broken / "model.safetensors"), metadata={"format": "pt"})
    with pytest.raises(ModelUnavailableError, match="missing 1 tensor"):
        load_metricx(broken, broken, "metricx24")


def test_scorer_maps_metricx_to_unit_score(tiny_mt5, tmp_path, expected):
    import shutil

    from mtqa.config import Config
    from mtqa.models.qe.scorer import QEScorer
    from mtqa.types import Pair

    folder = tmp_path / "metricx-23-qe-tiny"
    shutil.copytree(tiny_mt5, folder)
    scorer = QEScorer(Config(model=str(folder), device="cpu"))
    assert scorer.family == "metricx23"  # "metricx-23" in the folder name selects the 23 format
    results = scorer.score([Pair(*p) for p in expected["pairs"][:4]])
    for r in results:
        assert r.score == pytest.approx(1 - r.raw / 25)
