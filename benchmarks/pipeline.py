"""Throughput, peak memory and scaling of `mtqa check` on synthetic document pairs.

The synthetic pair repeats the demo article (corpora/rekognition) until it has N source sentences,
each copy tagged with its own number and month so that no sentence repeats verbatim (embedding
caches get no free hits), with every 50th target sentence dropped (an omission for the aligner to
find) so the aligner cannot walk a trivial diagonal. Each size runs in a fresh process, so peak RSS is that run's own.

    python benchmarks/pipeline.py                 # 1k, 2k, 5k, 10k sentences
    python benchmarks/pipeline.py --sizes 1000 10000 --out benchmarks/results/pipeline.json
    python benchmarks/pipeline.py --scorer fast     # the default set without offline-qe, for comparison
    python benchmarks/pipeline.py --precision bf16  # offline-qe under bf16 autocast
    python benchmarks/pipeline.py --compare --sizes 1000 10000   # default, fast and bf16 side by side, one run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "rekognition"


_MONTHS_IT = "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()
_MONTHS_EN = "January February March April May June July August September October November December".split()


def make_pair(n: int, folder: Path) -> tuple[Path, Path]:
    from mtqa.io.documents import read_document

    src = [s.text for s in read_document(DEMO / "source.it.txt", "it").segments]
    tgt = [s.text for s in read_document(DEMO / "target.en.txt", "en").segments]
    assert len(src) == len(tgt)
    out_src, out_tgt = [], []
    k = 0
    while len(out_src) < n:
        copy = len(out_src) // len(src)
        for s, t in zip(src, tgt):
            if len(out_src) >= n:
                break
            # Each copy of the article is dated differently, so no sentence repeats verbatim and
            # the encoders' per-run text cache cannot make later copies free.
            # A dateline prefix, not a suffix: a tag after the final period would be a sentence.
            day = copy % 28 + 1
            out_src.append(f"{day} {_MONTHS_IT[copy // 28 % 12]}, {s}")
            if k % 50 != 49:
                out_tgt.append(f"{_MONTHS_EN[copy // 28 % 12]} {day}, {t}")
            k += 1
    # Paragraphs of 8 sentences, one sentence a line.
    def layout(lines: list[str]) -> str:
        return "\n\n".join("\n".join(lines[i : i + 8]) for i in range(0, len(lines), 8)) + "\n"

    sp, tp = folder / f"src-{n}.txt", folder / f"tgt-{n}.txt"
    sp.write_text(layout(out_src), encoding="utf-8")
    tp.write_text(layout(out_tgt), encoding="utf-8")
    return sp, tp


def run_one(src: str, tgt: str, scorer: str, precision: str = "auto") -> dict[str, float]:
    import resource

    from mtqa.config import Config
    from mtqa.pipeline import check_documents
    from mtqa.report import render

    start = time.perf_counter()
    report = check_documents(src, tgt, Config(source_lang="it", target_lang="en", scorers=(scorer,), precision=precision))
    render(report, "json")
    elapsed = time.perf_counter() - start
    found = {i for s in report.segments if any(x.code == "ALN001" for x in s.issues) for i in s.source_ids}
    # make_pair drops the target of every 50th source sentence: those are the true omissions.
    expected = {k for k in range(sum(len(s.source_ids) for s in report.segments)) if k % 50 == 49}
    return {
        "seconds": elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "segments": len(report.segments),
        "omissions_found": len(found),
        "omissions_correct": len(found & expected),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "pipeline.json"))
    parser.add_argument("--scorer", default="default", help="scorer set: default, or fast (without offline-qe)")
    parser.add_argument("--precision", default="auto", help="offline-qe precision: auto (fp32 on CPU) or bf16")
    parser.add_argument("--compare", action="store_true",
                        help="run default (fp32), fast and default --precision bf16 side by side at each size, one run")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    variants = [("default", "auto"), ("fast", "auto"), ("default", "bf16")] if args.compare else [(args.scorer, args.precision)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            src, tgt = make_pair(n, Path(tmp))
            env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
            for scorer, precision in variants:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(src), str(tgt), scorer, precision],
                    capture_output=True, text=True, env=env, check=True,
                )
                row = {"scorers": scorer, "precision": precision, "sentences": n, "expected_omissions": n // 50,
                       **json.loads(out.stdout.strip().splitlines()[-1])}
                row["sentences_per_s"] = n / row["seconds"]
                rows.append(row)
                print(
                    f"{scorer:>8} {precision:>5} {n:>6} sentences  {row['seconds']:7.2f} s  {row['sentences_per_s']:7.0f} sent/s  "
                    f"peak RSS {row['peak_rss_mb']:6.0f} MB  omissions: {row['omissions_correct']} of {row['expected_omissions']} found, "
                    f"{row['omissions_found'] - row['omissions_correct']} false",
                    flush=True,
                )
    for scorer, precision in variants:
        mine = [r for r in rows if r["scorers"] == scorer and r["precision"] == precision]
        for row in mine[1:]:
            print(f"{scorer} {precision}: {row['sentences'] / mine[0]['sentences']:.0f}x sentences -> {row['seconds'] / mine[0]['seconds']:.1f}x time")
    if args.compare:
        for n in args.sizes:
            t = {(r["scorers"], r["precision"]): r["seconds"] for r in rows if r["sentences"] == n}
            print(f"{n} sentences: default fp32 takes {t[('default', 'auto')] / t[('fast', 'auto')]:.1f}x the time of fast; "
                  f"bf16 {t[('default', 'bf16')] / t[('default', 'auto')]:.2f}x that of fp32")
    result = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}", "rows": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
