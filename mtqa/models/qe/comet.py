"""COMET-family QE models (CometKiwi, xCOMET in QE mode, COMET-QE) in plain torch + transformers.

Re-derived from unbabel-comet 2.2.7 (comet/models/multitask/unified_metric.py, xcomet_metric.py,
regression/referenceless.py); parity with it is proven in benchmarks/parity/ and tests/qe/.
Differences on purpose: no Lightning, batches sorted by token count (not source characters), the
layer mix computed for the <s> position only where nothing else is read, long pairs windowed
instead of cut (see mtqa.models.qe.inputs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from mtqa.errors import ModelUnavailableError
from mtqa.models.qe.checkpoint import CometCheckpoint, check_keys
from mtqa.models.qe.encoder import EncoderFiles, FirstTokenLastLayer, build_encoder, max_positions
from mtqa.models.qe.inputs import Item, Tokenizer, join_pair, plan_items
from mtqa.models.qe.layers import Estimator, LayerMix
from mtqa.models.qe.runtime import Runtime, pad, run_sorted

# xCOMET's MQM weights for span severities and its final-score weights (xcomet_metric.py): three
# regression weights (src, ref, src+ref inputs; QE mode uses their sum) and one for the MQM score.
MQM_WEIGHTS = {"minor": 1, "major": 5, "critical": 10}
XCOMET_SCORE_WEIGHTS = (0.12, 0.33, 0.33, 0.22)


@dataclass(frozen=True)
class ErrorSpan:
    """A span of the target the model tags as an error: [start, end) characters, as the reference
    reports them (they may include leading whitespace, COMET #179; see `trim_span`)."""

    start: int
    end: int
    severity: str


@dataclass(frozen=True)
class QEOutput:
    raw: float
    spans: tuple[ErrorSpan, ...] = ()
    windows: int = 1
    truncated: bool = False


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace (COMET #179)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class CometQE(nn.Module):
    """One COMET QE model. `predict(pairs)` -> one QEOutput per (source, target), in order."""

    encoder: Any  # a transformers XLMRobertaModel / XLMRobertaXLModel

    def __init__(
        self, ckpt: CometCheckpoint, files: EncoderFiles, *, long_pairs: str = "window", fast_last_layer: bool = True
    ) -> None:
        super().__init__()
        h = ckpt.hparams
        where = str(ckpt.folder)
        self.kind = ckpt.class_identifier
        self.hparams = dict(h)
        self.long_pairs = long_pairs
        weights = ckpt.state_dict
        enc_w = {k[len("encoder.model.") :]: v for k, v in weights.items() if k.startswith("encoder.model.")}
        self.encoder = build_encoder(str(h.get("encoder_model", "XLM-RoBERTa")), files, enc_w, where)
        config = files.config
        self.tokenizer = files.tokenizer
        self.max_positions = max_positions(config)
        self.num_mix = int(config.num_hidden_layers) + 1
        hidden = int(config.hidden_size)

        referenceless = self.kind == "referenceless_regression_metric"
        self.layer: Any = h.get("layer" if referenceless else "sent_layer", "mix")
        self.layerwise_attention = (
            LayerMix(
                self.num_mix,
                transform=str(h.get("layer_transformation", "softmax")),
                layer_norm=bool(h.get("layer_norm", False)),
            )
            if self.layer == "mix"
            else None
        )
        if self.layerwise_attention is None and not (isinstance(self.layer, int) and 0 <= self.layer < self.num_mix):
            raise ModelUnavailableError(f"{where}: invalid layer {self.layer!r} in hparams.yaml")
        self.pool = str(h.get("pool", "avg")) if referenceless else "cls"
        self.estimator = Estimator(
            hidden * 4 if referenceless else hidden,
            list(h.get("hidden_sizes", [3072, 1024])),
            activation=str(h.get("activations", "Tanh")),
            final_activation=h.get("final_activation"),
        )
        self.word_level = self.kind == "xcomet_metric" or (
            self.kind == "unified_metric" and bool(h.get("word_level_training", False))
        )
        self.labels = ["O"] + [f"I-{label}" for label in h.get("error_labels", ["minor", "major"])]
        if self.kind == "xcomet_metric":
            self.labels = ["O", "I-minor", "I-major", "I-critical"]
        self.word_layer = int(h.get("word_layer", 24))
        self.hidden2tag = nn.Linear(hidden, len(self.labels)) if self.word_level else None
        if self.word_level and not 0 <= self.word_layer < self.num_mix:
            raise ModelUnavailableError(f"{where}: word_layer {self.word_layer} is not a layer of this {self.num_mix - 1}-layer encoder")
        segments = h.get("input_segments", ["mt", "src", "ref"])
        self.use_source = referenceless or self.kind == "xcomet_metric" or "src" in segments

        # CometKiwi-22 shape: the last layer is needed at <s> only (see FirstTokenLastLayer).
        self.first_token_last: FirstTokenLastLayer | None = None
        if (
            self.kind == "unified_metric"
            and not self.word_level
            and self.layerwise_attention is not None
            and not self.layerwise_attention.layer_norm
            and h.get("encoder_model", "XLM-RoBERTa") == "XLM-RoBERTa"
            and fast_last_layer
        ):
            stack = self.encoder.encoder.layer
            self.first_token_last = FirstTokenLastLayer(stack[-1])
            self.encoder.encoder.layer = nn.ModuleList(list(stack)[:-1])

        head = {k: v for k, v in weights.items() if not k.startswith("encoder.model.")}
        own = {
            name: p
            for name, p in self.named_parameters()
            if not name.startswith(("encoder.", "first_token_last."))
        }
        check_keys(where, own, head, ignorable=("dropout_mask", "dropout_fill", "wordloss.weight"))
        self.load_state_dict({k: v for k, v in head.items() if k in own}, strict=False)
        self.eval()

    # -- inference ---------------------------------------------------------------------------

    def predict(self, pairs: Sequence[tuple[str, str]], runtime: Runtime, batch_size: int) -> list[QEOutput]:
        items = plan_items(
            pairs,
            Tokenizer(self.tokenizer),
            max_positions=self.max_positions,
            joint=self.kind != "referenceless_regression_metric",
            use_source=self.use_source,
            mode=self.long_pairs,
        )

        def length(item: Item) -> int:
            return len(item.target.ids) + (len(item.source.ids) if item.source else 0)

        with torch.inference_mode():
            per_item = run_sorted(items, length, batch_size, lambda batch: self._run(batch, runtime))
        return _aggregate(len(pairs), items, per_item)

    def _encode(self, rows: list[list[int]], runtime: Runtime) -> tuple[tuple[torch.Tensor, ...], torch.Tensor]:
        ids, mask = pad(rows, int(self.tokenizer.pad_token_id))
        out = self.encoder(
            input_ids=ids.to(runtime.device),
            attention_mask=mask.to(runtime.device),
            output_hidden_states=True,
            return_dict=True,
        )
        # The heads run in fp32 whatever the encoder's precision (the reference casts the heads
        # too and had to patch fp16 overflow, huggingface.co/Unbabel/wmt23-cometkiwi-da-xl/discussions/3).
        return tuple(h.float() for h in out.hidden_states), mask.to(runtime.device)

    def _run(self, batch: list[Item], runtime: Runtime) -> list[tuple[float, list[ErrorSpan]]]:
        if self.kind == "referenceless_regression_metric":
            return self._run_referenceless(batch, runtime)
        sep = int(self.tokenizer.sep_token_id)
        rows = [join_pair(it.target, it.source if self.use_source else None, self.max_positions, sep) for it in batch]
        layers, mask = self._encode(rows, runtime)
        if self.first_token_last is not None:
            assert self.layerwise_attention is not None
            dtype = next(self.first_token_last.parameters()).dtype
            last = self.first_token_last(layers[-1].to(dtype), mask).float()
            sentemb = self.layerwise_attention.mix_rows([t[:, 0, :] for t in layers] + [last])
        elif self.layerwise_attention is not None:
            sentemb = self.layerwise_attention(layers, mask, first_token_only=True)
        else:
            sentemb = layers[self.layer][:, 0, :]
        scores = self.estimator(sentemb).view(-1).cpu()
        if not self.word_level:
            return [(float(s), []) for s in scores]
        assert self.hidden2tag is not None
        n_target = max(len(it.target.ids) for it in batch)
        probs = torch.softmax(self.hidden2tag(layers[self.word_layer][:, :n_target]), dim=2).cpu()
        spans = [self._decode(probs[i, : len(it.target.ids)], it) for i, it in enumerate(batch)]
        if self.kind == "xcomet_metric":
            reg = torch.where(scores > 1.0, 1.0, scores)
            mqm = torch.tensor([min(sum(MQM_WEIGHTS[s.severity] for s in sp), 25) for sp in spans])
            mqm = (mqm * -1 + 25) / 25
            scores = reg * sum(XCOMET_SCORE_WEIGHTS[:3]) + mqm * XCOMET_SCORE_WEIGHTS[3]
        return [(float(s), sp) for s, sp in zip(scores, spans, strict=True)]

    def _decode(self, probs: torch.Tensor, item: Item) -> list[ErrorSpan]:
        """Consecutive subwords tagged as errors form one span; severity of its first subword; a span
        still open at the end of the target is dropped (as comet's `decode` does)."""
        _, labels = torch.topk(probs, 1)
        spans: list[ErrorSpan] = []
        current: list[Any] | None = None
        for label_id, (start, end) in zip(labels[:, 0].tolist(), item.target.offsets, strict=True):
            label = self.labels[label_id]
            if label.startswith("I"):
                if current is None:
                    current = [start, end, label[2:]]
                else:
                    current[1] = end
            elif current is not None:
                off = item.target_offset
                spans.append(ErrorSpan(current[0] + off, current[1] + off, current[2]))
                current = None
        return spans

    def _run_referenceless(self, batch: list[Item], runtime: Runtime) -> list[tuple[float, list[ErrorSpan]]]:
        def embed(rows: list[list[int]]) -> Any:
            layers, mask = self._encode(rows, runtime)
            emb = self.layerwise_attention(layers, mask) if self.layerwise_attention is not None else layers[self.layer]
            if self.pool == "cls":
                return emb[:, 0, :]
            if self.pool == "default":
                return layers[-1][:, 0, :]
            pad_mask = (mask == 0).unsqueeze(-1)
            if self.pool == "max":
                return emb.masked_fill(pad_mask, float("-inf")).max(dim=1)[0]
            if self.pool != "avg":
                raise ModelUnavailableError(f"unknown pool {self.pool!r} in hparams.yaml; known: avg, max, cls, default")
            total = emb.masked_fill(pad_mask, 0.0).sum(1)
            return total / mask.unsqueeze(-1).expand(emb.size()).float().sum(1)

        src = embed([it.source.ids if it.source else [] for it in batch])
        mt = embed([it.target.ids for it in batch])
        features = torch.cat((mt, src, mt * src, torch.abs(mt - src)), dim=1)
        return [(float(s), []) for s in self.estimator(features).view(-1).cpu()]


def _aggregate(n: int, items: list[Item], results: list[tuple[float, list[ErrorSpan]]]) -> list[QEOutput]:
    """Windows of one pair -> one output: scores averaged weighted by target tokens, spans joined."""
    grouped: list[list[tuple[Item, tuple[float, list[ErrorSpan]]]]] = [[] for _ in range(n)]
    for item, res in zip(items, results, strict=True):
        grouped[item.pair].append((item, res))
    out = []
    for group in grouped:
        total = sum(it.weight for it, _ in group)
        raw = sum(it.weight * res[0] for it, res in group) / total if len(group) > 1 else group[0][1][0]
        spans = tuple(s for _, res in group for s in res[1])
        out.append(QEOutput(raw, spans, len(group), any(it.truncated for it, _ in group)))
    return out


def load_comet(
    folder: Path, encoder_folder: Path, *, long_pairs: str = "window", fast_last_layer: bool = True
) -> CometQE:
    from mtqa.models.qe.checkpoint import load_comet_checkpoint
    from mtqa.models.qe.encoder import load_encoder_files

    return CometQE(
        load_comet_checkpoint(folder),
        load_encoder_files(encoder_folder),
        long_pairs=long_pairs,
        fast_last_layer=fast_last_layer,
    )


def load_family(folder: Path, encoder_folder: Path, family: str, *, long_pairs: str = "window") -> CometQE:
    """The `families.Family.load` entry point: every COMET family loads the same way."""
    return load_comet(folder, encoder_folder, long_pairs=long_pairs)
