"""A QE cross-encoder on the converted e5-small: low-rank (LoRA) deltas plus two small heads.

Late interaction (format 3). Layers below `split` (6 of 12) run on each sentence alone, exactly
as the plain e5 encoder does (<s> sentence </s>, positions from 0, frozen weights): their output
is the layer-6 token vectors that word alignment reads and a sentence vector for similarity.
Layers from `split` up read the two sentences side by side (<s> source </s><s> target </s>, full
attention across both) and carry the trained rank-`r` LoRA deltas on the attention
query/key/value/output projections (Hu et al. 2021). One pass per pair therefore gives the
alignment evidence and the cross-encoder's judgement; the earlier design (format 2: LoRA in all
12 layers on the concatenated pair, plus a second, plain e5 pass for alignment) cost two passes.
Heads:
- a sentence head on [mean of all final states; max over target-token states]: logits for
  "has an error" and "has a major error";
- a token head on the target tokens: logit for "this token is inside an error span" (word-level
  tags, as xCOMET does; omissions have no target span and are only sentence-level).
Because the lower layers are frozen and see one sentence at a time, training caches their output
per sentence and back-propagates through the upper layers only.
`layers` (adapter metadata; default all 12) keeps only e5's first `layers` layers: a model with
layers 0-5 per sentence and 6-7 across the pair costs 8/12 of the full depth per pair, to train and
to run; the layers above are dropped from the loaded encoder, so the runtime builds the same shape.
torch is imported here; this module is only loaded on use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from mtqa.errors import ModelUnavailableError
from mtqa.models.qe.runtime import pad
from mtqa.models.offline.e5_tokenizer import E5Tokenizer, Encoding

FORMAT = "mtqa-qe-crossenc/3"
TARGETS = ("query", "key", "value", "attention.output.dense")
FFN_TARGETS = ("intermediate.dense", "output.dense")  # optional: the feed-forward projections too
MAX_SIDE = 254  # content tokens per side (two sides + four specials stay within e5's 512 positions)
SPLIT = 6  # layers below run per sentence; their output is also the word-alignment layer


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.randn(rank, base.in_features) / rank)
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.base(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale
        return out


def _through(layers: Any, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Run BERT layers over `hidden` [b, L, h] with a [b, L] 1/0 key mask (BERT's additive form)."""
    add = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
    for layer in layers:
        out = layer(hidden, attention_mask=add)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


@dataclass(frozen=True)
class Sentence:
    """One sentence after the lower layers: its encoding and layer-`split` states (specials included)."""

    encoding: Encoding
    states: torch.Tensor  # [len(ids) + 2, hidden]: <s> content </s>
    truncated: bool = False  # the text had more than MAX_SIDE tokens; only the first MAX_SIDE were read


@dataclass(frozen=True)
class PairOutput:
    sent_logits: torch.Tensor  # [b, 2]
    tok_logits: torch.Tensor  # [b, L]
    target_tokens: torch.Tensor  # [b, L] 1 on target content tokens
    target_offsets: tuple[int, ...]


class CrossEncoder(nn.Module):
    def __init__(self, bert: Any, *, rank: int = 8, alpha: float = 16.0, split: int = SPLIT, ffn: bool = False,
                 layers: int | None = None) -> None:
        super().__init__()
        total = len(bert.encoder.layer)
        layers = total if layers is None else layers
        if not split < layers <= total:
            raise ValueError(f"layers={layers}: must be above split={split} and at most {total}")
        if layers < total:  # the dropped top layers are never run, so they are not kept either
            bert.encoder.layer = bert.encoder.layer[:layers]
            bert.config.num_hidden_layers = layers
        self.bert = bert
        self.rank, self.alpha, self.split, self.ffn, self.layers = rank, alpha, split, ffn, layers
        for p in self.bert.parameters():
            p.requires_grad_(False)
        for layer in self.bert.encoder.layer[split:]:
            att = layer.attention
            att.self.query = LoRALinear(att.self.query, rank, alpha)
            att.self.key = LoRALinear(att.self.key, rank, alpha)
            att.self.value = LoRALinear(att.self.value, rank, alpha)
            att.output.dense = LoRALinear(att.output.dense, rank, alpha)
            if ffn:
                layer.intermediate.dense = LoRALinear(layer.intermediate.dense, rank, alpha)
                layer.output.dense = LoRALinear(layer.output.dense, rank, alpha)
        h = int(bert.config.hidden_size)
        # sentence head reads the mean of all states and the max over target-token states: one bad
        # word in a long sentence is diluted by the mean (measured: the mean alone underfits)
        self.sent_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(2 * h, 2))
        self.tok_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(h, 1))

    # -- lower layers: one sentence at a time, plain e5 ------------------------------------------
    def lower(self, tok: E5Tokenizer, texts: Sequence[str], *, batch_size: int = 64) -> list[Sentence]:
        """Layer-`split` states of each text, encoded alone (no gradient: these layers are frozen)."""
        encs, cut = [], []
        for t in texts:
            e = tok.encode(t)
            encs.append(Encoding(e.ids[:MAX_SIDE], e.spans[:MAX_SIDE], e.pieces[:MAX_SIDE]))
            cut.append(len(e.ids) > MAX_SIDE)
        out: list[Sentence | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        device = next(self.bert.parameters()).device
        with torch.no_grad():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                ids, mask = pad([[tok.bos, *encs[i].ids, tok.eos] for i in idx], tok.pad)
                ids, mask = ids.to(device), mask.to(device)
                hidden = self.bert.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
                hidden = _through(self.bert.encoder.layer[: self.split], hidden, mask)
                for r, i in enumerate(idx):
                    out[i] = Sentence(encs[i], hidden[r, : len(encs[i].ids) + 2].clone(), cut[i])
        return [s for s in out if s is not None]

    # -- upper layers: the pair side by side, LoRA -----------------------------------------------
    def forward(self, pairs: Sequence[tuple[Sentence, Sentence]]) -> PairOutput:
        first = pairs[0][0].states
        width = max(len(s.states) + len(t.states) for s, t in pairs)
        hidden = first.new_zeros((len(pairs), width, first.shape[-1]))
        mask = torch.zeros((len(pairs), width), dtype=torch.long, device=first.device)
        tgt = torch.zeros((len(pairs), width), dtype=torch.long, device=first.device)
        offs = []
        for r, (s, t) in enumerate(pairs):
            ns, nt = len(s.states), len(t.states)
            hidden[r, :ns] = s.states
            hidden[r, ns : ns + nt] = t.states
            mask[r, : ns + nt] = 1
            tgt[r, ns + 1 : ns + nt - 1] = 1  # target content tokens (not its <s> / </s>)
            offs.append(ns + 1)
        hidden = _through(self.bert.encoder.layer[self.split :], hidden, mask)
        m = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        tb = tgt.unsqueeze(-1).bool()
        peak = hidden.masked_fill(~tb, -1e4).max(dim=1).values
        peak = torch.where(tb.any(dim=1), peak, torch.zeros_like(peak))
        return PairOutput(self.sent_head(torch.cat([pooled, peak], dim=-1)), self.tok_head(hidden).squeeze(-1), tgt, tuple(offs))

    def trainable_state(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().cpu().contiguous() for k, v in self.named_parameters() if v.requires_grad}


def token_labels(out: PairOutput, encodings: Sequence[Encoding], spans: Sequence[Sequence[tuple[int, int]]]) -> torch.Tensor:
    """1 for target tokens overlapping an error span, 0 other target tokens, -1 elsewhere."""
    lab = torch.full(out.tok_logits.shape, -1.0)
    for i, (enc, off) in enumerate(zip(encodings, out.target_offsets)):
        for k, (s, e) in enumerate(enc.spans):
            hit = any(min(e, b) - max(s, a) > 0 for a, b in spans[i] if b > a)
            lab[i, off + k] = 1.0 if hit else 0.0
    return lab


def adapter_checksum(state: dict[str, torch.Tensor]) -> str:
    h = hashlib.sha256()
    for k in sorted(state):
        h.update(k.encode())
        h.update(state[k].float().numpy().tobytes())
    return h.hexdigest()


def save_adapter(model: CrossEncoder, folder: Path, meta: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = model.trainable_state()
    save_file(state, str(folder / "adapter.safetensors"), metadata={"format": FORMAT})
    info = dict(meta)
    info.update({"format": FORMAT, "rank": model.rank, "alpha": model.alpha, "split": model.split, "layers": model.layers,
                 "targets": list(TARGETS) + (list(FFN_TARGETS) if model.ffn else []),
                 "sha256": adapter_checksum(state)})
    (folder / "adapter.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_adapter(bert: Any, folder: Path) -> tuple[CrossEncoder, dict[str, Any]]:
    from safetensors.torch import load_file

    try:
        info: dict[str, Any] = json.loads((folder / "adapter.json").read_text(encoding="utf-8"))
        state = load_file(str(folder / "adapter.safetensors"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot read the QE adapter in {folder}: {exc}") from None
    if info.get("format") != FORMAT or adapter_checksum(state) != info.get("sha256"):
        raise ModelUnavailableError(f"{folder}: QE adapter format or checksum mismatch; reinstall mtqa or retrain it")
    try:
        model = CrossEncoder(bert, rank=int(info["rank"]), alpha=float(info["alpha"]), split=int(info.get("split", SPLIT)),
                             ffn=FFN_TARGETS[0] in info.get("targets", ()),
                             layers=int(info["layers"]) if info.get("layers") is not None else None)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelUnavailableError(f"{folder}: QE adapter metadata does not describe a model shape ({exc}); retrain it") from None
    missing = set(model.trainable_state()) - set(state)
    if missing:
        raise ModelUnavailableError(f"{folder}: adapter lacks {len(missing)} tensors, e.g. {sorted(missing)[0]}")
    model.load_state_dict(state, strict=False)
    model.eval()
    return model, info


@dataclass(frozen=True)
class Prediction:
    sent: np.ndarray  # [n, 2]: P(error), P(major)
    token_probs: list[np.ndarray]  # per pair, per target content token: P(in an error span)
    sources: list[Sentence]  # layer-`split` states, for word alignment and similarity
    targets: list[Sentence]


@torch.inference_mode()
def predict(model: CrossEncoder, tok: E5Tokenizer, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> Prediction:
    """One pass per pair: sentence and token probabilities plus the lower-layer states."""
    model.eval()
    n = len(pairs)
    lowered = model.lower(tok, [p[0] for p in pairs] + [p[1] for p in pairs])
    srcs, tgts = lowered[:n], lowered[n:]
    sent = np.zeros((n, 2), dtype=np.float32)
    toks: list[np.ndarray] = [np.zeros(0, dtype=np.float32)] * n
    order = sorted(range(n), key=lambda i: len(srcs[i].states) + len(tgts[i].states))
    for b in range(0, n, batch_size):
        idx = order[b : b + batch_size]
        out = model([(srcs[i], tgts[i]) for i in idx])
        s_p = torch.sigmoid(out.sent_logits).float().cpu().numpy()
        t_p = torch.sigmoid(out.tok_logits).float().cpu().numpy()
        for r, i in enumerate(idx):
            sent[i] = s_p[r]
            off = out.target_offsets[r]
            toks[i] = t_p[r, off : off + len(tgts[i].encoding.ids)]
    return Prediction(sent, toks, srcs, tgts)
