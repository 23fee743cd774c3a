"""MetricX-24 / MetricX-23 QE (Google, mT5) without the metricx package.

Re-derived from google-research/metricx (metricx24/models.py `MT5ForRegression`, predict.py): the
mT5 encoder reads the formatted pair, the decoder runs one step from token 0, and the score is the
logit of one vocabulary entry, clamped to [0, 25]. Lower is better (MQM-like error points: minor 1,
major 5); mtqa's higher-is-better score is `1 - raw / 25`.

Input format (QE mode): MetricX-24 `source: {src} candidate: {mt}`, MetricX-23 `candidate: {mt}
source: {src}`; the trailing EOS the tokenizer adds is removed (the models were trained so).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from mtqa.errors import ModelUnavailableError
from mtqa.models.qe.comet import QEOutput
from mtqa.models.qe.inputs import Tokenized, Tokenizer, plan_windows
from mtqa.models.qe.runtime import Runtime, pad, run_sorted

# 250089 is <extra_id_10> in the 250112-entry mT5 vocabulary (metricx24/models.py). A model with
# another vocabulary (the tiny test model) uses the id of the same token in its own tokenizer.
MT5_VOCAB = 250112
REGRESSION_TOKEN_ID = 250089
REGRESSION_TOKEN = "<extra_id_10>"
MAX_LENGTH = {"metricx24": 1536, "metricx23": 1024}
MAX_SCORE = 25.0


def format_input(source: str, target: str, family: str) -> str:
    if family == "metricx23":
        return f"candidate: {target} source: {source}"
    return f"source: {source} candidate: {target}"


def to_unit(raw: float) -> float:
    """Higher-is-better [0, 1] from MetricX's [0, 25] error score."""
    return 1.0 - min(max(raw, 0.0), MAX_SCORE) / MAX_SCORE


class MetricXQE(nn.Module):
    def __init__(self, model: Any, tokenizer: Any, family: str, *, long_pairs: str = "window") -> None:
        super().__init__()
        if family not in MAX_LENGTH:
            raise ModelUnavailableError(f"unknown MetricX family {family!r}; known: {', '.join(MAX_LENGTH)}")
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.family = family
        self.long_pairs = long_pairs
        self.max_length = MAX_LENGTH[family]
        vocab = int(model.config.vocab_size)
        if vocab == MT5_VOCAB:
            self.token_id = REGRESSION_TOKEN_ID
        else:
            self.token_id = int(tokenizer.convert_tokens_to_ids(REGRESSION_TOKEN))
            if self.token_id is None or self.token_id == tokenizer.unk_token_id or self.token_id >= vocab:
                raise ModelUnavailableError(f"the MetricX tokenizer has no {REGRESSION_TOKEN} token within the model's vocabulary")

    def encode(self, source: str, target: str) -> list[int]:
        ids = self.tokenizer(format_input(source, target, self.family), add_special_tokens=True, verbose=False)["input_ids"]
        if ids and ids[-1] == self.tokenizer.eos_token_id:
            ids = ids[:-1]
        return list(ids)

    def predict(self, pairs: Sequence[tuple[str, str]], runtime: Runtime, batch_size: int) -> list[QEOutput]:
        rows: list[tuple[int, int, list[int], bool]] = []  # pair, weight, ids, truncated
        tok = Tokenizer(self.tokenizer)
        overhead = len(self.encode("", "")) + 2  # prefixes, plus room for joins tokenizing differently

        def fits(t: Tokenized, s: Tokenized | None) -> bool:
            return t.content + (s.content if s else 0) + overhead <= self.max_length

        for index, (source, target) in enumerate(pairs):
            ids = self.encode(source, target)
            if len(ids) <= self.max_length:
                rows.append((index, 1, ids, False))
                continue
            windows = plan_windows(source, target, tok, fits, True) if self.long_pairs == "window" else None
            if windows is None:  # the reference's cut (max_length tokens, EOS then removed)
                rows.append((index, 1, ids[: self.max_length - 1], True))
                continue
            for w in windows:
                ids = self.encode(w.source, w.target)
                cut = len(ids) > self.max_length  # the token-count estimate was off: cut and say so
                rows.append((index, max(w.target_tokens.content, 1), ids[: self.max_length - 1] if cut else ids, cut))

        with torch.inference_mode():
            raws = run_sorted(rows, lambda r: len(r[2]), batch_size, lambda b: self._run([r[2] for r in b], runtime))
        out: list[QEOutput] = []
        for index in range(len(pairs)):
            mine = [(r, s) for r, s in zip(rows, raws, strict=True) if r[0] == index]
            total = sum(r[1] for r, _ in mine)
            raw = sum(r[1] * s for r, s in mine) / total
            out.append(QEOutput(raw, (), len(mine), any(r[3] for r, _ in mine)))
        return out

    def _run(self, rows: list[list[int]], runtime: Runtime) -> list[float]:
        ids, mask = pad(rows, int(self.tokenizer.pad_token_id))
        decoder = torch.zeros((len(rows), 1), dtype=torch.long, device=runtime.device)
        out = self.model(input_ids=ids.to(runtime.device), attention_mask=mask.to(runtime.device), decoder_input_ids=decoder)
        logits = out.logits[:, 0, self.token_id].float()
        return [float(x) for x in torch.clamp(logits, 0.0, MAX_SCORE).cpu()]


def load_metricx(folder: Path, tokenizer_folder: Path, family: str, *, long_pairs: str = "window") -> MetricXQE:
    from transformers import AutoTokenizer, MT5ForConditionalGeneration

    model: Any
    info: dict[str, Any]
    try:
        model, info = MT5ForConditionalGeneration.from_pretrained(  # type: ignore[misc]
            str(folder), local_files_only=True, output_loading_info=True
        )
        tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_folder), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot load MetricX from {folder} (tokenizer {tokenizer_folder}): {exc}") from None
    # from_pretrained only warns about missing weights (it leaves them random): refuse instead.
    missing = [k for k in info.get("missing_keys", []) if not k.endswith("embed_tokens.weight")]
    if missing or info.get("mismatched_keys"):
        raise ModelUnavailableError(
            f"{folder}: the MetricX weights do not match config.json (missing {len(missing)} tensor(s), "
            f"e.g. {', '.join(missing[:4])}; mismatched {len(info.get('mismatched_keys', []))})"
        )
    if model.config.model_type != "mt5":
        raise ModelUnavailableError(f"{folder}: expected an mT5 model (MetricX), found {model.config.model_type!r}")
    return MetricXQE(model, tokenizer, family, long_pairs=long_pairs)


def load_family(folder: Path, encoder_folder: Path, family: str, *, long_pairs: str = "window") -> MetricXQE:
    """The `families.Family.load` entry point (the encoder folder holds MetricX's mT5 tokenizer)."""
    return load_metricx(folder, encoder_folder, family, long_pairs=long_pairs)
