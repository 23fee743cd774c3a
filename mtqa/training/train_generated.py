"""Train the QE cross-encoder adapter on generated errors over real text (mtqa.training.generate output).

    python -m mtqa.training.generate --split dev --n 16500 --seed 1 -o /tmp/qe-train.jsonl
    OMP_NUM_THREADS=2 PYTHONPATH=. python -m mtqa.training.train_generated \\
        --data /tmp/qe-train.jsonl --gen-n 16500 --gen-seed 1 --out /tmp/qe-adapter [--max-groups N]

A *group* is one real pair: its clean original target and correct variants (label ok) and every
corruption the generator wrote for it (label error; major when the severity is major or critical;
token tags = the row's `target_tags`). Groups are shuffled (seeded) and packed whole into batches of
about `--batch-size` rows, so every batch holds minimal pairs: the same source with the right and
a wrong target side by side, which is what the ranking loss compares (score(correct) <
score(corrupted), softplus margin, within a group) next to the two sentence BCEs and the token BCE.
With `--authored` (the default) the train split of corpora/qe/qe_pairs.jsonl joins as more groups:
hand-written errors of kinds the generator lacks (calques, wrong senses in context).

One pass over the groups at a constant learning rate after a short warm-up: a run stopped after k
groups (a checkpoint) is the same model as a run with `--max-groups k`, so a partial run is a usable,
reproducible adapter. The frozen lower layers run per batch on the batch's distinct sentences
(no global cache: 100,000 pairs of cached layer-6 states would not fit the memory of a small
machine, and each sentence is seen once anyway).

`--init ADAPTER --decay` continues from an adapter this script wrote (its shape is kept) for another
pass, in another order (`--seed`), with the learning rate falling linearly to zero over the planned
steps; the starting adapter's checksum, command and seed (and its own `init`) are recorded.

Validation: the groups whose (corpus, line) hash falls in the held-out 1/50 (never trained on); the
thresholds of adapter.json are chosen there. The data recipe (generator n, seed, split, the data
file's sha256 and row count) goes into adapter.json; the data file is checked against the recipe
(every pair must be in the seeded draw of the dev split) before training starts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from mtqa.models.offline.crossenc import CrossEncoder, save_adapter, token_labels
from mtqa.models.offline.e5_convert import TOKENIZER, ensure_converted, sha256_file
from mtqa.models.offline.e5_tokenizer import E5Tokenizer

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "corpora" / "qe" / "qe_pairs.jsonl"
HELD_OUT = 50  # one group in HELD_OUT is validation
WARMUP = 50  # steps of linear warm-up, then constant


class DataError(ValueError):
    """The training data does not match its recipe or is malformed."""


@dataclass(frozen=True)
class Row:
    source: str
    target: str
    error: bool
    major: bool
    spans: tuple[tuple[int, int], ...]
    group: str
    kind: str  # generator type ("original" for the clean target; "authored-…" for corpora/qe)


def generated_groups(path: Path) -> dict[str, list[Row]]:
    """Rows of a generator JSONL file grouped by real pair, each group led by its clean original."""
    groups: dict[str, list[Row]] = {}
    with path.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh, 1):
            try:
                r = json.loads(line)
                key = f"{r['corpus']}|{r['line']}"
                sev = str(r["severity"])
                spans = tuple((int(s), int(e)) for s, e, _ in r["target_tags"])
                source, target, original = str(r["source"]), str(r["target"]), str(r["original_target"])
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"{path}:{k}: not a generator row ({exc}); write it with python -m mtqa.training.generate") from None
            if key not in groups:
                groups[key] = [Row(source, original, False, False, (), key, "original")]
            if target == original:
                continue
            bad = sev != "none"
            groups[key].append(Row(source, target, bad, sev in ("major", "critical"), spans if bad else (), key, str(r["type"])))
    return groups


def authored_groups(path: Path = AUTHORED) -> dict[str, list[Row]]:
    """The train split of the authored QE corpus, grouped as it is written (`group` field)."""
    groups: dict[str, list[Row]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["split"] != "train":
            continue
        key = "authored|" + str(r.get("group", r["id"]))
        spans = tuple((int(e["span"][0]), int(e["span"][1])) for e in r["errors"] if e["span"][1] > e["span"][0])
        groups.setdefault(key, []).append(Row(r["source"], r["target"], r["label"] != "ok", r["label"] == "major", spans, key,
                                              "authored-" + (r["errors"][0]["type"] if r["errors"] else "ok")))
    return groups


def balance(groups: dict[str, list[Row]], per_group: int, seed: int) -> dict[str, list[Row]]:
    """Each group keeps its correct rows and a seeded sample of at most `per_group` errors: the
    generator writes about 6.5 corruptions per clean target, and a head trained on 81% errors learns
    that prior (on correct real text its mean P(error) was 0.86)."""
    import random

    out = {}
    for key, rows in groups.items():
        bad = [r for r in rows if r.error]
        keep = set(map(id, random.Random(f"{seed}|{key}").sample(bad, min(per_group, len(bad)))))
        out[key] = [r for r in rows if not r.error or id(r) in keep]
    return out


def check_recipe(groups: dict[str, list[Row]], n: int, seed: int) -> None:
    """Every pair of the data must be in `benchmarks.realdata.sample(load(split="dev"), n, seed)`."""
    from benchmarks.realdata import load, sample

    drawn = {f"{p.corpus}|{p.line}" for p in sample(load(split="dev"), n, seed=seed)}
    stray = [k for k in groups if k not in drawn]
    if stray:
        raise DataError(f"{len(stray)} pairs (e.g. {stray[0]}) are not in the generator's draw of the dev split "
                        f"with --n {n} --seed {seed}; pass the --gen-n/--gen-seed the file was generated with")


def held_out(key: str) -> bool:
    return zlib.crc32(key.encode()) % HELD_OUT == 0


def batches(groups: Sequence[list[Row]], size: int) -> Iterator[tuple[int, list[Row]]]:
    """Whole groups packed up to about `size` rows, in the given order; yields (groups used so far, batch)."""
    batch: list[Row] = []
    used = 0
    for g in groups:
        if batch and len(batch) + len(g) > size:
            yield used, batch
            batch = []
        batch.extend(g[: 4 * size])  # a pathological group never makes one giant batch
        used += 1
    if batch:
        yield used, batch


def ranking_loss(rows: Sequence[Row], logits: torch.Tensor) -> torch.Tensor:
    """Within a group every erroneous target should out-score every correct one on "has an
    error", and every major one on "major" (softplus of a margin of 1)."""
    terms = []
    for col, field in ((0, "error"), (1, "major")):
        for i, a in enumerate(rows):
            if getattr(a, field):
                oks = [j for j, b in enumerate(rows) if not b.error and b.group == a.group]
                if oks:
                    terms.append(torch.nn.functional.softplus(1.0 - (logits[i, col] - logits[oks, col])))
    return torch.cat(terms).mean() if terms else logits.sum() * 0.0


def lr_factor(step: int, steps: int, *, decay: bool) -> float:
    """Linear warm-up over WARMUP steps, then constant, or (decay) falling linearly to 0 at `steps`."""
    warm = min(1.0, (step + 1) / WARMUP)
    return warm * max(0.0, 1.0 - step / max(steps, 1)) if decay else warm


def step_loss(model: CrossEncoder, tok: E5Tokenizer, rows: Sequence[Row], *, pairwise: float) -> torch.Tensor:
    texts = sorted({r.source for r in rows} | {r.target for r in rows})
    states = dict(zip(texts, model.lower(tok, texts)))
    out = model([(states[r.source], states[r.target]) for r in rows])
    y = torch.tensor([[r.error, r.major] for r in rows], dtype=torch.float32)
    lab = token_labels(out, [states[r.target].encoding for r in rows], [r.spans for r in rows])
    keep = lab >= 0
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    loss = bce(out.sent_logits, y) + 0.5 * bce(out.tok_logits[keep], lab[keep])
    if pairwise > 0:
        loss = loss + pairwise * ranking_loss(rows, out.sent_logits)
    return loss


def validate(model: CrossEncoder, tok: E5Tokenizer, rows: Sequence[Row]) -> dict[str, Any]:
    """ROC-AUCs, within-group pairwise accuracy and thresholds with the best F1 on held-out rows."""
    from mtqa.models.offline.crossenc import predict
    from mtqa.training.metrics import roc_auc
    from mtqa.training.train_qe import _best_f1_threshold

    pred = predict(model, tok, [(r.source, r.target) for r in rows])
    err = np.array([r.error for r in rows])
    maj = np.array([r.major for r in rows])
    wins = total = 0.0
    for i, a in enumerate(rows):
        if a.error:
            for j, b in enumerate(rows):
                if not b.error and b.group == a.group:
                    total += 1
                    wins += 1.0 if pred.sent[i, 0] > pred.sent[j, 0] else 0.5 if pred.sent[i, 0] == pred.sent[j, 0] else 0.0
    ys, ps = [], []
    for r, p, tgt in zip(rows, pred.token_probs, pred.targets):
        for k, (s, e) in enumerate(tgt.encoding.spans):
            ys.append(any(min(e, b) - max(s, a) > 0 for a, b in r.spans))
            ps.append(float(p[k]))
    y_tok, p_tok = np.array(ys), np.array(ps)
    return {
        "n": len(rows), "auc_error": roc_auc(err, pred.sent[:, 0]), "auc_major": roc_auc(maj, pred.sent[:, 1]),
        "pairwise_error": wins / max(total, 1.0), "token_auc": roc_auc(y_tok, p_tok),
        "thresholds": {"error": _best_f1_threshold(err, pred.sent[:, 0]), "major": _best_f1_threshold(maj, pred.sent[:, 1]),
                       "token": _best_f1_threshold(y_tok, p_tok)},
    }


def train(data: Path, out: Path, *, gen_n: int, gen_seed: int, max_groups: int | None = None, layers: int = 8, rank: int = 16,
          lr: float = 1e-3, batch_size: int = 16, seed: int = 0, pairwise: float = 0.5, authored: bool = True,
          save_every: int = 250, valid_groups: int = 30, check: bool = True, log: Any = None,
          command: str | None = None, errors_per_group: int | None = None, init: Path | None = None,
          decay: bool = False) -> dict[str, Any]:
    from mtqa.errors import ModelUnavailableError
    from mtqa.models.offline.crossenc import load_adapter
    from mtqa.models.offline.encoder import load_bert

    log = log or (lambda rec: print(json.dumps(rec), flush=True))
    groups = generated_groups(data)
    if check:
        check_recipe(groups, gen_n, gen_seed)
    data_rows, data_groups = sum(len(g) for g in groups.values()), len(groups)
    if errors_per_group is not None:
        groups = balance(groups, errors_per_group, seed)
    if authored:
        groups.update(authored_groups())
    keys = sorted(groups)
    valid_keys = [k for k in keys if held_out(k)][:valid_groups]
    train_keys = [k for k in keys if not held_out(k)]
    rng = np.random.default_rng(seed)
    order = [train_keys[int(i)] for i in rng.permutation(len(train_keys))][:max_groups]
    valid_rows = [r for k in valid_keys for r in groups[k]]
    if not valid_rows:
        raise DataError(f"{data}: no group falls in the held-out 1/{HELD_OUT}; generate more pairs (a larger --n)")

    torch.manual_seed(seed)
    folder = ensure_converted()
    tok = E5Tokenizer.from_file(folder / TOKENIZER)
    init_info: dict[str, Any] | None = None
    if init is not None:
        try:
            model, start = load_adapter(load_bert(folder), init)
        except ModelUnavailableError as exc:
            raise DataError(f"--init {init}: {exc}") from None
        rank, layers = model.rank, int(start["layers"])
        init_info = {"sha256": start["sha256"], "command": start.get("command"), "seed": start.get("seed"),
                     "groups_trained": start.get("groups_trained"), "init": start.get("init")}  # the whole chain
        model.train()
    else:
        model = CrossEncoder(load_bert(folder), rank=rank, split=6, ffn=True, layers=layers)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = sum(1 for _ in batches([groups[k] for k in order], batch_size))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor(s, steps, decay=decay))
    meta: dict[str, Any] = {
        "data": {"generator": "python -m mtqa.training.generate", "split": "dev", "n": gen_n, "seed": gen_seed,
                 "file_sha256": sha256_file(data), "rows": data_rows, "groups": data_groups},
        "authored": {"corpus": AUTHORED.name, "sha256": sha256_file(AUTHORED), "split": "train"} if authored else None,
        "errors_per_group": errors_per_group, "base_model": folder.name, "seed": seed, "lr": lr, "batch_size": batch_size, "pairwise": pairwise, "rank": rank,
        "held_out": f"groups with crc32(corpus|line) % {HELD_OUT} == 0 (first {valid_groups})",
        "command": command, "init": init_info, "decay": "linear to 0" if decay else None,
    }
    t0 = time.perf_counter()
    seen_rows = 0
    last_saved = 0
    history: list[dict[str, Any]] = []

    def checkpoint(used: int, final: bool) -> None:
        val = validate(model, tok, valid_rows)
        rec = {"groups": used, "rows": seen_rows, "valid": val, "elapsed_s": round(time.perf_counter() - t0, 1), "final": final}
        history.append(rec)
        log(rec)
        info = dict(meta, groups_trained=used, rows_trained=seen_rows, groups_planned=len(order),
                    thresholds_chosen_on_valid=val["thresholds"], valid=dict((k, v) for k, v in val.items() if k != "thresholds"))
        save_adapter(model, out, info)
        (out / "metrics.json").write_text(json.dumps({"history": history, "meta": info}, indent=1) + "\n", encoding="utf-8")

    model.train()
    used = 0
    for used, rows in batches([groups[k] for k in order], batch_size):
        loss = step_loss(model, tok, rows, pairwise=pairwise)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        seen_rows += len(rows)
        if used - last_saved >= save_every:
            last_saved = used
            log({"groups": used, "rows": seen_rows, "loss": round(float(loss.detach()), 4), "elapsed_s": round(time.perf_counter() - t0, 1)})
            checkpoint(used, False)
            model.train()
    checkpoint(used, True)
    return history[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mtqa.training.train_generated", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="JSONL written by python -m mtqa.training.generate")
    ap.add_argument("--gen-n", type=int, required=True, help="the --n the data was generated with")
    ap.add_argument("--gen-seed", type=int, required=True, help="the --seed the data was generated with")
    ap.add_argument("--out", type=Path, required=True, help="adapter folder to write (adapter.json, .safetensors, metrics.json)")
    ap.add_argument("--max-groups", type=int, default=None, help="train on the first N shuffled groups only (default: all)")
    ap.add_argument("--layers", type=int, default=8, help="e5 layers kept: 0-5 per sentence, 6..layers-1 across the pair")
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pairwise", type=float, default=0.5, help="weight of the within-group ranking loss")
    ap.add_argument("--no-authored", dest="authored", action="store_false", help="generated groups only")
    ap.add_argument("--errors-per-group", type=int, default=None, help="keep at most N corruptions per real pair (seeded; default all)")
    ap.add_argument("--save-every", type=int, default=250, help="groups between checkpoints (validated and saved)")
    ap.add_argument("--init", type=Path, default=None, help="continue from this adapter folder (its layers and rank are kept)")
    ap.add_argument("--decay", action="store_true", help="learning rate falls linearly to 0 over the run")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found; write it with python -m mtqa.training.generate --split dev "
              f"--n {args.gen_n} --seed {args.gen_seed} -o {args.data}", file=sys.stderr)
        return 3
    if args.init is not None and args.out.resolve() == args.init.resolve():
        print(f"error: --out {args.out} is the --init adapter; the first checkpoint would overwrite it: write to another folder",
              file=sys.stderr)
        return 2
    try:
        train(args.data, args.out, gen_n=args.gen_n, gen_seed=args.gen_seed, max_groups=args.max_groups, layers=args.layers,
              rank=args.rank, lr=args.lr, batch_size=args.batch_size, seed=args.seed, pairwise=args.pairwise,
              authored=args.authored, save_every=args.save_every, errors_per_group=args.errors_per_group,
              init=args.init, decay=args.decay,
              command="python -m mtqa.training.train_generated " + " ".join(argv if argv is not None else sys.argv[1:]))
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
