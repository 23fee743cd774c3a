"""Recalibrate the offline QE thresholds on real, correct translations (the model and fusion stay as trained).

    PYTHONPATH=. python benchmarks/qe_calibrate_real.py [--n 600] [--write]

`offline-qe` flags a pair when its fused P(error) >= `minor` or its fused P(major) >= `major`
(mtqa/models/offline/data/qe-adapter/fusion.json, `thresholds`). Those were first chosen on texts written
for mtqa (benchmarks/qe_offline.py --fit-fusion): on real human translations, whose sentences are
longer and freer, they flagged about one correct pair in eleven. This script chooses them on real
correct text instead:

* the correct side is a draw of `--n` pairs per direction (it->en and en->it) from the DEV split of
  shared/corpora/real (benchmarks/realdata.py; the draw of benchmarks/real_precision.py, so news and
  web text dominate), scored with the rule checks as they are now (the fusion reads their counts);
* only the pairs that no rule check already flags major count (`rules_major` = 0): on the others
  the pair is flagged anyway, and a named fault (a number, a name, a negation) supersedes QEO001;
* `major` is the smallest threshold that flags at most MAX_REAL_MAJOR of those pairs major;
* the model's false alarms grow with length, so `minor` is chosen per target length (LENGTH_STEPS:
  under 60 characters, 60-149, 150 and more; fusion.json keys "minor", "minor@60", "minor@150"):
  in each band the smallest threshold that flags at most MAX_REAL_ANY of that band's pairs;
* none ever goes below the authored calibration's threshold (kept in fusion.json's meta as
  `authored_thresholds`): the real cap only raises them;
* the error side is measured, not fitted: recall on the error pairs of corpora/qe (valid, the split
  the fusion was fitted on, and test), corpora/checks, and whether the demo's "Reuters brought him
  back." (a wrong sense: "Lo riporta Reuters" = "Reuters reports it") is still flagged.

The token threshold (which words of a flagged pair become the span) is not moved: on correct text
every tagged word is a false one, and the spans only show where to look once a pair is flagged;
a flagged pair always shows at least its most suspect word.

The model's features are cached (~/.cache/mtqa/qe_calibrate_real-<adapter>.npz, keyed by the pairs
and the adapter checksum); the rule counts are recomputed on every run, so rerun this after a rule
check changes its findings or severities. `--write` rewrites fusion.json's thresholds and meta
(and so its checksum); without it the script only reports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.real_precision import draw, fitted_rule_scorers  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.types import Pair  # noqa: E402

MAX_REAL_ANY = 0.02  # at most 2% of correct real pairs flagged by offline-qe at all
MAX_REAL_MAJOR = 0.002  # at most 0.2% flagged major
LENGTH_STEPS = (60, 150)  # target characters from which a stricter minor threshold applies
QE = ROOT / "corpora" / "qe" / "qe_pairs.jsonl"
CHECKS = ROOT / "corpora" / "checks" / "pairs.tsv"
DEMO = ROOT / "corpora" / "rekognition"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mtqa"


def model_features(sets: dict[str, list[tuple[Pair, Config]]], adapter_sha: str) -> dict[str, np.ndarray]:
    """The fusion's features minus the two rule counts, per set (NaN rows for empty sides); cached."""
    from mtqa.models.offline.fused import FEATURES, evidence, load_models
    from mtqa.models.offline.qe_scorer import adapter_folder

    path = CACHE / f"qe_calibrate_real-{adapter_sha[:16]}.npz"
    keys = {k: hashlib.sha256(json.dumps([[p.source, p.target, c.source_lang] for p, c in v]).encode()).hexdigest() for k, v in sets.items()}
    out: dict[str, np.ndarray] = {}
    if path.is_file():
        data = np.load(path, allow_pickle=False)
        out = {k: data[k] for k in sets if f"key_{k}" in data and str(data[f"key_{k}"]) == keys[k]}
    missing = [k for k in sets if k not in out]
    if missing:
        models = load_models(adapter_folder(), "cpu")
        for name in missing:
            rows = np.full((len(sets[name]), len(FEATURES) - 2), np.nan)
            for lang in ("it", "en"):
                idx = [i for i, (_, c) in enumerate(sets[name]) if c.source_lang == lang]
                if not idx:
                    continue
                config = sets[name][idx[0]][1]
                evs = evidence(models, [sets[name][i][0] for i in idx], config, rule_scorers=fitted_rule_scorers())
                for i, ev in zip(idx, evs):
                    if ev is not None:
                        rows[i] = ev.features[:-2]
            out[name] = rows
            print(f"  features: {name} ({len(rows)} pairs)", file=sys.stderr)
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, **{f"key_{k}": np.array(keys[k]) for k in out}, **out)
    return out


def with_rule_counts(feats: np.ndarray, pairs: list[tuple[Pair, Config]]) -> np.ndarray:
    """The full feature rows: the cached model features and the rule checks' counts of now."""
    from mtqa.models.offline.fused import rule_counts

    counts = np.zeros((len(pairs), 2))
    for lang in ("it", "en"):
        idx = [i for i, (_, c) in enumerate(pairs) if c.source_lang == lang]
        if idx:
            counts[idx] = rule_counts([pairs[i][0] for i in idx], pairs[idx[0]][1], fitted_rule_scorers())
    return np.hstack([feats, counts])


def cap(p: np.ndarray, max_rate: float) -> float:
    """Smallest threshold flagging at most `max_rate` of `p` (flagged: p >= threshold)."""
    s = np.sort(p)[::-1]
    k = int(np.floor(max_rate * len(s)))
    return float(np.nextafter(s[k], np.inf)) if k < len(s) else float(s[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=600, help="real dev pairs per direction (default 600)")
    ap.add_argument("--write", action="store_true", help="write the thresholds into fusion.json")
    args = ap.parse_args()

    from mtqa.models.offline.fused import FEATURES
    from mtqa.models.offline.qe_scorer import FUSION_FILE, Fusion, adapter_folder

    folder = adapter_folder()
    fusion = Fusion.load(folder / FUSION_FILE, FEATURES)
    adapter_sha = hashlib.sha256((folder / "adapter.safetensors").read_bytes()).hexdigest()
    it_en, en_it = Config(), Config(source_lang="en", target_lang="it")
    real = draw("dev", args.n)
    qe_rows = [json.loads(line) for line in QE.read_text(encoding="utf-8").splitlines() if line.strip()]
    qe_rows = [r for r in qe_rows if r["split"] in ("valid", "test")]
    import csv

    with CHECKS.open(encoding="utf-8", newline="") as fh:
        checks = list(csv.DictReader(fh, delimiter="\t"))
    from benchmarks.qe_offline import demo_pairs

    demo, demo_bad = demo_pairs(DEMO)
    sets: dict[str, list[tuple[Pair, Config]]] = {
        "real": [(Pair(p.it, p.en), it_en) for p in real] + [(Pair(p.en, p.it), en_it) for p in real],
        "qe": [(Pair(r["source"], r["target"]), it_en) for r in qe_rows],
        "checks": [(Pair(r["source"], r["target"]), it_en) for r in checks],
        "demo": [(pair, it_en) for pair in demo],
    }
    feats = model_features(sets, adapter_sha)
    p: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    rule_major: dict[str, np.ndarray] = {}
    for name, pairs in sets.items():
        X = with_rule_counts(feats[name], pairs)
        rule_major[name] = X[:, -1]
        ok = ~np.isnan(X).any(axis=1)
        pe, pm = np.full(len(X), -1.0), np.full(len(X), -1.0)
        pe[ok], pm[ok] = fusion.error.predict(X[ok]), fusion.major.predict(X[ok])
        p[name] = (pe, pm)

    current = {k: float(v) for k, v in fusion.thresholds.items()}
    floor = {k: float(v) for k, v in fusion.meta.get("authored_thresholds", current).items()}
    old = {k: floor[k] for k in ("minor", "major", "token")}
    re_, rm = p["real"]
    lengths = {name: np.array([len(pair.target) for pair, _ in pairs]) for name, pairs in sets.items()}
    free = rule_major["real"] == 0
    t_major = max(old["major"], cap(rm[free], MAX_REAL_MAJOR))
    new = {"major": t_major, "token": old["token"]}
    bounds = (0, *LENGTH_STEPS, 10**9)
    for lo, hi in zip(bounds, bounds[1:]):
        band = free & (lengths["real"] >= lo) & (lengths["real"] < hi)
        new["minor" if lo == 0 else f"minor@{lo}"] = max(old["minor"], cap(re_[band], MAX_REAL_ANY))

    def flags(name: str, th: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        pe, pm = p[name]
        steps = sorted((0 if k == "minor" else int(k.split("@")[1]), v) for k, v in th.items() if k.startswith("minor"))
        t_minor = np.array([[t for n, t in steps if length >= n][-1] for length in lengths[name]])
        return (pe >= t_minor) | (pm >= th["major"]), pm >= th["major"]

    def rates(name: str, sel: np.ndarray, th: dict[str, float]) -> str:
        flag, major = flags(name, th)
        return f"flagged {flag[sel].mean():6.1%}  major {major[sel].mean():6.1%}  (n={int(sel.sum())})"

    n_real = len(real)
    dirs = np.array(["it-en"] * n_real + ["en-it"] * n_real)
    corpora = np.array([r.corpus for r in real] * 2)
    qe_err = np.array([bool(r["errors"]) for r in qe_rows])
    qe_split = np.array([r["split"] for r in qe_rows])
    c_err = np.array([bool(r["error_type"]) for r in checks])
    reuters = np.array([pair.target == "Reuters brought him back." for pair in demo])
    bad = np.array(demo_bad)
    fmt = lambda th: ", ".join(f"{k}={v:.4f}" for k, v in sorted(th.items()))  # noqa: E731
    lines = [f"offline-qe thresholds: authored calibration {fmt(old)}", f"                       real-dev recalibrated {fmt(new)}", ""]
    for label, th in (("before (authored thresholds)", old), ("after (real-dev thresholds)", new)):
        lines.append(f"== {label}")
        lines.append(f"  real dev correct, all          {rates('real', np.ones(2 * n_real, bool), th)}")
        lines.append(f"  real dev correct, no major rule finding {rates('real', free, th)}")
        for lo, hi in zip(bounds, bounds[1:]):
            band = free & (lengths["real"] >= lo) & (lengths["real"] < hi)
            lines.append(f"    target {lo}-{min(hi, 99999) - 1} chars{'':10s}{rates('real', band, th)}")
        for d in ("it-en", "en-it"):
            lines.append(f"  real dev correct, {d}         {rates('real', dirs == d, th)}")
        for c in sorted(set(corpora)):
            lines.append(f"  real dev correct, {c:14s}{rates('real', corpora == c, th)}")
        lines.append(f"  qe valid errors (recall)       {rates('qe', qe_err & (qe_split == 'valid'), th)}")
        lines.append(f"  qe test errors (recall)        {rates('qe', qe_err & (qe_split == 'test'), th)}")
        lines.append(f"  qe test correct                {rates('qe', ~qe_err & (qe_split == 'test'), th)}")
        lines.append(f"  checks corpus errors (recall)  {rates('checks', c_err, th)}")
        lines.append(f"  checks corpus correct          {rates('checks', ~c_err, th)}")
        lines.append(f"  demo sentences with errors     {rates('demo', bad, th)}")
        lines.append(f"  demo correct sentences         {rates('demo', ~bad, th)}")
        lines.append(f"  demo 'Reuters brought him back.' {rates('demo', reuters, th)}")
    print("\n".join(lines))
    if args.write:
        meta = dict(fusion.meta)
        meta.update({
            "thresholds_recalibrated_on": f"{2 * n_real} correct real pairs, dev split of shared/corpora/real (benchmarks/qe_calibrate_real.py --n {args.n})",
            "max_real_any": MAX_REAL_ANY, "max_real_major": MAX_REAL_MAJOR,
            "authored_thresholds": old, "length_steps": list(LENGTH_STEPS),
        })
        Fusion.build(fusion.error, fusion.major, new, meta).save(folder / FUSION_FILE)
        print(f"wrote {folder / FUSION_FILE}")


if __name__ == "__main__":
    main()
