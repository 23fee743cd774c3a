"""Benchmark the rule checks on the authored labelled set (corpora/checks/pairs.tsv).

    PYTHONPATH=. python benchmarks/checks.py [--split dev|test|holdout|holdout2|all] [--out benchmarks/results/checks.json]

For each check: precision and recall against the error type it is meant to catch (a pair counts
as flagged when the check emits any signal on it; precision counts every flagged pair whose label
is not the check's type as a false positive, so overlapping checks pay for it), the false-positive
rate on correct pairs, and pairs per second. Overall: the share of correct pairs flagged major by
any check (a signal whose severity_hint is major or worse) and, per error type, the recall of all
checks together. Pairs are scored one document (`doc` column) at a time, as the pipeline would.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.config import Config  # noqa: E402
from mtqa.scoring import REGISTRY  # noqa: E402
from mtqa.types import Pair, Severity  # noqa: E402

CHECKS = {
    "numbers": "number", "dates": "date", "entities": "entity", "negation": "negation",
    "untranslated_words": "untranslated", "terminology": "terminology", "consistency": "consistency",
    "punctuation": "punctuation",
}


# A pair that makes every check load what it loads lazily (untranslated_words: py3langid).
WARM_UP = [Pair("Il governo nazionale ha rinviato la riforma il 3 marzo.",
                "The nazionale government has rinviato the reform on March 3.")]


def load(path: Path, split: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if split == "all" or r["split"] == split]


def run(rows: list[dict[str, str]], glossary: str | None, *, reverse: bool = False) -> dict[str, object]:
    config = Config(glossary=glossary) if not reverse else Config(source_lang="en", target_lang="it")
    docs: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        docs[r["doc"]].append(i)
    results: dict[str, object] = {}
    total_seconds = 0.0
    major_pairs: set[int] = set()
    flagged_by: dict[str, set[int]] = {}
    for name, label in CHECKS.items():
        if name not in REGISTRY:
            continue
        module, _, attr = REGISTRY[name].partition(":")
        try:
            scorer = getattr(importlib.import_module(module), attr)(config)
        except ImportError as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        flagged: set[int] = set()
        scorer.score(WARM_UP)  # tables and the word-level language model load once, outside the timing
        t0 = time.perf_counter()
        for ids in docs.values():
            pairs = [Pair(rows[i]["source"], rows[i]["target"], index=k) for k, i in enumerate(ids)]
            if reverse:
                pairs = [Pair(p.target, p.source, index=p.index) for p in pairs]
            for i, ps in zip(ids, scorer.score(pairs)):
                if ps.signals:
                    flagged.add(i)
                if any(s.severity_hint is not None and s.severity_hint >= Severity.MAJOR for s in ps.signals):
                    major_pairs.add(i)
        elapsed = time.perf_counter() - t0
        total_seconds += elapsed
        flagged_by[name] = flagged
        positives = {i for i, r in enumerate(rows) if r["error_type"] == label}
        correct = {i for i, r in enumerate(rows) if not r["error_type"]}
        tp = len(flagged & positives)
        results[name] = {
            "label": label,
            "positives": len(positives),
            "flagged": len(flagged),
            "true_positives": tp,
            "precision": round(tp / len(flagged), 3) if flagged else None,
            "recall": round(tp / len(positives), 3) if positives else None,
            "false_positives_on_correct": len(flagged & correct),
            "pairs_per_second": round(len(rows) / elapsed, 1) if elapsed else None,
            "warnings": list(getattr(scorer, "warnings", [])),
        }
    correct = [i for i, r in enumerate(rows) if not r["error_type"]]
    any_flag = set().union(*flagged_by.values())
    by_type: dict[str, dict[str, object]] = {}
    for etype in sorted({r["error_type"] for r in rows if r["error_type"]}):
        ids = {i for i, r in enumerate(rows) if r["error_type"] == etype}
        by_type[etype] = {"pairs": len(ids), "caught_by_any_check": round(len(ids & any_flag) / len(ids), 3)}
    return {
        "checks": results,
        "error_types": by_type,
        "pairs": len(rows),
        "correct_pairs": len(correct),
        "correct_flagged_major": round(len(major_pairs & set(correct)) / len(correct), 4) if correct else None,
        "correct_flagged_major_ids": sorted(rows[i]["id"] for i in major_pairs & set(correct)),
        "all_checks_pairs_per_second": round(len(rows) / total_seconds, 1) if total_seconds else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT / "corpora" / "checks" / "pairs.tsv"))
    ap.add_argument("--glossary", default=str(ROOT / "corpora" / "checks" / "glossary.csv"))
    ap.add_argument("--split", default="all", choices=("dev", "test", "holdout", "holdout2", "all"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "checks.json"))
    ap.add_argument("--reverse", action="store_true",
                    help="score English -> Italian (sides swapped): symmetry of the cross-side checks")
    args = ap.parse_args()
    glossary = args.glossary if Path(args.glossary).exists() else None
    report: dict[str, object] = {"data": args.data, "glossary": glossary, "machine": platform.machine(),
                                 "python": platform.python_version(),
                                 "note": "timings measured on a shared 2-core machine"}
    splits = ("dev", "test", "holdout", "holdout2") if args.split == "all" else (args.split,)
    for split in splits:
        rows = load(Path(args.data), split)
        if not rows:
            continue
        if args.reverse:
            # Swapped, an injected target error is a source error: number, date, entity and
            # negation mismatches stay mismatches; untranslated/terminology/punctuation labels do not apply.
            rows = [r for r in rows if r["error_type"] in ("", "number", "date", "entity", "negation")]
        res = run(rows, None if args.reverse else glossary, reverse=args.reverse)
        report[split + ("-en-it" if args.reverse else "")] = res
        print(f"\n== split {split}: {res['pairs']} pairs, {res['correct_pairs']} correct; "
              f"correct pairs flagged major: {100 * res['correct_flagged_major']:.1f}%")  # type: ignore[operator]
        print(f"{'check':<20}{'label':<14}{'pos':>5}{'flag':>6}{'P':>7}{'R':>7}{'FP(ok)':>8}{'pairs/s':>10}")
        for name, r in res["checks"].items():  # type: ignore[union-attr]
            p = "-" if r["precision"] is None else f"{r['precision']:.2f}"
            rc = "-" if r["recall"] is None else f"{r['recall']:.2f}"
            print(f"{name:<20}{r['label']:<14}{r['positives']:>5}{r['flagged']:>6}{p:>7}{rc:>7}"
                  f"{r['false_positives_on_correct']:>8}{r['pairs_per_second']:>10}")
        print(f"all checks in sequence: {res['all_checks_pairs_per_second']} pairs/s")
        print("recall of all checks together: " + ", ".join(
            f"{k}={v['caught_by_any_check']:.2f}" for k, v in res["error_types"].items()))  # type: ignore[union-attr]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
