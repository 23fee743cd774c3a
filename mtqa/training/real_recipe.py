"""The whole recipe of the shipped `real` QE adapter, as one seeded command.

    OMP_NUM_THREADS=2 PYTHONPATH=. python -m mtqa.training.real_recipe --work DIR [--dry-run]

Runs, in order, each step's own command (so each records what it did, as by hand):
generate the training file from the dev split; the training passes (the first over every group at a
constant rate, each later one continuing from the one before with a decaying rate, in a new order);
fit the fusion on the held-out generated groups; set the thresholds on correct real dev text. The
adapter ends in DIR/real (its fusion.json written there); the intermediate passes stay in DIR.
About three hours on two CPU cores. `--dry-run` prints the commands only.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GEN_N, GEN_SEED = 16500, 1
# extra arguments of each training pass after the first; each continues from the pass before it
PASSES: tuple[tuple[str, ...], ...] = (
    (),
    ("--decay", "--lr", "3e-4", "--seed", "1", "--max-groups", "8000"),
    ("--decay", "--lr", "1.5e-4", "--seed", "2", "--max-groups", "8000"),
)
FUSION_GROUPS = 800
CALIBRATION_N = 600


def commands(work: Path) -> list[tuple[dict[str, str], list[str]]]:
    """(extra environment, argv) of every step, in order."""
    py = sys.executable
    data = work / "train.jsonl"
    common = ["--data", str(data), "--gen-n", str(GEN_N), "--gen-seed", str(GEN_SEED), "--save-every", "1000"]
    steps: list[tuple[dict[str, str], list[str]]] = [
        ({}, [py, "-m", "mtqa.training.generate", "--split", "dev", "--n", str(GEN_N), "--seed", str(GEN_SEED), "-o", str(data)])]
    real = work / "real"  # the last pass's output, where fusion and calibration write too
    previous: Path | None = None
    for k, extra in enumerate(PASSES, 1):
        out = real if k == len(PASSES) else work / f"pass{k}"
        init = ["--init", str(previous)] if previous is not None else []
        steps.append(({}, [py, "-m", "mtqa.training.train_generated", *common, "--out", str(out), *init, *extra]))
        previous = out
    steps.append(({}, [py, str(ROOT / "benchmarks" / "qe_fusion_generated.py"), "--adapter", str(real), "--data", str(data),
                       "--gen-n", str(GEN_N), "--gen-seed", str(GEN_SEED), "--groups", str(FUSION_GROUPS), "--write"]))
    steps.append(({"MTQA_QE_ADAPTER": str(real)},
                  [py, str(ROOT / "benchmarks" / "qe_calibrate_real.py"), "--n", str(CALIBRATION_N), "--write"]))
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mtqa.training.real_recipe", description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True, help="folder for the training file, the passes and the adapter")
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    args = ap.parse_args(argv)
    args.work = args.work.resolve()  # the steps run from the repository's root
    if not args.dry_run and args.work.exists() and (not args.work.is_dir() or any(args.work.iterdir())):
        # the steps write train.jsonl, pass1.. and real there and would overwrite an earlier run's
        print(f"error: --work {args.work} is not an empty folder; choose a new or empty one", file=sys.stderr)
        return 2
    if not args.dry_run:
        args.work.mkdir(parents=True, exist_ok=True)
    for env, argv_ in commands(args.work):
        line = " ".join([*(f"{k}={shlex.quote(v)}" for k, v in env.items()), *map(shlex.quote, argv_)])
        print(line, flush=True)
        if args.dry_run:
            continue
        # from the repository's root, where `python -m` finds mtqa and the benchmarks package
        rc = subprocess.run(argv_, env=dict(os.environ, **env), cwd=ROOT).returncode
        if rc != 0:
            print(f"error: step failed with exit {rc}: {line}", file=sys.stderr)
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main())
