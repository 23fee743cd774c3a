"""Batch benchmark over many documents and MT systems: `mtqa bench MANIFEST`.

The manifest is a pair file (.tsv, .csv or .jsonl) whose `source` and `target` columns are *paths*
(relative to the manifest's folder), with an optional `system` (default "system"), `doc` and
`reference` (a human translation of the source). Each row is checked like `mtqa check`; the
results are aggregated per system. Where references are given, sacrebleu's BLEU and chrF are
computed over target sentences aligned to reference sentences, with their signatures.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.io.pairs import read_pairs
from mtqa.types import Report, Severity


@dataclass
class SystemSummary:
    system: str
    documents: int = 0
    segments: int = 0
    flagged: int = 0
    passed_documents: int = 0
    issues: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "system": self.system,
            "documents": self.documents,
            "segments": self.segments,
            "flagged_pct": round(100 * self.flagged / self.segments, 1) if self.segments else 0.0,
            "critical": self.issues["critical"],
            "major": self.issues["major"],
            "minor": self.issues["minor"],
            "major_per_100": round(100 * (self.issues["major"] + self.issues["critical"]) / self.segments, 1)
            if self.segments
            else 0.0,
            "gate_pass_pct": round(100 * self.passed_documents / self.documents, 1) if self.documents else 0.0,
            "mean_score": round(sum(self.scores) / len(self.scores), 4) if self.scores else None,
            "top_categories": ", ".join(f"{c} ({n})" for c, n in self.categories.most_common(3)),
        }
        return row


@dataclass(frozen=True)
class BenchResult:
    rows: list[dict[str, Any]]
    reports: dict[str, Report]
    signatures: dict[str, str]


def run_bench(manifest: str | os.PathLike[str], config: Config) -> BenchResult:
    from mtqa.pipeline import check_documents

    base = Path(manifest).resolve().parent
    entries = read_pairs(manifest, encoding="utf-8")
    summaries: dict[str, SystemSummary] = {}
    reports: dict[str, Report] = {}
    has_refs = False
    for entry in entries:
        system = str(entry.meta.get("system") or "system")
        doc = str(entry.meta.get("doc") or Path(entry.source).stem)
        src = _resolve(base, entry.source, manifest, entry.index)
        tgt = _resolve(base, entry.target, manifest, entry.index)
        report = check_documents(src, tgt, config)
        reports[f"{system}/{doc}"] = report
        summary = summaries.setdefault(system, SystemSummary(system))
        summary.documents += 1
        summary.segments += len(report.segments)
        summary.flagged += sum(1 for s in report.segments if s.issues)
        summary.passed_documents += int(report.passed)
        for seg in report.segments:
            if seg.score is not None:
                summary.scores.append(seg.score)
            for issue in seg.issues:
                summary.issues[issue.severity.value] += 1
                if Severity.MINOR <= issue.severity:
                    summary.categories[issue.category] += 1
        reference = entry.meta.get("reference")
        if reference:
            has_refs = True
            hyps, refs = _aligned_to_reference(tgt, _resolve(base, str(reference), manifest, entry.index), config)
            summary.hypotheses.extend(hyps)
            summary.references.extend(refs)
    rows = [s.row() for s in summaries.values()]
    signatures: dict[str, str] = {}
    if has_refs:
        signatures = _add_reference_metrics(rows, summaries)
    return BenchResult(rows=rows, reports=reports, signatures=signatures)


def _resolve(base: Path, value: str, manifest: str | os.PathLike[str], index: int) -> str:
    path = Path(value)
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise InputError(
            f"row {index + 1} names {value!r}, which is not a file (paths are relative to the manifest's folder)",
            path=str(manifest),
            line=index + 2,
        )
    return str(path)


def _aligned_to_reference(target: str, reference: str, config: Config) -> tuple[list[str], list[str]]:
    """Target and reference sentences paired by Gale-Church (same language, so ratio 1)."""
    from mtqa.align.gale_church import GaleChurchAligner
    from mtqa.io.documents import read_document

    hyp = read_document(target, config.target_lang, encoding=config.encoding).segments
    ref = read_document(reference, config.target_lang, encoding=config.encoding).segments
    links = GaleChurchAligner(ratio=1.0).align(hyp, ref)
    hyps = [" ".join(hyp[i].text for i in link.source) for link in links]
    refs = [" ".join(ref[j].text for j in link.target) for link in links]
    return hyps, refs


def _add_reference_metrics(rows: list[dict[str, Any]], summaries: dict[str, SystemSummary]) -> dict[str, str]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    bleu, chrf = BLEU(), CHRF()
    for row in rows:
        summary = summaries[row["system"]]
        if not summary.references:
            row["bleu"] = row["chrf"] = None
            continue
        row["bleu"] = round(bleu.corpus_score(summary.hypotheses, [summary.references]).score, 2)
        row["chrf"] = round(chrf.corpus_score(summary.hypotheses, [summary.references]).score, 2)
    return {"bleu": str(bleu.get_signature()), "chrf": str(chrf.get_signature())}


def render_bench(result: BenchResult, fmt: str) -> str:
    import json

    import pandas as pd

    frame = pd.DataFrame(result.rows).sort_values(["major_per_100", "system"]).reset_index(drop=True)
    frame = frame.astype(object).where(frame.notna(), None)  # missing metrics print empty, not NaN
    from mtqa.report.safe_text import csv_cell, md_code, md_text

    if fmt == "csv":  # system and document names come from the manifest: no formulas (OWASP)
        text: str = frame.map(csv_cell).to_csv(index=False, lineterminator="\n")
        return text
    if fmt == "json":
        return json.dumps({"systems": frame.to_dict(orient="records"), "signatures": result.signatures},
                          ensure_ascii=False, indent=2, default=str) + "\n"
    columns = list(frame.columns)
    lines = ["# mtqa benchmark", "", "Systems ranked by major+critical issues per 100 segments (fewer is better).", "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for record in frame.to_dict(orient="records"):
        lines.append("| " + " | ".join("" if v is None else md_text(str(v)) for v in record.values()) + " |")
    lines.append("")
    for name, sig in result.signatures.items():
        lines.append(f"- {md_text(name)}: {md_code(str(sig))}")
    return "\n".join(lines) + "\n"
