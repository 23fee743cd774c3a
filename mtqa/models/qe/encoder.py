"""The transformer encoder under a COMET model: config + tokenizer from a local folder, weights from
the COMET checkpoint.

Everything is read from local paths with `local_files_only=True`, so transformers never reaches for
the network (COMET #220, #225, #226: offline loading still fetched the tokenizer).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from mtqa.errors import ModelUnavailableError
from mtqa.models.qe.checkpoint import check_keys

# COMET's `encoder_model` names -> transformers model classes (comet/encoders/__init__.py).
ENCODERS = {"XLM-RoBERTa": "XLMRobertaModel", "XLM-RoBERTa-XL": "XLMRobertaXLModel"}
MODEL_TYPES = {"XLM-RoBERTa": "xlm-roberta", "XLM-RoBERTa-XL": "xlm-roberta-xl"}
# Tensors a checkpoint may carry that inference does not use: position_ids (persistent in older
# transformers), a pooler (add_pooling_layer), training-only buffers of the head.
IGNORABLE = (
    "embeddings.position_ids",
    "dropout_mask",
    "dropout_fill",
    "wordloss.weight",
)


@contextlib.contextmanager
def _params_on_meta() -> Iterator[None]:
    """Create parameters on the meta device (no random init of 560M weights) but keep buffers real:
    the weights come from the checkpoint right after, the buffers (position ids) do not."""
    original = nn.Module.register_parameter

    def register(module: nn.Module, name: str, param: nn.Parameter | None) -> None:
        original(module, name, param)
        if param is not None:
            kwargs = {"requires_grad": param.requires_grad}
            module._parameters[name] = nn.Parameter(param.to("meta"), **kwargs)  # noqa: SLF001

    nn.Module.register_parameter = register  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        nn.Module.register_parameter = original  # type: ignore[method-assign]


@dataclass(frozen=True)
class EncoderFiles:
    folder: Path
    config: Any
    tokenizer: Any


def load_encoder_files(folder: Path) -> EncoderFiles:
    """Config and fast tokenizer from a local folder (a snapshot of e.g. xlm-roberta-large)."""
    from transformers import AutoConfig, AutoTokenizer

    if not (folder / "config.json").is_file():
        raise ModelUnavailableError(f"encoder folder {folder} has no config.json")
    try:
        config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        except (OSError, ValueError):
            if not (folder / "sentencepiece.bpe.model").is_file():
                raise
            # Older encoder repositories ship only sentencepiece.bpe.model (no tokenizer_config.json
            # to name the class): build XLM-R's fast tokenizer from it (conversion needs protobuf).
            import transformers

            cls = getattr(transformers, "XLMRobertaTokenizerFast", None) or transformers.XLMRobertaTokenizer
            tokenizer = cls.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(
            f"cannot load the encoder config/tokenizer from {folder}: {exc}. The folder needs "
            "config.json and tokenizer.json or sentencepiece.bpe.model (converting the latter needs protobuf)"
        ) from None
    if not getattr(tokenizer, "is_fast", False):
        raise ModelUnavailableError(f"{folder}: a fast tokenizer is needed for character offsets")
    return EncoderFiles(folder, config, tokenizer)


def build_encoder(
    encoder_model: str, files: EncoderFiles, weights: Mapping[str, torch.Tensor], where: str
) -> Any:
    """Instantiate the transformers model for `encoder_model` and load `weights` (keys without prefix)."""
    import transformers

    cls_name = ENCODERS.get(encoder_model)
    if cls_name is None:
        raise ModelUnavailableError(
            f"{where}: encoder_model {encoder_model!r} is not supported; supported: {', '.join(ENCODERS)}"
        )
    cls = getattr(transformers, cls_name)
    config = files.config
    if config.model_type != MODEL_TYPES[encoder_model]:
        raise ModelUnavailableError(
            f"{where}: the encoder config in {files.folder} is {config.model_type!r}; the checkpoint "
            f"(encoder_model {encoder_model!r}) does not match it and needs {MODEL_TYPES[encoder_model]!r}"
        )
    with _params_on_meta():
        model = cls(config, add_pooling_layer=False)
    own = set(model.state_dict())
    check_keys(where, own, weights, ignorable=IGNORABLE + tuple(k for k in weights if k.startswith("pooler.")))
    model.load_state_dict({k: v for k, v in weights.items() if k in own}, strict=False, assign=True)
    # After assign the parameters are the checkpoint's tensors; nothing may be left on meta.
    left = [n for n, p in model.named_parameters() if p.is_meta]
    if left:
        raise ModelUnavailableError(f"{where}: parameters without weights: {', '.join(left[:4])}")
    return model.eval()


def max_positions(config: Any) -> int:
    """Tokens the encoder takes: position embeddings minus the two RoBERTa padding offsets."""
    return int(config.max_position_embeddings) - 2


class FirstTokenLastLayer(nn.Module):
    """XLM-R's (post-LayerNorm) last layer computed for the <s> position only.

    CometKiwi-22 reads only <s> from the last layer (its mix takes position 0 of every layer, and
    with layer_norm off no statistic spans the other tokens), so queries, attention output and FFN
    of the other positions in that layer are wasted work: 1/num_layers of the encoder. Keys and values
    still come from every token, so the result is the full layer's row 0 (to ~1e-7 in fp32).
    """

    layer: Any  # a transformers XLMRobertaLayer

    def __init__(self, layer: nn.Module) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        att = self.layer.attention.self
        heads, size = int(att.num_attention_heads), int(att.attention_head_size)
        batch, length, _ = hidden.shape
        first = hidden[:, :1]
        q = att.query(first).view(batch, 1, heads, size).transpose(1, 2)
        k = att.key(hidden).view(batch, length, heads, size).transpose(1, 2)
        v = att.value(hidden).view(batch, length, heads, size).transpose(1, 2)
        keep = mask.bool()[:, None, None, :]
        ctx = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        ctx = ctx.transpose(1, 2).reshape(batch, 1, heads * size)
        out = self.layer.attention.output
        attended = out.LayerNorm(out.dense(ctx) + first)
        ffn = self.layer.output
        row: torch.Tensor = ffn.LayerNorm(ffn.dense(self.layer.intermediate(attended)) + attended)[:, 0]
        return row
