"""Alignment evaluation: Vecalign's strict and lax precision/recall/F1, and gold-file readers.

Scoring follows Vecalign's score.py (Thompson & Koehn 2019): a test link is a strict hit when the
identical link is in the gold set; a miss still counts as a lax hit when it shares a source
sentence with a gold link whose target side shares a sentence with it. Recall is the same count
with gold and test swapped. Counts are pooled over documents before dividing. 1-0 and 0-1 links
take part (they are never lax hits).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import InputError
from mtqa.types import Link, Segment

Alignment = Sequence[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class AlignmentScores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _counts(gold: Alignment, test: Alignment) -> tuple[int, int, int, int]:
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for i in src:
            src_to_gold_tgt[i].update(tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set().union(*(src_to_gold_tgt[i] for i in src)) if src else set()
        if reachable & set(tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(golds: Iterable[Alignment], tests: Iterable[Alignment]) -> AlignmentScores:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        p = [a + b for a, b in zip(p, _counts(gold, test), strict=True)]
        r = [a + b for a, b in zip(r, _counts(test, gold), strict=True)]
    sp, lp = _ratio(p[0], p[0] + p[1]), _ratio(p[2], p[2] + p[3])
    sr, lr = _ratio(r[0], r[0] + r[1]), _ratio(r[2], r[2] + r[3])
    return AlignmentScores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))


def links_as_alignment(links: Iterable[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(link.source), tuple(link.target)) for link in links]


def read_presegmented(path: Path) -> list[Segment]:
    """One sentence per non-blank line; blank lines separate paragraphs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read presegmented text: {exc}", path=str(path)) from None
    segments: list[Segment] = []
    paragraph = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            if segments and segments[-1].paragraph == paragraph:
                paragraph += 1
            continue
        segments.append(Segment(stripped, len(segments), paragraph, number, 0, len(line)))
    return segments


def read_gold_jsonl(path: Path, source: Sequence[Segment], target: Sequence[Segment]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Gold links given as 1-based file line numbers, converted to sentence indices."""
    src_of_line = {seg.line: seg.index for seg in source}
    tgt_of_line = {seg.line: seg.index for seg in target}
    gold = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            gold.append(
                (
                    tuple(src_of_line[n] for n in row["source_lines"]),
                    tuple(tgt_of_line[n] for n in row["target_lines"]),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"bad gold link ({exc}); expected source_lines/target_lines of non-blank lines", path=str(path), line=number) from None
    return gold
