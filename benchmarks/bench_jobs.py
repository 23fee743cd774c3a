"""`mtqa bench --jobs 2` against `--jobs 1` on a 20-document bench, measured side by side.

    python benchmarks/bench_jobs.py [--rounds 2] [--scorer default] [--out benchmarks/results/bench_jobs.json]

The bench: the first 5 documents of the NTREX-128 Italian->English test split (benchmarks/realdata.py),
20 lines each, translated by 4 systems of graded quality (`correct`, `light`, `heavy`, `copy`, as
benchmarks/bench.py builds them): 20 manifest rows, 400 line-aligned segments. Each run is the
command a user types (`python -m mtqa bench ... --no-cache`, a fresh process, models loaded in it),
so process start-up and model loading count, as they do for a user.

A shared machine's load drifts, so the two settings alternate in ABBA order within each round
(1, 2, 2, 1), and the speed-up is the ratio of the two medians of wall time. Beside it: each run's
CPU seconds (this process's children, user + system) and the load average before and after, so a
reader can tell a slow parallel run from a busy machine. The two settings' JSON reports must be
identical; the script fails if not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import graded_systems  # noqa: E402
from benchmarks.realdata import load  # noqa: E402

SYSTEMS = tuple(graded_systems([""], [""]))  # the names of the graded systems, in order



def build(folder: Path, *, documents: int, lines: int) -> tuple[Path, int]:
    """The manifest and its segment count: `documents` documents of the test split, `lines` lines each."""
    by_doc: dict[str, list] = {}
    for pair in load("ntrex-news", split="test"):
        by_doc.setdefault(pair.doc, []).append(pair)
    chosen = [pairs[:lines] for pairs in by_doc.values() if len(pairs) >= lines][:documents]
    if len(chosen) < documents:
        raise SystemExit(f"the test split has only {len(chosen)} documents of {lines} lines")
    rows = ["system\tdoc\tsource\ttarget\treference"]
    for d, pairs in enumerate(chosen):
        refs = [p.en for p in pairs]
        targets = graded_systems([p.it for p in pairs], refs)
        (folder / f"d{d}.it.txt").write_text("\n".join(p.it for p in pairs) + "\n", encoding="utf-8")
        (folder / f"d{d}.ref.en.txt").write_text("\n".join(refs) + "\n", encoding="utf-8")
        for system in targets:
            (folder / f"d{d}.{system}.en.txt").write_text("\n".join(targets[system]) + "\n", encoding="utf-8")
            rows.append(f"{system}\td{d}\td{d}.it.txt\td{d}.{system}.en.txt\td{d}.ref.en.txt")
    manifest = folder / "manifest.tsv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest, len(SYSTEMS) * sum(len(p) for p in chosen)


def run(manifest: Path, jobs: int, scorer: str, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mtqa", "bench", str(manifest), "--src-lang", "it", "--tgt-lang", "en", "--line-aligned",
         "--scorer", scorer, "--baseline", "correct", "--no-cache", "--jobs", str(jobs), "-q", "-o", str(out)],
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"jobs": jobs, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="ABBA rounds (each runs both settings twice)")
    parser.add_argument("--scorer", default="default")
    parser.add_argument("--documents", type=int, default=5)
    parser.add_argument("--lines", type=int, default=20)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest, segments = build(folder, documents=args.documents, lines=args.lines)
        runs = []
        for _ in range(args.rounds):
            for jobs in (1, 2, 2, 1):
                runs.append(run(manifest, jobs, args.scorer, folder / f"jobs{jobs}.json"))
                print(json.dumps(runs[-1]), file=sys.stderr)
        identical = (folder / "jobs1.json").read_bytes() == (folder / "jobs2.json").read_bytes()
    wall = {j: [r["wall_s"] for r in runs if r["jobs"] == j] for j in (1, 2)}
    median = {j: statistics.median(v) for j, v in wall.items()}
    summary = {
        "command": f"python benchmarks/bench_jobs.py --rounds {args.rounds} --scorer {args.scorer} "
                   f"--documents {args.documents} --lines {args.lines}",
        "data": f"ntrex-news test split, first {args.documents} documents x {args.lines} lines, {len(SYSTEMS)} systems",
        "rows": args.documents * len(SYSTEMS),
        "segments": segments,
        "cpus": os.cpu_count(),
        "median_wall_s": {f"jobs{j}": round(m, 2) for j, m in median.items()},
        "speedup_jobs2_over_jobs1": round(median[1] / median[2], 2),
        "goal": 1.7,
        "reports_identical": identical,
        "runs": runs,
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    if not identical:
        raise SystemExit("--jobs 1 and --jobs 2 gave different reports")


if __name__ == "__main__":
    main()
