"""Meta-evaluation: how well mtqa's score and the reference-based metrics agree with human
judgements, side by side, and how precise mtqa's flags are against human error labels.

Judgements file (.tsv, .csv or .jsonl): `system`, optional `doc` and `line` (1-based, line-aligned
benches), and either `human` (a score, higher is better: DA, or MQM negated) or `category` (one
labelled error, MQM category as mtqa names them, e.g. accuracy/number).

Segment level, following the WMT23 metrics task (Freitag et al. 2023, "Results of WMT23 Metrics
Shared Task", sec. 3): pairwise accuracy with ties, acc-eq (Deutsch et al. 2023, "Ties Matter:
Meta-Evaluating Modern Metrics with Pairwise Accuracy and Tie Calibration"), grouped by item: for
each source segment, every pair of systems' translations counts as correct when the metric orders
them as the humans do, a tie being correct only where both tie. Tie calibration (choosing an
epsilon below which metric scores tie) is not applied: epsilon is 0, so a metric that gives many
segments the same score is charged for ties the humans break. Beside it: Kendall's tau-b over the
same grouped pairs (ties in either ranking shrink the denominator, Kendall 1945) and Pearson over
all segments. System level: Pearson of system scores with mean human scores, and pairwise ranking
accuracy (Kocmi et al. 2021, "To Ship or Not to Ship"): the share of system pairs the metric
orders as the humans do. Every metric is oriented higher-is-better first (TER and MQM-style error
rates negated).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.errors import InputError
from mtqa.io.text import read_text


@dataclass(frozen=True)
class Judgement:
    line_no: int  # where in the judgements file, for messages
    system: str
    doc: str | None
    line: int | None
    human: float | None
    category: str | None


def read_judgements(path: str, *, systems: Mapping[str, set[str]], encoding: str = "utf-8") -> list[Judgement]:
    """Rows of a judgements file, each naming a known system (and document) or exit 3."""
    text = read_text(path, encoding=encoding)
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        rows = []
        for i, raw in enumerate(text.splitlines(), 1):
            if raw.strip():
                try:
                    rows.append((i, json.loads(raw)))
                except json.JSONDecodeError as exc:
                    raise InputError(f"not a JSON object ({exc.msg}); write one object per line", path=path, line=i) from None
    elif suffix in (".tsv", ".csv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        rows = [(i + 2, row) for i, row in enumerate(reader)]
    else:
        raise InputError(f"unknown judgements file type {suffix!r}; use .tsv, .csv or .jsonl", path=path)
    out = []
    for line_no, row in rows:
        system = str(row.get("system") or "")
        if system not in systems:
            raise InputError(
                f"names system {system!r}, which is not in the manifest (systems: {', '.join(sorted(systems))}); "
                "fix the name or add the system to the manifest",
                path=path,
                line=line_no,
            )
        doc = str(row["doc"]) if row.get("doc") not in (None, "") else None
        if doc is not None and doc not in systems[system]:
            raise InputError(f"system {system!r} has no document {doc!r} in the manifest", path=path, line=line_no)
        human = _number(row.get("human"), path, line_no, "human")
        category = str(row["category"]) if row.get("category") not in (None, "") else None
        line = _number(row.get("line"), path, line_no, "line")
        if human is None and category is None:
            raise InputError("needs a 'human' score or an error 'category'", path=path, line=line_no)
        out.append(Judgement(line_no, system, doc, int(line) if line is not None else None, human, category))
    if not out:
        raise InputError("has no judgements", path=path)
    return out


def _number(value: Any, path: str, line_no: int, column: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{column} {value!r} is not a number", path=path, line=line_no) from None
    if not math.isfinite(number):
        raise InputError(f"{column} {value!r} is not a finite number", path=path, line=line_no)
    return number


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def grouped_pairs(groups: Sequence[tuple[Sequence[float], Sequence[float]]]) -> dict[str, float | int | None]:
    """acc-eq and tau-b over all within-group pairs: each group holds (metric, human) scores of
    the systems' translations of one item."""
    concordant = discordant = both_tie = metric_tie = human_tie = 0
    for metric, human in groups:
        m, h = np.asarray(metric, dtype=float), np.asarray(human, dtype=float)
        i, j = np.triu_indices(len(m), k=1)
        dm, dh = np.sign(m[i] - m[j]), np.sign(h[i] - h[j])
        both_tie += int(np.sum((dm == 0) & (dh == 0)))
        metric_tie += int(np.sum((dm == 0) & (dh != 0)))
        human_tie += int(np.sum((dm != 0) & (dh == 0)))
        concordant += int(np.sum(dm * dh > 0))
        discordant += int(np.sum(dm * dh < 0))
    total = concordant + discordant + both_tie + metric_tie + human_tie
    if total == 0:
        return {"pairs": 0, "acc_eq": None, "tau_b": None}
    denominator = math.sqrt((concordant + discordant + metric_tie) * (concordant + discordant + human_tie))
    return {
        "pairs": total,
        "acc_eq": (concordant + both_tie) / total,
        "tau_b": (concordant - discordant) / denominator if denominator else None,
    }


def pairwise_accuracy(metric: Mapping[str, float], human: Mapping[str, float]) -> float | None:
    names = sorted(set(metric) & set(human))
    pairs = [(a, b) for k, a in enumerate(names) for b in names[k + 1 :] if human[a] != human[b]]
    if not pairs:
        return None
    agree = sum(1 for a, b in pairs if (metric[a] - metric[b]) * (human[a] - human[b]) > 0)
    return agree / len(pairs)


def evaluate(
    judgements: Sequence[Judgement],
    segment_scores: Mapping[str, Mapping[str, Mapping[str, float]]],
    system_scores: Mapping[str, Mapping[str, float]],
    flags: Mapping[str, Mapping[str, frozenset[str]]],
) -> dict[str, Any]:
    """`segment_scores`: metric -> system -> unit ("doc:line") -> score; `system_scores`: metric ->
    system -> score (higher is better); `flags`: system -> unit -> categories mtqa flagged."""
    human_seg: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    human_sys: dict[str, list[float]] = defaultdict(list)
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for j in judgements:
        if j.human is not None:
            human_sys[j.system].append(j.human)
            if j.line is not None and j.doc is not None:
                human_seg[j.system][f"{j.doc}:{j.line}"].append(j.human)
        if j.category is not None and j.line is not None and j.doc is not None:
            labels[j.system][f"{j.doc}:{j.line}"].add(j.category)
    out: dict[str, Any] = {}
    seg_human = {s: {u: float(np.mean(v)) for u, v in units.items()} for s, units in human_seg.items()}
    if seg_human:
        out["segment"] = {}
        for metric, per_system in segment_scores.items():
            by_item: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
            xs, ys = [], []
            for system, units in seg_human.items():
                for unit, h in units.items():
                    score = per_system.get(system, {}).get(unit)
                    if score is None:
                        continue
                    by_item[unit][0].append(score)
                    by_item[unit][1].append(h)
                    xs.append(score)
                    ys.append(h)
            out["segment"][metric] = {**grouped_pairs(list(by_item.values())), "pearson": pearson(xs, ys), "segments": len(xs)}
    sys_human = {s: float(np.mean(v)) for s, v in human_sys.items()}
    if len(sys_human) >= 2:
        out["system"] = {}
        for metric, by_system in system_scores.items():
            names = [s for s in sys_human if s in by_system]
            out["system"][metric] = {
                "systems": len(names),
                "pearson": pearson([by_system[s] for s in names], [sys_human[s] for s in names]),
                "pairwise_accuracy": pairwise_accuracy({s: by_system[s] for s in names}, sys_human),
            }
    if labels:
        out["error_labels"] = _precision_recall(labels, flags)
    return out


def _precision_recall(labels: Mapping[str, Mapping[str, set[str]]], flags: Mapping[str, Mapping[str, frozenset[str]]]) -> dict[str, Any]:
    """Per category, over the segments of the labelled systems: a segment mtqa flags with the
    category is a true positive when a human labelled it with that category."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for system in labels:
        for unit, flagged in flags.get(system, {}).items():
            gold = labels[system].get(unit, set())
            for category in set(flagged) | gold:
                hit = category in flagged and category in gold
                counts[category][0 if hit else (1 if category in flagged else 2)] += 1
            any_gold, any_flag = bool(gold), bool(flagged)
            counts["(any)"][0 if any_gold and any_flag else (1 if any_flag else 2)] += int(any_gold or any_flag)
    out = {}
    for category, (tp, fp, fn) in sorted(counts.items()):
        out[category] = {
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
        }
    return out
