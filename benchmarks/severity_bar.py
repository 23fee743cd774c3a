"""The precision bar behind review notes: per kind of rule-check finding, its recall on the authored
errors of its class against its rate on correct real translations.

    PYTHONPATH=. python benchmarks/severity_bar.py [--split dev] [--n 1000] [--out benchmarks/results/severity_bar-dev-p3.txt]

Kinds are a code with the severity its check proposes, and for names the shape of the finding
(`replaced`: a source name missing and a target name added in the same pair; `onesided`). Real
pairs: benchmarks/real_precision.py's draw of `--split` (every pair in both directions; every
finding there is a false alarm). Authored errors: corpora/checks/pairs.tsv of the same split, its
number, date, entity and negation rows in both directions. A kind keeps minor-or-worse when
recall >= 100 x its false-alarm rate (precision >= 50% where 1 pair in 100 has that error); the
catalogue (mtqa/codes.py, `note_up_to`) makes the others review notes. The tail counts the
authored errors each class still flags at minor-or-worse under the proposed severities ("before":
every rule finding was minor or worse) and under the flag policy ("after"), so the cost of the notes is visible.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.real_precision import draw, oriented  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.flags import to_issues  # noqa: E402
from mtqa.scoring import REGISTRY  # noqa: E402
from mtqa.types import Pair, Signal  # noqa: E402

RULES = ("numbers", "dates", "entities", "negation", "untranslated_words", "punctuation", "repetition", "length")
SYMMETRIC = ("number", "date", "entity", "negation")  # labels that stay errors with the sides swapped
BAR = 100.0


def scorers(src: str, tgt: str) -> list:
    out = []
    for name in RULES:
        module, _, attr = REGISTRY[name].partition(":")
        out.append(getattr(importlib.import_module(module), attr)(Config(source_lang=src, target_lang=tgt)))
    return out


def kinds(signals: list[Signal]) -> set[str]:
    codes = {s.code for s in signals}
    out = set()
    for s in signals:
        kind = f"{s.code}:{s.severity_hint.value if s.severity_hint else 'default'}"
        if s.code in ("ENT001", "ENT002"):
            kind += ":replaced" if {"ENT001", "ENT002"} <= codes else ":onesided"
        out.add(kind)
    return out


def signals_of(scs: list, pairs: list[Pair]) -> list[list[Signal]]:
    per: list[list[Signal]] = [[] for _ in pairs]
    for sc in scs:
        for i, ps in enumerate(sc.score(pairs)):
            per[i].extend(ps.signals)
    return per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    real = draw(args.split, args.n)
    false_alarms: Counter[str] = Counter()
    n_real = 0
    for direction in ("it-en", "en-it"):
        src, tgt = direction.split("-")
        pairs = [Pair(*oriented(p, direction), index=i) for i, p in enumerate(real)]
        n_real += len(pairs)
        for sigs in signals_of(scorers(src, tgt), pairs):
            false_alarms.update(kinds(sigs))
    with (ROOT / "corpora" / "checks" / "pairs.tsv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["split"] == args.split]
    hits: Counter[tuple[str, str]] = Counter()
    positives: Counter[str] = Counter()
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    config = {False: Config(), True: Config(source_lang="en", target_lang="it")}
    for reverse in (False, True):
        scs = scorers("en", "it") if reverse else scorers("it", "en")
        for r in rows:
            label = r["error_type"]
            if reverse and label not in ("", *SYMMETRIC):
                continue
            pair = Pair(r["target"], r["source"]) if reverse else Pair(r["source"], r["target"])
            (sigs,) = signals_of(scs, [pair])
            positives[label or "correct"] += 1
            for kind in kinds(sigs):
                hits[(kind, label or "correct")] += 1
            # Before review notes every rule finding was minor or worse.
            before[label or "correct"] += bool(sigs)
            after[label or "correct"] += any(i.severity.flags for i in to_issues(sigs, config[reverse]))
    lines = [f"severity_bar split={args.split} real pairs={n_real} (both directions); authored pairs per class: "
             + ", ".join(f"{k}={v}" for k, v in sorted(positives.items())),
             f"{'kind':30s} {'real FA':>8s} {'FA rate':>8s}  {'authored hits (class: pairs)':40s} {'recall/FA':>9s}"]
    for kind in sorted(set(false_alarms) | {k for k, _ in hits}):
        by_class = {c: n for (k, c), n in hits.items() if k == kind}
        best = max((n / positives[c] for c, n in by_class.items() if c != "correct"), default=0.0)
        rate = false_alarms[kind] / n_real
        ratio = best / rate if rate else float("inf")
        lines.append(f"{kind:30s} {false_alarms[kind]:8d} {100 * rate:7.2f}%  {str(by_class):40s} "
                     f"{ratio:9.1f}{'' if ratio >= BAR else '  below the bar'}")
    lines.append("authored pairs flagged minor-or-worse by the rule checks (before: proposed severities; after: flag policy)")
    for label in sorted(positives):
        lines.append(f"  {label:14s} {positives[label]:4d}  before {before[label]:4d}  after {after[label]:4d}")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
