"""`mtqa bench` on systems of known, graded quality built from real news pairs (NTREX-128
Italian->English, the fixed test split of benchmarks/realdata.py), checked against sacrebleu.

    python benchmarks/bench.py [--lines 200] [--scorer default|fast] [--out benchmarks/results/bench.json]

Systems, best to worst: `correct` (the human translation), `light` (every 5th line corrupted),
`heavy` (4 lines in 5 corrupted), `copy` (the Italian source) and `empty` (no output). A corrupted
line, in turn: a number changed (or, without one, the second half dropped), the second half
dropped, or the next line's translation in its place. Measures: BLEU/chrF/TER against the
`sacrebleu` command on the same files (|delta|), the 95% interval half-widths against
`sacrebleu --confidence` with the same number of resamples, whether mtqa's QE system score and its
MQM-weighted error rate rank the systems in their true order, and the bench's wall time.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.realdata import load  # noqa: E402
from mtqa.bench import Settings, run_bench  # noqa: E402
from mtqa.config import Config  # noqa: E402

ORDER = ["correct", "light", "heavy", "copy", "empty"]


def corrupt(k: int, line: str, following: str) -> str:
    kind = k % 3
    if kind == 0:
        changed = re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 7), line, count=1)
        if changed != line:
            return changed
    if kind in (0, 1):
        words = line.split()
        return " ".join(words[: max(1, len(words) // 2)])
    return following


def graded_systems(sources: list[str], refs: list[str]) -> dict[str, list[str]]:
    """Four systems of known, graded quality over one document: the reference itself, every fifth
    line corrupted, four lines in five corrupted, and the source copied."""
    following = refs[1:] + refs[:1]
    return {
        "correct": refs,
        "light": [corrupt(i // 5, r, following[i]) if i % 5 == 0 else r for i, r in enumerate(refs)],
        "heavy": [corrupt(i, r, following[i]) if i % 5 != 4 else r for i, r in enumerate(refs)],
        "copy": sources,
    }


def build(folder: Path, lines: int) -> Path:
    pairs = load("ntrex-news", split="test")[:lines]
    sources = [p.it for p in pairs]
    refs = [p.en for p in pairs]
    systems = {**graded_systems(sources, refs), "empty": ["" for _ in refs]}
    (folder / "source.it.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (folder / "reference.en.txt").write_text("\n".join(refs) + "\n", encoding="utf-8")
    rows = ["system\tdoc\tsource\ttarget\treference"]
    for name, targets in systems.items():
        (folder / f"{name}.en.txt").write_text("\n".join(targets) + "\n", encoding="utf-8")
        rows.append(f"{name}\tntrex\tsource.it.txt\t{name}.en.txt\treference.en.txt")
    (folder / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "manifest.tsv"


def sacrebleu_cli(folder: Path, system: str, resamples: int) -> dict[str, dict[str, float]]:
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(folder / "reference.en.txt"), "-i", str(folder / f"{system}.en.txt"),
         "-m", "bleu", "chrf", "ter", "-w", "4", "--format", "json", "--confidence", "--confidence-n", str(resamples)],
        capture_output=True, text=True, check=True,
    )
    names = {"BLEU": "bleu", "chrF2": "chrf", "TER": "ter"}
    return {names[d["name"]]: {"score": d["score"], "ci": d.get("confidence_var")} for d in json.loads(out.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--scorer", default="default")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = build(folder, args.lines)
        config = Config(source_lang="it", target_lang="en", scorers=(args.scorer,))
        start = time.perf_counter()
        result = run_bench(manifest, config, Settings(line_aligned=True, baseline="correct", resamples=args.resamples))
        seconds = time.perf_counter() - start
        rows = {}
        worst_delta = worst_ci = 0.0
        for s in result.systems:
            cli = sacrebleu_cli(folder, s.system, args.resamples)
            row: dict[str, object] = {"rank": len(rows) + 1}
            for name in ("mtqa_score", "mqm_per_100", "major_per_100", "gate_pass_pct", "bleu", "chrf", "ter"):
                v = s.values[name]
                assert v is not None and v.interval is not None
                row[name] = round(v.value, 2)
                row[f"{name}_ci"] = round(v.interval.half_width, 2)
                if name in cli:
                    worst_delta = max(worst_delta, abs(v.value - cli[name]["score"]))
                    if cli[name]["ci"] is not None:  # sacrebleu prints no interval for a score of 0
                        worst_ci = max(worst_ci, abs(v.interval.half_width - cli[name]["ci"]))
                    row[f"{name}_sacrebleu"] = cli[name]["score"]
                    row[f"{name}_sacrebleu_ci"] = cli[name]["ci"]
            rows[s.system] = row
        by_score = [s.system for s in result.systems]
        by_mqm = sorted(rows, key=lambda n: float(rows[n]["mqm_per_100"]))  # type: ignore[arg-type]
        summary = {
            "command": f"python benchmarks/bench.py --lines {args.lines} --scorer {args.scorer} --resamples {args.resamples}",
            "data": f"ntrex-news test split, first {args.lines} lines",
            "seconds": round(seconds, 1),
            "segments": sum(s.segments for s in result.systems),
            "rank_by_mtqa_score": by_score,
            "mtqa_score_true_order": by_score[:3] == ORDER[:3] and set(by_score[3:]) == set(ORDER[3:]),
            "rank_by_mqm_per_100": by_mqm,
            "mqm_true_order": by_mqm[:3] == ORDER[:3] and set(by_mqm[3:]) == set(ORDER[3:]),
            "max_abs_delta_vs_sacrebleu": round(worst_delta, 4),
            "max_abs_ci_delta_vs_sacrebleu": round(worst_ci, 4),
            "systems": rows,
            "signatures": result.signatures,
        }
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
