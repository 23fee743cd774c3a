"""Fused offline QE features: the cross-encoder, e5 sentence similarity, word alignment, rule checks.

One feature row per pair (`FEATURES`), computed the same way by the benchmark that fits the fusion
(`benchmarks/qe_offline.py --fit-fusion`) and by the `offline-qe` scorer that applies it:
- the LoRA cross-encoder's logits for "has an error" / "has a major error" and its highest
  target-token error probability (`crossenc.predict`);
- e5 cosine: the mean of the cross-encoder's per-sentence lower layers (layer 6, the layer word
  alignment reads), source vs target. Format-2 models ran a second, plain 12-layer e5 pass for
  this and for word alignment; format 3 gets both from the cross-encoder's own lower layers, one
  pass per pair;
- word-alignment coverage of source / target content words (SimAlign itermax, layer 6), and the
  weakest best-match cosine of any content word on each side (a word with no good partner on the
  other side: a wrong sense, an addition, an omission);
- how many rule-check findings of each severity the pair has: the rule checks the fusion was
  fitted with (`rule_scorers` in its metadata; `mtqa.scoring.pair_rule_checks()` when fitting),
  with the default thresholds, their raw signals counted under the default severity policy (a
  check the pipeline already ran with those thresholds is not run again). The user's `--severity`
  overrides and `--threshold` settings change what a report shows, never these features: a model
  input must not depend on how its output will be flagged.
Models are loaded once per process (`load_models`, keyed by e5 folder, adapter folder and device),
so repeated `check` calls and tests do not reload them. torch is imported on use only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.config import Config
from mtqa.evidence import Findings, WordAlignment
from mtqa.types import Pair, Severity, Signal
from mtqa.models.offline.e5_tokenizer import Encoding
from mtqa.models.offline.wordalign import align_words
from mtqa.lang.words import split_words

FEATURES = (
    "xenc_err", "xenc_maj", "xenc_tok_max", "e5_cos", "cov_src", "cov_tgt", "sim_src_min", "sim_tgt_min", "rules_minor", "rules_major",
)
CHUNK = 256  # pairs per predict call in `evidence`
ALIGN_LAYER = 6  # best word-alignment F1 on corpora/qe/wordalign_gold.jsonl (scorer.py); = crossenc.SPLIT


@dataclass(frozen=True)
class Models:
    crossenc: Any  # CrossEncoder with its LoRA deltas merged into the base weights
    tokenizer: Any
    info: dict[str, Any]
    runtime: str = "torch"  # what runs the transformer layers: torch, or onnxruntime and its version


_MODELS: dict[tuple[str, str, str, bool, bool], Models] = {}


def merge_lora(model: Any) -> Any:
    """Fold each LoRA delta into its base Linear (W + scale * B @ A): same function, one matmul.

    Measured on the corpus test split: max |diff| of P(error) vs the unmerged model is float noise
    (benchmarks/qe_offline.py --speed); the merged model runs without the rank-8 side products.
    """
    import torch

    from mtqa.models.offline.crossenc import LoRALinear

    with torch.no_grad():
        for layer in model.bert.encoder.layer[model.split :]:
            att = layer.attention
            for parent, attr in ((att.self, "query"), (att.self, "key"), (att.self, "value"), (att.output, "dense"),
                                 (layer.intermediate, "dense"), (layer.output, "dense")):
                mod = getattr(parent, attr)
                if isinstance(mod, LoRALinear):
                    mod.base.weight += mod.scale * (mod.lora_b @ mod.lora_a)
                    setattr(parent, attr, mod.base)
    return model


def quantize_int8(module: Any) -> Any:
    """Dynamic int8 quantisation of the Linear layers, in place (CPU only)."""
    import warnings

    import torch

    with warnings.catch_warnings():
        # torch.ao.quantization is deprecated (torch 2.10+) but still the CPU int8 path in 2.13.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        torch.ao.quantization.quantize_dynamic(module, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)  # type: ignore[no-untyped-call]
    return module


# Keys of adapter.json that may give the number of e5 layers the QE model keeps (a distilled,
# shallower model drops the top ones); absent, it keeps all of them.
LAYER_KEYS = ("layers", "num_layers", "num_hidden_layers")


def adapter_layers(adapter_dir: Path) -> int | None:
    """How many e5 layers the adapter in `adapter_dir` was trained with (None: all)."""
    import json

    from mtqa.errors import ModelUnavailableError

    try:
        info = json.loads((adapter_dir / "adapter.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"cannot read the QE adapter in {adapter_dir}: {exc}") from None
    for key in LAYER_KEYS:
        if isinstance(info.get(key), int) and not isinstance(info.get(key), bool):
            return int(info[key])
    return None


def load_models(adapter_dir: Path, device: str = "auto", *, int8: bool = False, onnx: bool | None = None) -> Models:
    """The cross-encoder, loaded once per process; `int8` (CPU) quantises its Linear layers
    dynamically (a separate cached copy, the fp32 one stays untouched). `onnx` (CPU, fp32): run its
    transformer layers in ONNX Runtime; None means whenever the optional `onnx` extra is installed
    (same function: benchmarks/speed.py compares flags and scores with the torch path)."""
    import torch

    from mtqa.models.offline.encoder import onnx_available

    from mtqa.models.offline.crossenc import load_adapter
    from mtqa.models.offline.e5_convert import TOKENIZER, ensure_converted
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    folder = ensure_converted()
    int8 = int8 and device == "cpu"
    onnx = (onnx_available() if onnx is None else onnx) and device == "cpu" and not int8
    key = (str(folder), str(adapter_dir.resolve()), device, int8, onnx)
    if key not in _MODELS:
        from mtqa.errors import ModelUnavailableError

        from mtqa.models.offline.encoder import load_runtime_bert

        bert = load_runtime_bert(folder, layers=adapter_layers(adapter_dir))
        model, info = load_adapter(bert, adapter_dir)
        if info.get("base_model") not in (None, folder.name):
            raise ModelUnavailableError(
                f"the QE adapter was trained on e5 build {info.get('base_model')}, this machine has {folder.name}; "
                "retrain it with 'python -m mtqa.training.train_qe'"
            )
        merge_lora(model).to(device)
        split = int(info.get("split", 0))
        if not 0 < split < len(model.bert.encoder.layer):
            raise ModelUnavailableError(
                f"the QE adapter in {adapter_dir} splits at layer {info.get('split')}, outside its "
                f"{len(model.bert.encoder.layer)} layers; retrain it"
            )
        tok = E5Tokenizer.from_file(folder / TOKENIZER)
        runtime = "torch"
        if int8:
            quantize_int8(model.bert)
        elif onnx:
            from mtqa.models.offline.encoder import use_onnx_runtime

            try:
                runtime = use_onnx_runtime(model, onnx_cache(folder, info, split, len(model.bert.encoder.layer)))
            except OSError:
                # The export cannot be written there (a read-only model cache). The model is left
                # as it was until both sessions exist, so torch runs the same layers; the report's
                # signature says which runtime ran.
                runtime = "torch"
        _MODELS[key] = Models(model, tok, info, runtime)
    return _MODELS[key]


def onnx_cache(folder: Path, info: dict[str, Any], split: int, layers: int) -> Path:
    """Where a model's exported ONNX layers are kept: beside the converted e5 model (`folder` is
    <cache>/e5-small/<sha>), so where $MTQA_CACHE cannot be written they follow ensure_converted's
    fallback folder."""
    return folder.parent.parent / "qe-onnx" / f"v1-{folder.name}-{str(info.get('sha256', ''))[:16]}-{split}-{layers}"


@dataclass(frozen=True)
class PairEvidence:
    """Everything the fused scorer knows about one pair (features plus what the report shows)."""

    features: np.ndarray  # [len(FEATURES)]
    p_error: float
    p_major: float
    token_probs: np.ndarray
    encoding: Encoding
    alignment: WordAlignment | None
    truncated: bool = False  # a side had more than crossenc.MAX_SIDE tokens: only its start was read


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def model_config(config: Config) -> Config:
    """`config` without the user's policy: no severity overrides, every threshold at its default.
    What the rule checks find for the model's features is then what they found when it was fitted."""
    return dataclasses.replace(config, severity_overrides={}, thresholds={})


def rule_counts(
    pairs: Sequence[Pair], config: Config, rule_scorers: Sequence[str], found: Sequence[Findings | None] = (),
) -> np.ndarray:
    """[n, 2]: findings of the `rule_scorers` per pair that the default policy makes minor /
    major-or-worse (each of these checks judges a pair on its own, so the batch does not matter).

    `found`: per pair, the raw signals of the scorers the pipeline already ran on it; a check found
    there for every pair, run with no user threshold of its own, is reused instead of run again."""
    from mtqa.flags import to_issues
    from mtqa.scoring import load_factory

    user = config
    config = model_config(config)
    counts = np.zeros((len(pairs), 2), dtype=np.float32)
    per_pair: list[list[Signal]] = [[] for _ in pairs]
    for name in rule_scorers:
        reusable = (
            len(found) == len(pairs)
            and not any(key.startswith(name + ".") for key in user.thresholds)
            and all(f is not None and name in f.signals for f in found)
        )
        if reusable:
            results = [f.signals[name] for f in found if f is not None]
        else:
            results = [ps.signals for ps in load_factory(name)(config).score(pairs)]
        for k, signals in enumerate(results):
            per_pair[k].extend(signals)
    for k, pair_signals in enumerate(per_pair):
        for issue in to_issues(pair_signals, config):
            # A review note counts as minor: the model was fitted when these findings were minor,
            # and a severity is policy, which must not move a model feature.
            if issue.severity in (Severity.NOTE, Severity.MINOR):
                counts[k, 0] += 1
            elif Severity.MINOR < issue.severity:
                counts[k, 1] += 1
    return counts


def evidence(
    models: Models, pairs: Sequence[Pair], config: Config, *, rule_scorers: Sequence[str], batch_size: int = 32,
    found: Sequence[Findings | None] = (),
) -> list[PairEvidence | None]:
    """Features and evidence per pair; None for a pair with an empty side (nothing to judge).
    `rule_scorers`: the rule checks whose findings are counted (those the fusion was fitted with);
    `found`: per pair, the raw signals the pipeline already has (see `rule_counts`)."""
    from mtqa.models.offline.crossenc import predict
    from mtqa.scoring import tell_pairs_done

    live = [i for i, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
    out: list[PairEvidence | None] = [None] * len(pairs)
    if not live:
        return out
    lp = [pairs[i] for i in live]
    rules = rule_counts(lp, config, rule_scorers, [found[i] for i in live] if found else ())
    # chunks bound the memory: each holds its pairs' layer-6 states only until their features are read
    for c0 in range(0, len(lp), CHUNK):
        chunk = lp[c0 : c0 + CHUNK]
        pred = predict(models.crossenc, models.tokenizer, [(p.source, p.target) for p in chunk], batch_size=batch_size)
        for kc, pair in enumerate(chunk):
            k = c0 + kc
            out[live[k]] = _pair_evidence(pair, pred, kc, rules[k], config)
        tell_pairs_done("offline-qe", c0 + len(chunk), len(lp))
    return out


def _pair_evidence(pair: Pair, pred: Any, k: int, rules: np.ndarray, config: Config) -> PairEvidence:
    src, tgt = pred.sources[k], pred.targets[k]
    s_states = src.states.float().cpu().numpy()
    t_states = tgt.states.float().cpu().numpy()
    al = None
    cov_s = cov_t = 0.0
    min_s = min_t = 1.0
    if len(src.encoding.ids) and len(tgt.encoding.ids):
        al = align_words(
            s_states[1:-1], src.encoding.spans, split_words(pair.source, config.source_lang),
            t_states[1:-1], tgt.encoding.spans, split_words(pair.target, config.target_lang),
        )
        cs = {a for a, w in enumerate(al.source_words) if w.content}
        ct = {b for b, w in enumerate(al.target_words) if w.content}
        cov_s = len(al.aligned_source() & cs) / max(len(cs), 1)
        cov_t = len(al.aligned_target() & ct) / max(len(ct), 1)
        min_s = min((al.source_best[a] for a in cs), default=1.0)
        min_t = min((al.target_best[b] for b in ct), default=1.0)
    vs, vt = s_states.mean(axis=0), t_states.mean(axis=0)
    cos = float(vs @ vt / max(float(np.linalg.norm(vs) * np.linalg.norm(vt)), 1e-12))
    p_err, p_maj = float(pred.sent[k, 0]), float(pred.sent[k, 1])
    toks = pred.token_probs[k]
    tok_max = float(toks.max()) if len(toks) else 0.0
    feats = np.array(
        [_logit(p_err), _logit(p_maj), tok_max, cos, cov_s, cov_t, min_s, min_t, rules[0], rules[1]],
        dtype=np.float64,
    )
    return PairEvidence(feats, p_err, p_maj, toks, tgt.encoding, al, src.truncated or tgt.truncated)
