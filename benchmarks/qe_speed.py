"""Speed and memory: unbabel-comet vs mtqa on one randomly initialised CometKiwi-22-size checkpoint.

    PYTHONPATH=. /work/venv/bin/python benchmarks/qe_speed.py [--rounds 2] [--size large|small] [--int8]

The checkpoint has XLM-R large's dimensions (24 layers, hidden 1024, 16 heads, FFN 4096, 514
positions) and CometKiwi-22's head (hidden_sizes [3072, 1024], softmax mix, no layer norm); only the
vocabulary is the tiny test tokenizer's (602 entries instead of 250,002), which removes ~255M
embedding parameters (~1 GB) from both sides equally. Weights come from benchmarks/parity/recipe.py's
per-tensor generators, so both venvs load bit-identical tensors.

Each side runs in its own process (the reference in its venv), on the same 256 pairs, CPU, fp32,
batch size 16, after a warm-up batch; sides alternate for `--rounds` rounds and the best time per
side is kept. Peak memory is the process's max RSS (getrusage), loading included. The machine is
shared with other jobs, so absolute numbers drift; the ratio is measured side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PARITY = HERE / "parity"
TOKENIZER = ROOT / "tests" / "qe" / "data" / "tiny-spm"

SIZES = {
    "large": {"hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16, "intermediate_size": 4096, "hidden_sizes": [3072, 1024]},
    "small": {"hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "intermediate_size": 1024, "hidden_sizes": [256, 64]},
}


def make_pairs(n: int = 256, seed: int = 13) -> list[tuple[str, str]]:
    """Pairs of 1-4 sentences drawn from the parity texts (written for mtqa): varied lengths."""
    sys.path.insert(0, str(PARITY))
    from pairs import PAIRS, TOKENIZER_TEXT

    it = [s for s, _ in PAIRS if s and len(s) < 300] + TOKENIZER_TEXT[0::2]
    en = [t for _, t in PAIRS if t and len(t) < 300] + TOKENIZER_TEXT[1::2]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.choice([1, 1, 2])
        out.append((" ".join(rng.choice(it) for _ in range(k)), " ".join(rng.choice(en) for _ in range(k))))
    return out


def build(folder: Path, size: str) -> Path:
    sys.path.insert(0, str(PARITY))
    import recipe

    dims = SIZES[size]
    recipe.TINY_ENCODER.update(
        hidden_size=dims["hidden_size"],
        num_hidden_layers=dims["num_hidden_layers"],
        num_attention_heads=dims["num_attention_heads"],
        intermediate_size=dims["intermediate_size"],
        max_position_embeddings=514,
    )
    if size == "large":
        recipe.INIT_STD.update(linear=0.02, embedding=0.02, head=0.05)
    kind, hp = recipe.VARIANTS["kiwi"]
    hp["hidden_sizes"] = dims["hidden_sizes"]
    return recipe.build_checkpoint("kiwi", folder, TOKENIZER)


def worker(side: str, folder: str, out: str, batch_size: int, int8: bool) -> None:
    import torch

    pairs = make_pairs()
    t0 = time.perf_counter()
    if side == "ref":
        import logging

        import comet

        logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
        model = comet.load_from_checkpoint(str(Path(folder) / "checkpoints" / "model.ckpt"), local_files_only=True)
        samples = [{"src": s, "mt": t} for s, t in pairs]

        def run(items: list[dict[str, str]]) -> list[float]:
            return list(model.predict(items, batch_size=batch_size, gpus=0, progress_bar=False, num_workers=0).scores)

        warm = samples[:batch_size]
    else:
        sys.path.insert(0, str(ROOT))
        from mtqa.models.qe.comet import load_comet
        from mtqa.models.qe.runtime import resolve_runtime

        qe = load_comet(Path(folder), Path(folder).parent / "encoder-xlmr", long_pairs="truncate")
        if int8:
            from mtqa.models.qe.scorer import quantize_int8

            quantize_int8(qe)
        runtime = resolve_runtime("cpu", "fp32")

        def run(items: list[tuple[str, str]]) -> list[float]:  # type: ignore[misc]
            return [o.raw for o in qe.predict(items, runtime, batch_size)]

        samples = pairs  # type: ignore[assignment]
        warm = pairs[:batch_size]  # type: ignore[assignment]
    load_s = time.perf_counter() - t0
    run(warm)
    t1 = time.perf_counter()
    scores = run(samples)
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps({"side": side, "int8": int8, "seconds": elapsed, "load_s": load_s, "peak_mb": peak_mb, "threads": torch.get_num_threads(), "scores": scores}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--int8", action="store_true", help="also time mtqa with int8 dynamic quantisation")
    parser.add_argument("--ref-python", default="/work/refvenv/bin/python")
    parser.add_argument("--worker", nargs=2, metavar=("SIDE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="write the summary here")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.folder, args.worker[1], args.batch_size, args.int8)
        return 0
    with tempfile.TemporaryDirectory(dir=os.environ.get("QE_SPEED_TMP")) as tmp:
        folder = build(Path(tmp), args.size)
        env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
        env.pop("PYTHONPATH", None)
        runs: dict[str, list[dict]] = {"ref": [], "mtqa": [], "mtqa-int8": []}
        sides = [("ref", args.ref_python, False), ("mtqa", sys.executable, False)]
        if args.int8:
            sides.append(("mtqa-int8", sys.executable, True))
        for rnd in range(args.rounds):
            for name, python, int8 in sides:
                out = Path(tmp) / f"{name}-{rnd}.json"
                cmd = [python, __file__, "--worker", name.split("-")[0], str(out), "--folder", str(folder), "--batch-size", str(args.batch_size)]
                subprocess.run(cmd + (["--int8"] if int8 else []), check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                res = json.loads(out.read_text())
                runs[name].append(res)
                print(f"round {rnd} {name:9s} {res['seconds']:.1f}s  peak {res['peak_mb']:.0f} MB  (load {res['load_s']:.1f}s, {res['threads']} threads)", flush=True)
    best = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items() if v}
    ref_scores = best["ref"]["scores"]
    summary: dict[str, object] = {"size": args.size, "pairs": len(ref_scores), "batch_size": args.batch_size, "rounds": args.rounds}
    for name, res in best.items():
        summary[name] = {
            "seconds": round(res["seconds"], 2),
            "pairs_per_s": round(len(ref_scores) / res["seconds"], 2),
            "peak_mb": round(res["peak_mb"]),
            "max_abs_diff_vs_ref": max(abs(a - b) for a, b in zip(ref_scores, res["scores"], strict=True)),
            "speedup_vs_ref": round(best["ref"]["seconds"] / res["seconds"], 3),
        }
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
