"""The published QE model families, one object each: how a family's checkpoint is loaded, how its
inputs are built, which way its score points and whether it tags error spans.

The `qe` scorer and `mtqa models` dispatch through `FAMILIES` (COMET's `str2model` pattern) instead
of testing family names. Adding a family means one entry here plus its loader module. Nothing heavy
is imported here: each loader imports its module (and torch) on use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Family:
    name: str
    module: str  # the loader module: `load(folder, encoder_folder, family, long_pairs=...)` and `inputs`
    lower_is_better: bool  # MetricX predicts an error (0 best, 25 worst); COMET families a quality
    max_raw: float  # the raw score's far end (MetricX 25); 1 for COMET families (clamped to [0, 1])
    spans: bool  # tags error spans in the target (xCOMET)
    min_score: float  # default QE001 threshold on the 0-1 higher-is-better scale
    half_precision: bool  # fp16 is safe (T5-family activations overflow fp16: MetricX ships bf16)
    weights: str  # what the signature's checksum covers: "checkpoint" (a COMET .ckpt) or "safetensors"

    def to_unit(self, raw: float) -> float:
        """The family's raw score on mtqa's 0-1 higher-is-better scale."""
        if self.lower_is_better:
            return 1.0 - min(max(raw, 0.0), self.max_raw) / self.max_raw
        return min(max(raw, 0.0), 1.0)

    def load(self, folder: Path, encoder_folder: Path, *, long_pairs: str) -> Any:
        import importlib

        module = importlib.import_module(self.module)
        return module.load_family(folder, encoder_folder, self.name, long_pairs=long_pairs)

    def checksum(self, folder: Path) -> str:
        from mtqa.models.qe.checkpoint import file_checksum, find_checkpoint_file

        if self.weights == "safetensors":
            files = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
            return file_checksum(files[0]) if files else "none"
        return file_checksum(find_checkpoint_file(folder))


# Defaults for QE001, on the [0, 1] score. Where they come from:
# - xcomet, metricx24/23: 0.8 = 1 - 5/25, i.e. worse than one MQM *major* error (weights minor 1,
#   major 5: Freitag et al. 2021, the scale both models are trained on and xCOMET's span score uses).
# - cometkiwi: 0.5, the midpoint of its DA-trained 0-1 range; uncalibrated, tune per language pair.
# - cometqe: 0.1; wmt20-comet-qe-da's raw scores are centred near 0 (z-scored DA), so [0, 1] clamps
#   much of its range; tune per language pair.
_COMET = "mtqa.models.qe.comet"
_METRICX = "mtqa.models.qe.metricx"
FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("cometkiwi", _COMET, False, 1.0, False, 0.5, True, "checkpoint"),
        Family("xcomet", _COMET, False, 1.0, True, 0.8, True, "checkpoint"),
        Family("cometqe", _COMET, False, 1.0, False, 0.1, True, "checkpoint"),
        Family("metricx24", _METRICX, True, 25.0, False, 0.8, False, "safetensors"),
        Family("metricx23", _METRICX, True, 25.0, False, 0.8, False, "safetensors"),
    )
}


def family(name: str) -> Family:
    from mtqa.errors import ModelUnavailableError

    try:
        return FAMILIES[name]
    except KeyError:
        raise ModelUnavailableError(f"unsupported model family {name!r}; known: {', '.join(FAMILIES)}") from None
