"""Bench results as JSON (structured, versioned by `schema`), CSV (one row per system) and
Markdown (the ranking table, categories, signatures)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mtqa.benchreport.metrics import MTQA_METRICS, REFERENCE_METRICS, MetricSpec
from mtqa.benchreport.run import SCHEMA, BenchResult, SystemResult, Value
from mtqa.report.safe_text import csv_cell, md_text

ALPHA = 0.05  # the significance level the Markdown and HTML tables mark


def metric_specs(result: BenchResult) -> list[MetricSpec]:
    return [*MTQA_METRICS, *(REFERENCE_METRICS if result.has_references else ())]


def _value(value: Value | None, digits: int = 4) -> dict[str, Any] | None:
    if value is None:
        return None
    out: dict[str, Any] = {"value": round(value.value, digits)}
    if value.interval is not None:
        out.update(
            ci_low=round(value.interval.low, digits),
            ci_high=round(value.interval.high, digits),
            ci_half_width=round(value.interval.half_width, digits),
            bootstrap_mean=round(value.interval.mean, digits),
        )
    if value.paired is not None:
        out["vs_baseline"] = {
            "difference": round(value.paired.difference, digits),
            "p_paired_bootstrap": round(value.paired.p_bootstrap, 6),
            "p_approximate_randomisation": round(value.paired.p_randomisation, 6),
        }
    return out


def to_dict(result: BenchResult) -> dict[str, Any]:
    specs = metric_specs(result)
    return {
        "schema": SCHEMA,
        "mode": "line-aligned" if result.settings.line_aligned else "document",
        "unit": result.unit,
        "baseline": result.settings.baseline,
        "confidence": 0.95,
        "metrics": [{"name": s.name, "higher_is_better": s.higher_is_better, "description": s.description} for s in specs],
        "systems": [
            {
                "rank": rank,
                "system": s.system,
                "documents": s.documents,
                "segments": s.segments,
                "metrics": {spec.name: _value(s.values.get(spec.name)) for spec in specs},
                "categories_per_100": {c: _value(v) for c, v in sorted(s.categories.items())},
            }
            for rank, s in enumerate(result.systems, 1)
        ],
        "meta_evaluation": result.meta or None,
        "signatures": result.signatures,
        "warnings": list(result.warnings),
    }


def render_json(result: BenchResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


def render_csv(result: BenchResult) -> str:
    specs = metric_specs(result)
    paired = result.settings.baseline is not None
    header = ["rank", "system", "documents", "segments"]
    for spec in specs:
        header += [spec.name, f"{spec.name}_ci_low", f"{spec.name}_ci_high"]
        if paired:
            header += [f"{spec.name}_p_bootstrap", f"{spec.name}_p_randomisation"]
    header += [f"per_100:{c}" for c in result.categories]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for rank, s in enumerate(result.systems, 1):
        row: list[Any] = [rank, csv_cell(s.system), s.documents, s.segments]
        for spec in specs:
            v = s.values.get(spec.name)
            row += _cells(v)
            if paired:
                row += ["", ""] if v is None or v.paired is None else [round(v.paired.p_bootstrap, 6), round(v.paired.p_randomisation, 6)]
        row += [round(s.categories[c].value, 2) if c in s.categories else 0.0 for c in result.categories]
        writer.writerow(row)
    return buffer.getvalue()


def _cells(v: Value | None) -> list[Any]:
    if v is None:
        return ["", "", ""]
    low = round(v.interval.low, 4) if v.interval else ""
    high = round(v.interval.high, 4) if v.interval else ""
    return [round(v.value, 4), low, high]


def cell_text(v: Value | None, baseline: bool) -> str:
    if v is None:
        return "–"
    text = f"{v.value:.2f}"
    if v.interval is not None:
        text += f" ± {v.interval.half_width:.2f}"
    if baseline and v.paired is not None and max(v.paired.p_bootstrap, v.paired.p_randomisation) < ALPHA:
        text += " *"
    return text


TABLE_METRICS = ("mtqa_score", "mqm_per_100", "major_per_100", "issues_per_100", "gate_pass_pct", "copied_pct", "empty_pct")


def render_markdown(result: BenchResult) -> str:
    names = [*TABLE_METRICS, *(("bleu", "chrf", "ter") if result.has_references else ())]
    baseline = result.settings.baseline
    s = result.settings
    lines = [
        "# mtqa benchmark",
        "",
        f"Systems ranked by mtqa's QE system score (higher is better). Values are ± the half-width of a 95% "
        f"bootstrap interval ({s.resamples} resamples of {result.unit}s, seed {s.seed}).",
    ]
    if baseline:
        lines.append(
            f"`*`: differs from the baseline {md_text(baseline)} at p < {ALPHA} by both the paired bootstrap and "
            f"approximate randomisation ({s.trials} trials)."
        )
    lines += ["", "| # | system | segments | " + " | ".join(names) + " |", "|---|---|---|" + "---|" * len(names)]
    for rank, sys_ in enumerate(result.systems, 1):
        cells = [cell_text(sys_.values.get(n), sys_.system != baseline) for n in names]
        label = md_text(sys_.system) + (" (baseline)" if sys_.system == baseline else "")
        lines.append(f"| {rank} | {label} | {sys_.segments} | " + " | ".join(cells) + " |")
    if result.categories:
        lines += ["", "Issues per 100 segments by MQM category:", ""]
        lines += ["| system | " + " | ".join(result.categories) + " |", "|---|" + "---|" * len(result.categories)]
        for sys_ in result.systems:
            lines.append(
                f"| {md_text(sys_.system)} | "
                + " | ".join(f"{sys_.categories[c].value:.1f}" if c in sys_.categories else "0.0" for c in result.categories)
                + " |"
            )
    lines += meta_markdown(result.meta)
    lines += ["", "Signatures:", ""]
    for name, sig in result.signatures.items():
        text = sig["string"] if "string" in sig else "|".join(f"{k}:{_flat(v)}" for k, v in sig["fields"].items())
        lines.append(f"- {name}: `{text}`")
    for warning in result.warnings:
        lines.append(f"- warning: {warning}")
    return "\n".join(lines) + "\n"


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def meta_markdown(meta: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "segment" in meta:
        lines += ["", "Segment-level agreement with human judgements (acc-eq and tau-b grouped by item, WMT23):", "",
                  "| metric | segments | pairs | acc-eq | tau-b | Pearson |", "|---|---|---|---|---|---|"]
        for name, v in meta["segment"].items():
            lines.append(f"| {name} | {v['segments']} | {v['pairs']} | {_num(v['acc_eq'])} | {_num(v['tau_b'])} | {_num(v['pearson'])} |")
    if "system" in meta:
        lines += ["", "System-level agreement with human judgements:", "",
                  "| metric | systems | Pearson | pairwise accuracy |", "|---|---|---|---|"]
        for name, v in meta["system"].items():
            lines.append(f"| {name} | {v['systems']} | {_num(v['pearson'])} | {_num(v['pairwise_accuracy'])} |")
    if "error_labels" in meta:
        lines += ["", "mtqa's flags against human error labels (per segment):", "",
                  "| category | TP | FP | FN | precision | recall |", "|---|---|---|---|---|---|"]
        for name, v in meta["error_labels"].items():
            lines.append(
                f"| {name} | {v['true_positives']} | {v['false_positives']} | {v['false_negatives']} | "
                f"{_num(v['precision'])} | {_num(v['recall'])} |"
            )
    return lines


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def render_bench_result(result: BenchResult, fmt: str) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "csv":
        return render_csv(result)
    if fmt == "html":
        from mtqa.benchreport.html import render_html

        return render_html(result)
    return render_markdown(result)


__all__ = ["render_bench_result", "to_dict", "SystemResult"]
