"""Deterministic recipe for the tiny COMET checkpoints used to prove parity.

Importable from both venvs (the reference's, transformers 4; mtqa's, transformers 5): it needs only
torch, pyyaml and transformers. Weights do not come from torch's default initialisers (whose call
order differs between transformers versions) but from one generator per parameter name, seeded with
crc32(seed:name), so the same recipe gives bit-identical tensors in both venvs.

    build_all(out_dir, tokenizer_dir) -> {variant: checkpoint folder}

Each folder holds `hparams.yaml` + `checkpoints/model.ckpt`, the layout of the released models, and
points `pretrained_model` at a tiny encoder folder (config.json + the committed tokenizer).
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

SEED = 20260711

# XLM-R-shaped but tiny. 130 positions -> the encoder takes 128 tokens, so the long fixed pairs cross
# the limit and exercise truncation (reference) and windowing (mtqa).
TINY_ENCODER: dict[str, Any] = {
    "hidden_size": 32,
    "num_hidden_layers": 3,
    "num_attention_heads": 4,
    "intermediate_size": 64,
    "max_position_embeddings": 130,
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "layer_norm_eps": 1e-5,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
}

_COMMON: dict[str, Any] = {
    "activations": "Tanh",
    "batch_size": 4,
    "dropout": 0.1,
    "encoder_learning_rate": 1.0e-06,
    "final_activation": None,
    "keep_embeddings_frozen": True,
    "layerwise_decay": 0.95,
    "learning_rate": 1.5e-05,
    "load_pretrained_weights": True,
    "loss": "mse",
    "nr_frozen_epochs": 0.3,
    "optimizer": "AdamW",
    "train_data": [],
    "validation_data": [],
    "warmup_steps": 0,
}

_KIWI_HPARAMS: dict[str, Any] = {
    "class_identifier": "unified_metric",
    "encoder_model": "XLM-RoBERTa",
    "sent_layer": "mix",
    "layer_transformation": "softmax",
    "layer_norm": False,
    "word_layer": 2,
    "hidden_sizes": [48, 16],
    "input_segments": ["mt", "src"],
    "word_level_training": False,
    "loss_lambda": 0.65,
    "error_labels": ["minor", "major"],
    "cross_entropy_weights": None,
}

# variant -> (encoder kind, hparams). Together they cover every class, both encoders, both layer-mix
# transforms and layer_norm on and off.
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    # CometKiwi-22 shape: XLM-R encoder, softmax mix, no layer norm, sentence score only.
    "kiwi": (
        "xlmr",
        _KIWI_HPARAMS,
    ),
    # CometKiwi-23 XL/XXL shape: XLM-R XL encoder, layer_norm on, sparsemax as written in its hparams.
    "kiwi_ln": (
        "xlmr_xl",
        {
            **_KIWI_HPARAMS,
            "encoder_model": "XLM-RoBERTa-XL",
            "layer_transformation": "sparsemax",
            "layer_norm": True,
        },
    ),
    # xCOMET shape (run in QE mode: source + translation, no reference).
    "xcomet": (
        "xlmr",
        {
            "class_identifier": "xcomet_metric",
            "encoder_model": "XLM-RoBERTa",
            "sent_layer": "mix",
            "layer_transformation": "sparsemax_patch",
            "layer_norm": False,
            "word_layer": 2,
            "hidden_sizes": [48, 16],
            "word_level_training": True,
            "loss_lambda": 0.055,
            "error_labels": ["minor", "major", "critical"],
            "cross_entropy_weights": [0.08, 0.486, 0.505, 0.533],
        },
    ),
    # COMET-QE (wmt20/21-comet-qe shape): separate encodings, average pooling, mixed features.
    "cometqe": (
        "xlmr",
        {
            "class_identifier": "referenceless_regression_metric",
            "encoder_model": "XLM-RoBERTa",
            "pool": "avg",
            "layer": "mix",
            "layer_transformation": "softmax",
            "layer_norm": True,
            "hidden_sizes": [64, 16],
        },
    ),
}


def encoder_dir(out_dir: Path, kind: str, tokenizer_dir: Path) -> Path:
    """Write a tiny encoder folder (config.json + tokenizer files) and return it."""
    folder = out_dir / f"encoder-{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted(tokenizer_dir.iterdir()):
        if src.is_file():
            shutil.copyfile(src, folder / src.name)
    tok = json.loads((tokenizer_dir / "tokenizer.json").read_text("utf-8"))
    ids = [i for _, i in enumerate(range(len(tok["model"]["vocab"])))] + [a["id"] for a in tok["added_tokens"]]
    vocab_size = max(ids) + 1
    config = dict(TINY_ENCODER, vocab_size=vocab_size)
    if kind == "xlmr":
        config.update(model_type="xlm-roberta", architectures=["XLMRobertaModel"], type_vocab_size=1)
    else:
        config.update(model_type="xlm-roberta-xl", architectures=["XLMRobertaXLModel"], type_vocab_size=1)
    (folder / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", "utf-8")
    return folder


def _encoder_shapes(folder: Path, kind: str) -> dict[str, tuple[int, ...]]:
    import torch
    from transformers import AutoConfig, XLMRobertaModel, XLMRobertaXLModel

    config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
    cls = XLMRobertaModel if kind == "xlmr" else XLMRobertaXLModel
    with torch.device("meta"):
        model = cls(config, add_pooling_layer=False)
    return {f"encoder.model.{k}": tuple(v.shape) for k, v in model.state_dict().items()}


def _head_shapes(hparams: dict[str, Any], hidden: int, n_layers: int) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    for i in range(n_layers + 1):
        shapes[f"layerwise_attention.scalar_parameters.{i}"] = (1,)
    shapes["layerwise_attention.gamma"] = (1,)
    in_dim = hidden * 4 if hparams["class_identifier"] == "referenceless_regression_metric" else hidden
    sizes = [in_dim, *hparams["hidden_sizes"], 1]
    for j in range(len(sizes) - 1):
        shapes[f"estimator.ff.{3 * j}.weight"] = (sizes[j + 1], sizes[j])
        shapes[f"estimator.ff.{3 * j}.bias"] = (sizes[j + 1],)
    if hparams.get("word_level_training"):
        n_labels = len(hparams["error_labels"]) + 1
        shapes["hidden2tag.weight"] = (n_labels, hidden)
        shapes["hidden2tag.bias"] = (n_labels,)
    return shapes


# Standard deviations of the random weights. The tiny models use large ones so that scores and
# spans differ visibly between pairs; the speed benchmark's 24-layer model uses XLM-R's own
# initializer_range (0.02), since large random weights make a deep stack chaotic and amplify the
# ~1e-7 noise of any change in batching into ~1e-4.
INIT_STD = {"linear": 0.08, "embedding": 0.2, "head": 0.3}


def _tensor(name: str, shape: tuple[int, ...], seed: int) -> Any:
    import torch

    gen = torch.Generator().manual_seed(zlib.crc32(f"{seed}:{name}".encode()))
    noise = torch.randn(shape, generator=gen, dtype=torch.float32)
    if "LayerNorm.weight" in name or name.endswith("layerwise_attention.gamma"):
        return 1.0 + 0.1 * noise
    if "LayerNorm.bias" in name:
        return 0.1 * noise
    if "scalar_parameters" in name:
        return noise  # spread so softmax and sparsemax both give uneven weights
    if name == "hidden2tag.bias":
        # Favour "O" so that spans open and close inside sentences; every severity still wins somewhere.
        return 0.6 * noise + torch.tensor([2.5] + [0.0] * (shape[0] - 1))
    if name.startswith("hidden2tag."):
        return 0.6 * noise
    if name.startswith("estimator."):
        return INIT_STD["head"] * noise
    if name.endswith("embeddings.weight"):
        return INIT_STD["embedding"] * noise
    return INIT_STD["linear"] * noise


def build_checkpoint(variant: str, out_dir: Path, tokenizer_dir: Path, seed: int = SEED) -> Path:
    import torch
    import yaml

    kind, extra = VARIANTS[variant]
    enc = encoder_dir(out_dir, kind, tokenizer_dir)
    hparams = dict(_COMMON, **extra, pretrained_model=str(enc))
    shapes = _encoder_shapes(enc, kind)
    shapes.update(_head_shapes(hparams, TINY_ENCODER["hidden_size"], TINY_ENCODER["num_hidden_layers"]))
    state = OrderedDict((name, _tensor(name, shape, seed)) for name, shape in sorted(shapes.items()))
    n_mix = TINY_ENCODER["num_hidden_layers"] + 1
    # Buffers the reference registers for layer dropout (training only); released checkpoints carry them.
    state["layerwise_attention.dropout_mask"] = torch.zeros(n_mix)
    state["layerwise_attention.dropout_fill"] = torch.full((n_mix,), -1e20)
    if hparams.get("word_level_training") and hparams.get("cross_entropy_weights"):
        # The reference's weighted CrossEntropyLoss is a module with a `weight` buffer (training only).
        state["wordloss.weight"] = torch.tensor(hparams["cross_entropy_weights"], dtype=torch.float32)
    folder = out_dir / variant
    (folder / "checkpoints").mkdir(parents=True, exist_ok=True)
    (folder / "hparams.yaml").write_text(yaml.safe_dump(hparams, sort_keys=True), "utf-8")
    torch.save(
        {
            "state_dict": state,
            "hyper_parameters": hparams,
            "pytorch-lightning_version": "2.6.6",  # load_from_checkpoint requires the entry
            "epoch": 0,
            "global_step": 0,
        },
        folder / "checkpoints" / "model.ckpt",
    )
    return folder


def build_all(out_dir: Path, tokenizer_dir: Path, seed: int = SEED) -> dict[str, Path]:
    return {v: build_checkpoint(v, Path(out_dir), Path(tokenizer_dir), seed) for v in VARIANTS}
