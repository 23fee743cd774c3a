"""COMET parity: the reference package vs mtqa on the same tiny checkpoints and pairs.

    PYTHONPATH=. /work/venv/bin/python benchmarks/parity/run_parity.py \
        [--ref-python /work/refvenv/bin/python] [--write tests/qe/data/parity_expected.json]

1. builds the tiny checkpoints (recipe.py; deterministic, bit-identical in both venvs),
2. scores pairs.py with unbabel-comet in its own venv (score_reference.py, a subprocess),
3. scores them with mtqa in `long_pairs="truncate"` mode (the reference's behaviour) and compares:
   max |diff| per class must be <= 1e-5 (fp32), xCOMET spans must be identical,
4. with --write, stores the reference's numbers for tests/qe/test_parity.py, which repeats step 3
   without the reference installed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from pairs import PAIRS  # noqa: E402
from recipe import SEED, TINY_ENCODER, VARIANTS, build_all  # noqa: E402

TOKENIZER = ROOT / "tests" / "qe" / "data" / "tiny-spm"
TOLERANCE = 1e-5


def score_mtqa(root: Path, variant: str, mode: str) -> dict[str, object]:
    from mtqa.models.qe.comet import load_comet
    from mtqa.models.qe.runtime import resolve_runtime

    kind = VARIANTS[variant][0]
    model = load_comet(root / variant, root / f"encoder-{kind}", long_pairs=mode)
    out = model.predict(PAIRS, resolve_runtime("cpu", "fp32"), batch_size=4)
    return {
        "scores": [o.raw for o in out],
        "spans": [[{"start": s.start, "end": s.end, "severity": s.severity} for s in o.spans] for o in out],
        "windows": [o.windows for o in out],
        "truncated": [o.truncated for o in out],
    }


def compare(ref: dict[str, object], mine: dict[str, object]) -> dict[str, object]:
    diff = max(abs(a - b) for a, b in zip(ref["scores"], mine["scores"], strict=True))  # type: ignore[arg-type]
    result: dict[str, object] = {"max_abs_diff": diff, "ok": diff <= TOLERANCE}
    if "spans" in ref:
        key = [[(s["start"], s["end"], s["severity"]) for s in sp] for sp in ref["spans"]]  # type: ignore[attr-defined,index]
        got = [[(s["start"], s["end"], s["severity"]) for s in sp] for sp in mine["spans"]]  # type: ignore[attr-defined,index]
        result["spans_identical"] = key == got
        result["n_spans"] = sum(len(sp) for sp in key)
        result["ok"] = bool(result["ok"]) and key == got
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref-python", default="/work/refvenv/bin/python")
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_all(root, TOKENIZER)
        ref_json = root / "reference.json"
        subprocess.run(
            [args.ref_python, str(HERE / "score_reference.py"), str(root), str(ref_json)],
            check=True,
            env={"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        reference = json.loads(ref_json.read_text(encoding="utf-8"))
        report: dict[str, object] = {}
        ok = True
        for variant in VARIANTS:
            ref = reference["variants"][variant]
            mine = score_mtqa(root, variant, "truncate")
            report[variant] = compare(ref, mine)
            ok = ok and bool(report[variant]["ok"])  # type: ignore[index]
            print(f"{variant:8s} {json.dumps(report[variant])}")
    if args.write:
        expected = {
            "about": "unbabel-comet scores of the tiny checkpoints; written by benchmarks/parity/run_parity.py",
            "comet_version": reference["comet_version"],
            "recipe": {"seed": SEED, "encoder": TINY_ENCODER, "tokenizer": "tests/qe/data/tiny-spm"},
            "tolerance": TOLERANCE,
            "pairs": PAIRS,
            "variants": reference["variants"],
            "measured": report,
        }
        args.write.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
