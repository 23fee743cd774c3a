"""The `qe` scorer: a published QE model (`--model`) as an mtqa Scorer.

PairScore.raw is the model's own score, unchanged (what `comet-score` / MetricX's predict print).
PairScore.score is higher-is-better in [0, 1] (`families.Family.to_unit`): COMET families clamp raw
to [0, 1]; MetricX maps its [0, 25] error score to 1 - raw/25.

Signals:
- QE001: the score is below `qe.<family>.min_score` (config thresholds; defaults `Family.min_score`).
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
from mtqa.errors import UsageError
from mtqa.models.qe.families import family
from mtqa.types import Category, Pair, PairScore, Severity, Signal

SCORER_VERSION = "1"
LONG_PAIR_MODES = ("window", "truncate")

_SPAN_SEVERITY = {"minor": Severity.MINOR, "major": Severity.MAJOR, "critical": Severity.CRITICAL}


class QEScorer:
    name = "qe"
    version = SCORER_VERSION
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
        self.kind = family(self.family)
        self.min_score = config.threshold(f"qe.{self.family}.min_score", self.kind.min_score)
        self._model: Any = None
        self._runtime: Any = None
        runtime = self._get_runtime()  # a bad --device/--precision fails here, before any model is loaded
        if not self.kind.half_precision and runtime.precision == "fp16":
            raise UsageError(f"{self.family} is not run in fp16: its activations overflow; use --precision bf16 or fp32")
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

        unit = self.kind.to_unit(out.raw)
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
            self._checksum = self.kind.checksum(self.resolved.folder)
        return self._checksum

    def _get_model(self) -> Any:
        if self._model is None:
            runtime = self._get_runtime()
            model: Any = self.kind.load(self.resolved.folder, self.encoder_folder, long_pairs=self.long_pairs)
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
