"""Fit an adapter's fusion on generated real-text groups its cross-encoder never trained on.

    OMP_NUM_THREADS=2 PYTHONPATH=. python benchmarks/qe_fusion_generated.py --adapter DIR \\
        --data TRAIN.jsonl --gen-n 16500 --gen-seed 1 [--groups 400] [--errors-per-group 3] [--cache F.npz] [--write]

`benchmarks/qe_offline.py --fit-fusion` fits the fusion (two logistic regressions over
`mtqa.models.offline.fused.FEATURES`) on the authored corpus. An adapter trained on generated errors
over real text (`mtqa.training.train_generated`) is near chance there, so that fusion learns to
distrust its cross-encoder. This script fits the fusion instead on groups of the adapter's own
training file that it did not train on: `train_generated` sorts the group keys (generated and, unless
`--no-authored`, authored), keeps the crc32 held-out 1/50 apart, shuffles the rest with its seed and
trains on the first `groups_trained` of that order (all read from the adapter's adapter.json). The
groups left are real dev pairs with their corruptions; `--groups` of them (seeded) are scored, at most
`--errors-per-group` corruptions each beside the clean original and its correct variants.
The reconstruction is checked: the rows of the trained prefix must add up to adapter.json's
`rows_trained`, else exit 3. An adapter continued from another (`--init`, recorded as `init`) may
have seen any group outside the held-out share in an earlier run, so only held-out groups (less
the validation ones) count as unseen for it.

L2 is chosen by 5-fold cross-validation with every group in one fold; the thresholds are the authored
recipe's caps (at most 10% of correct rows flagged, 3% flagged major) on the out-of-fold predictions
of the correct rows; the token threshold stays the adapter's. Real-text thresholds come after, from
`MTQA_QE_ADAPTER=DIR python benchmarks/qe_calibrate_real.py --write` (they only raise these).
`--write` writes DIR/fusion.json; the shipped adapter's folder is refused (work on a copy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.qe_offline import MAX_FPR_MAJOR, MAX_FPR_MINOR, fpr_threshold, pairwise  # noqa: E402

FOLDS = 5
FUSION_L2 = (0.1, 1.0, 10.0, 100.0)


class UsageError(Exception):
    """Bad arguments: exit 2."""


class DataError(Exception):
    """A file that does not match what it claims: exit 3."""


def training_order(keys: Sequence[str], seed: int, held_out: Any) -> list[str]:
    """The order in which `train_generated.train` feeds groups (its `order` before `max_groups`)."""
    train_keys = [k for k in sorted(keys) if not held_out(k)]
    rng = np.random.default_rng(seed)
    return [train_keys[int(i)] for i in rng.permutation(len(train_keys))]


def unseen_groups(keys: Sequence[str], meta: dict[str, Any], held_out: Any) -> tuple[list[str], list[str]]:
    """(trained, unseen): the keys the adapter trained on, and the generated keys it never did
    (neither trained nor used for its checkpoint validation). Authored keys are never unseen here."""
    order = training_order(keys, int(meta["seed"]), held_out)
    trained = order[: int(meta["groups_trained"])]
    valid = [k for k in sorted(keys) if held_out(k)][: _valid_groups(meta)]
    gone = set(trained) | set(valid)
    if meta.get("init"):
        # continued from another adapter (train_generated --init): the runs before this one trained
        # on orders this adapter.json does not record, so only the held-out share is surely unseen
        gone |= {k for k in keys if not held_out(k)}
    return trained, [k for k in sorted(keys) if k not in gone and not k.startswith("authored|")]


def _valid_groups(meta: dict[str, Any]) -> int:
    # adapter.json says "groups with crc32(corpus|line) % 50 == 0 (first N)"
    text = str(meta.get("held_out", ""))
    return int(text.rsplit("(first ", 1)[1].rstrip(")")) if "(first " in text else 30


def fold_of(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % FOLDS


def features(adapter: Path, rows: list[Any], cache: Path | None) -> np.ndarray:
    from mtqa.config import Config
    from mtqa.models.offline.fused import FEATURES, evidence, load_models
    from mtqa.scoring import pair_rule_checks

    sha = json.loads((adapter / "adapter.json").read_text())["sha256"]
    key = hashlib.sha256(json.dumps([sha, [[r.source, r.target] for r in rows], list(FEATURES)]).encode()).hexdigest()
    if cache and cache.is_file():
        data = np.load(cache, allow_pickle=False)
        if str(data["key"]) == key:
            return np.asarray(data["X"])
    from mtqa.types import Pair

    models = load_models(adapter, "cpu")
    ev = evidence(models, [Pair(r.source, r.target, i) for i, r in enumerate(rows)], Config(), rule_scorers=pair_rule_checks())
    nan = np.full(len(FEATURES), np.nan)
    X = np.array([e.features if e is not None else nan for e in ev]).reshape(len(rows), len(FEATURES))
    if cache:
        np.savez(cache, X=X, key=np.array(key))
    return X


def run(args: argparse.Namespace) -> int:
    import random

    from mtqa.models.offline.fused import FEATURES
    from mtqa.models.offline.head import LogisticHead
    from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER, FUSION_FILE, Fusion
    from mtqa.scoring import pair_rule_checks
    from mtqa.training.metrics import roc_auc
    from mtqa.training import train_generated as tg

    adapter = args.adapter.resolve()
    if args.write and adapter == Path(DEFAULT_ADAPTER).resolve():
        raise UsageError(f"--write into the shipped adapter {adapter} is refused; copy the folder and pass the copy")
    meta_path = adapter / "adapter.json"
    if not meta_path.is_file():
        raise UsageError(f"{meta_path}: no adapter.json; pass an adapter folder written by mtqa.training.train_generated")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if "groups_trained" not in meta:
        raise UsageError(f"{meta_path}: not written by mtqa.training.train_generated (no groups_trained)")
    if not args.data.is_file():
        raise UsageError(f"{args.data}: no such generator file; pass the --data the adapter was trained on")
    data_sha = hashlib.sha256(args.data.read_bytes()).hexdigest()
    if data_sha != meta["data"]["file_sha256"]:
        raise DataError(f"{args.data}: sha256 {data_sha[:16]} is not the adapter's training file ({meta['data']['file_sha256'][:16]})")

    groups = tg.generated_groups(args.data)
    tg.check_recipe(groups, args.gen_n, args.gen_seed)
    per = meta.get("errors_per_group")
    trained_view = tg.balance(groups, int(per), int(meta["seed"])) if per is not None else dict(groups)
    if meta.get("authored"):
        trained_view.update(tg.authored_groups())
    trained, unseen = unseen_groups(list(trained_view), meta, tg.held_out)
    rows_trained = sum(len(trained_view[k][: 4 * int(meta["batch_size"])]) for k in trained)
    if rows_trained != int(meta["rows_trained"]):
        raise DataError(f"{meta_path}: rebuilt training order gives {rows_trained} rows for the first {len(trained)} groups, "
                        f"adapter.json says {meta['rows_trained']}; the order cannot be trusted")
    if args.groups < 1 or not unseen:
        raise UsageError(f"{meta_path}: nothing to fit on: --groups {args.groups}, {len(unseen)} generated groups the adapter never saw "
                         "(train with --max-groups below the number of groups to leave some)")
    picked = sorted(random.Random(args.seed).sample(unseen, min(args.groups, len(unseen))))
    fit_groups = tg.balance({k: groups[k] for k in picked}, args.errors_per_group, args.seed)
    rows = [r for k in picked for r in fit_groups[k]]
    print(f"adapter {meta['sha256'][:16]}: {len(trained)} trained groups ({rows_trained} rows, as adapter.json), "
          f"{len(unseen)} generated groups never seen; fitting on {len(picked)} of them: {len(rows)} rows "
          f"({sum(r.error for r in rows)} corruptions, {sum(not r.error for r in rows)} correct)")

    X = features(adapter, rows, args.cache)
    keep = ~np.isnan(X).any(axis=1)
    X, rows = X[keep], [r for r, k in zip(rows, keep) if k]
    keys = [r.group for r in rows]
    fold = np.array([fold_of(k) for k in keys])
    y_err = np.array([r.error for r in rows])
    y_maj = np.array([r.major for r in rows])
    col = {f: i for i, f in enumerate(FEATURES)}
    heads, oof = {}, {}
    for name, y in (("error", y_err), ("major", y_maj)):
        def cv(l2: float) -> np.ndarray:
            pred = np.zeros(len(y))
            for f in range(FOLDS):
                pred[fold == f] = LogisticHead.fit(X[fold != f], y[fold != f], FEATURES, l2=l2).predict(X[fold == f])
            return pred

        best = max(FUSION_L2, key=lambda l2: roc_auc(y, cv(l2)))
        oof[name] = cv(best)
        heads[name] = LogisticHead.fit(X, y, FEATURES, l2=best, meta={"target": name, "split": "generated-unseen", "l2": best})
        print(f"fusion '{name}': l2={best}; out-of-fold ROC-AUC {roc_auc(y, oof[name]):.3f} (cross-encoder alone "
              f"{roc_auc(y, X[:, col['xenc_err' if name == 'error' else 'xenc_maj']]):.3f}); weights (standardised): "
              + ", ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, heads[name].weights)))
    print(f"within-group pairwise (corruption above the correct rows), out of fold: fused {pairwise(keys, y_err, ~y_err, oof['error']):.3f}, "
          f"cross-encoder alone {pairwise(keys, y_err, ~y_err, X[:, col['xenc_err']]):.3f}, e5 cosine {pairwise(keys, y_err, ~y_err, -X[:, col['e5_cos']]):.3f}")
    ok = ~y_err
    t_minor, t_major = fpr_threshold(oof["error"][ok], MAX_FPR_MINOR), fpr_threshold(oof["major"][ok], MAX_FPR_MAJOR)
    t_token = float(meta["thresholds_chosen_on_valid"]["token"])
    flag = (oof["error"] >= t_minor) | (oof["major"] >= t_major)
    print(f"thresholds on {int(ok.sum())} correct rows (out of fold): minor {t_minor:.4f}, major {t_major:.4f}, token {t_token};"
          f" corruptions flagged {flag[y_err].mean():.1%}, major corruptions {flag[y_maj].mean():.1%}, correct rows {flag[ok].mean():.1%}")
    fusion = Fusion.build(heads["error"], heads["major"], {"minor": t_minor, "major": t_major, "token": t_token}, {
        "fitted_on": f"generated groups of {args.data.name} the adapter did not train on",
        "fitted_on_split": "generated-unseen",
        "data_sha256": data_sha, "groups": len(picked), "rows": len(rows), "errors_per_group": args.errors_per_group, "seed": args.seed,
        "thresholds_chosen_on": "out-of-fold predictions on the correct rows of those groups",
        "max_fpr_minor": MAX_FPR_MINOR, "max_fpr_major": MAX_FPR_MAJOR, "rule_scorers": list(pair_rule_checks()),
    })
    if args.write:
        fusion.save(adapter / FUSION_FILE)
        print(f"fusion written to {adapter / FUSION_FILE} (sha256 {fusion.sha256[:16]})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].strip())
    ap.add_argument("--adapter", type=Path, required=True, help="adapter folder written by mtqa.training.train_generated")
    ap.add_argument("--data", type=Path, required=True, help="the generator file the adapter was trained on")
    ap.add_argument("--gen-n", type=int, required=True, help="the --n the file was generated with")
    ap.add_argument("--gen-seed", type=int, required=True, help="the --seed the file was generated with")
    ap.add_argument("--groups", type=int, default=400, help="unseen groups to fit on (default 400)")
    ap.add_argument("--errors-per-group", type=int, default=3, help="corruptions kept per group (default 3)")
    ap.add_argument("--seed", type=int, default=0, help="draw of the groups and of their corruptions")
    ap.add_argument("--cache", type=Path, default=None, help="feature cache (.npz), reused when rows and adapter match")
    ap.add_argument("--write", action="store_true", help="write fusion.json into --adapter (never the shipped one)")
    args = ap.parse_args(argv)
    os.environ["MTQA_QE_ADAPTER"] = str(args.adapter.resolve())
    from mtqa.training.train_generated import DataError as TrainDataError

    try:
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (DataError, TrainDataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
