"""The `qe` scorer: a published QE model (`--model`) as an mtqa Scorer.

PairScore.raw is the model's own score, unchanged (what `comet-score` / MetricX's predict print).
PairScore.score is higher-is-better in [0, 1]: COMET families clamp raw to [0, 1]; MetricX maps its
[0, 25] error score to 1 - raw/25.

Signals:
- QE001: the score is below `qe.<family>.min_score` (config thresholds; defaults in MIN_SCORE).
- QE-XCOMET-SPAN: an xCOMET error span, `target_span` into the target without surrounding
  whitespace (COMET #179), severity from the span's label.
- QE-WINDOWED: a long pair was scored in sentence windows (the score is their token-weighted mean).
- QE-TRUNCATED: part of a long pair was not seen by the model (`qe_long_pairs = "truncate"`, or a
  single sentence longer than the model's limit).
Pairs with an empty side are not sent to the model (score None): omissions and additions are the
job of the alignment-level checks, and a QE score of nothing against something is not informative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mtqa.config import Config
from mtqa.evidence import Evidence
from mtqa.errors import ModelUnavailableError, UsageError
from mtqa.types import Category, Pair, PairScore, Severity, Signal

SCORER_VERSION = "1"
LONG_PAIR_MODES = ("window", "truncate")

# Defaults for QE001, on the [0, 1] score. Where they come from:
# - xcomet, metricx24/23: 0.8 = 1 - 5/25, i.e. worse than one MQM *major* error (weights minor 1,
#   major 5: Freitag et al. 2021, the scale both models are trained on and xCOMET's span score uses).
# - cometkiwi: 0.5, the midpoint of its DA-trained 0-1 range; uncalibrated, tune per language pair.
# - cometqe: 0.1; wmt20-comet-qe-da's raw scores are centred near 0 (z-scored DA), so [0, 1] clamps
#   much of its range; tune per language pair.
MIN_SCORE = {"cometkiwi": 0.5, "xcomet": 0.8, "cometqe": 0.1, "metricx24": 0.8, "metricx23": 0.8}
_SPAN_SEVERITY = {"minor": Severity.MINOR, "major": Severity.MAJOR, "critical": Severity.CRITICAL}


class QEScorer:
    name = "qe"
    requires: tuple[type[Evidence], ...] = ()
    provides: tuple[type[Evidence], ...] = ()

    def __init__(self, config: Config) -> None:
        from mtqa.models.qe.resolve import resolve_encoder, resolve_model

        if not config.model:
            raise UsageError("the qe scorer needs a model: --model ID_OR_FOLDER (see 'mtqa models')")
        self.config = config
        self.long_pairs = config.qe_long_pairs
        if self.long_pairs not in LONG_PAIR_MODES:
            raise UsageError(f"unknown long-pair mode {self.long_pairs!r}; valid: {', '.join(LONG_PAIR_MODES)}")
        self.resolved = resolve_model(config.model)
        self.encoder_folder = resolve_encoder(
            self.resolved.encoder_id, config.encoder_path, model_folder=self.resolved.folder
        )
        self.family = self.resolved.family
        self.min_score = config.threshold(f"qe.{self.family}.min_score", MIN_SCORE.get(self.family, 0.5))
        self._model: Any = None
        self._runtime: Any = None
        runtime = self._get_runtime()  # a bad --device/--precision fails here, before any model is loaded
        if self.family.startswith("metricx") and runtime.precision == "fp16":
            # T5-family activations overflow fp16 (the reason MetricX ships bf16 variants).
            raise UsageError("MetricX (mT5) is not run in fp16: its activations overflow; use --precision bf16 or fp32")
        self._checksum: str | None = None

    # -- Scorer protocol ---------------------------------------------------------------------

    def signature(self) -> Mapping[str, str]:
        runtime = self._get_runtime()
        return {
            "scorer": self.name,
            "version": SCORER_VERSION,
            "model": self.resolved.id,
            "revision": self.resolved.revision,
            "checksum": self._get_checksum(),
            "class": self.resolved.model_class,
            "family": self.family,
            "licence": self.resolved.licence,
            "encoder": str(self.encoder_folder),
            "device": str(runtime.device),
            "precision": runtime.precision,
            "batch_size": str(self.config.batch_size),
            "long_pairs": self.long_pairs,
            "min_score": f"{self.min_score:g}",
        }

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        todo = [i for i, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
        results: list[PairScore] = [PairScore() for _ in pairs]
        if not todo:
            return results
        model = self._get_model()
        outputs = model.predict([(pairs[i].source, pairs[i].target) for i in todo], self._get_runtime(), self.config.batch_size)
        for i, out in zip(todo, outputs, strict=True):
            results[i] = self._to_pair_score(pairs[i], out)
        return results

    # -- helpers ------------------------------------------------------------------------------

    def _to_pair_score(self, pair: Pair, out: Any) -> PairScore:
        from mtqa.models.qe.comet import trim_span
        from mtqa.models.qe.metricx import to_unit

        unit = to_unit(out.raw) if self.family.startswith("metricx") else min(max(out.raw, 0.0), 1.0)
        signals: list[Signal] = []
        if unit < self.min_score:
            signals.append(
                Signal(
                    "QE001",
                    Category.MISTRANSLATION,
                    f"{self.resolved.id} scores this pair {unit:.3f} (raw {out.raw:.4g}), below {self.min_score:g}",
                    self.name,
                    value=unit,
                    severity_hint=Severity.MAJOR,
                )
            )
        for span in out.spans:
            start, end = trim_span(pair.target, span.start, span.end)
            if end <= start:
                continue  # a span over special tokens or whitespace only: nothing to point at
            signals.append(
                Signal(
                    "QE-XCOMET-SPAN",
                    Category.MISTRANSLATION,
                    f"{span.severity} error: {pair.target[start:end]!r}",
                    self.name,
                    target_span=(start, end),
                    severity_hint=_SPAN_SEVERITY.get(span.severity),
                )
            )
        if out.truncated:
            signals.append(
                Signal("QE-TRUNCATED", Category.LENGTH, "the pair exceeds the model's token limit; its end was not scored", self.name, severity_hint=Severity.MINOR)
            )
        elif out.windows > 1:
            signals.append(
                Signal("QE-WINDOWED", Category.LENGTH, f"the pair exceeds the model's token limit; scored in {out.windows} sentence windows", self.name, severity_hint=Severity.OK)
            )
        return PairScore(score=unit, signals=tuple(signals), raw=out.raw)

    def _get_runtime(self) -> Any:
        if self._runtime is None:
            from mtqa.models.qe.runtime import resolve_runtime

            self._runtime = resolve_runtime(self.config.device, self.config.precision)
        return self._runtime

    def _get_checksum(self) -> str:
        if self._checksum is None:
            from mtqa.models.qe.checkpoint import file_checksum, find_checkpoint_file

            folder = self.resolved.folder
            if self.family.startswith("metricx"):
                files = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
                self._checksum = file_checksum(files[0]) if files else "none"
            else:
                self._checksum = file_checksum(find_checkpoint_file(folder))
        return self._checksum

    def _get_model(self) -> Any:
        if self._model is None:
            runtime = self._get_runtime()
            model: Any
            if self.family.startswith("metricx"):
                from mtqa.models.qe.metricx import load_metricx

                model = load_metricx(self.resolved.folder, self.encoder_folder, self.family, long_pairs=self.long_pairs)
            elif self.family in ("cometkiwi", "xcomet", "cometqe"):
                from mtqa.models.qe.comet import load_comet

                model = load_comet(self.resolved.folder, self.encoder_folder, long_pairs=self.long_pairs)
            else:
                raise ModelUnavailableError(f"{self.resolved.id}: unsupported model family {self.family!r}")
            model = model.float().to(runtime.device)
            if runtime.precision == "int8":
                quantize_int8(model)
            elif runtime.precision != "fp32":
                # Half precision for the transformer only; COMET's small heads stay fp32 (comet._encode).
                for part in (getattr(model, "encoder", None) or model.model, getattr(model, "first_token_last", None)):
                    if part is not None:
                        part.to(dtype=runtime.dtype)
            self._model = model
        return self._model


def quantize_int8(model: Any) -> None:
    """Dynamic int8 quantisation of the transformer's Linear layers, in place (no second copy).

    Not covered by the parity figures: on the random CometKiwi-size checkpoint of benchmarks/qe_speed.py
    it is 2.8x faster than the reference but moves scores by up to 0.14 (random deep stacks amplify
    quantisation error; trained models are usually far less sensitive, unmeasured here).
    """
    import warnings

    import torch

    for name in ("encoder", "first_token_last", "model"):
        part = getattr(model, name, None)
        if isinstance(part, torch.nn.Module):
            with warnings.catch_warnings():
                # torch.ao.quantization is deprecated (torch 2.10+) but still the CPU int8 path in 2.13.
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", UserWarning)
                torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                    part, {torch.nn.Linear}, dtype=torch.qint8, inplace=True
                )
