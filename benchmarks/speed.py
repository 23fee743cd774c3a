"""Speed of the default pipeline beside the bare encoder forward passes it needs, in one run.

    PYTHONPATH=. python benchmarks/speed.py                      # 256 news pairs: table + results file
    PYTHONPATH=. python benchmarks/speed.py --pairs 128 --variants score-default bare
    PYTHONPATH=. python benchmarks/speed.py --before-code ../main   # each variant also on another checkout
    PYTHONPATH=. python benchmarks/speed.py --scaling 1000 10000 --out benchmarks/results/speed-scaling-fast.json

Inputs (the same for every variant): the first `--pairs` pairs of ntrex-news, split="test"
(benchmarks/realdata.py; real news-length sentences, measured here only, never tuned on), as a
pair file for `score` and as one source/target document pair (a paragraph per news document) for
`check`; and the demo article (corpora/rekognition) for `check`. Every variant runs in its own
fresh process, so peak RSS (getrusage max RSS, model loading included) is that variant's alone.
Each process first warms up on a few other pairs (models loaded, lazily built state made), then
times one run of the library call and the report rendering:
- score-default / score-torch / score-fast / score-int8: `mtqa score` on the pair file (default
  scorer set; the same with offline-qe's layers in torch where the optional onnxruntime would run
  them; `--scorer fast`; default set with `--precision int8`);
- check-default / check-demo: `mtqa check` on the news documents and on the demo;
- bare: the bare forward passes of the encoders the default `score` uses, on exactly the texts
  that run sent to them (recorded in that process): USE on the texts the similarity scorer
  encodes, the e5 cross-encoder (`crossenc.predict`) on every pair, already tokenised. This is the
  physical limit of this design on this machine; `ratio` = pipeline time / bare time.
- cold: wall time of `python -m mtqa score ONE_PAIR.tsv` in a fresh process (the model already
  converted in the cache), best of `--cold-runs`.
Where the time goes: each pipeline process times, exclusive of what it calls, e5 tokenising, the
e5 transformer layers, the rest of the e5 pass (embeddings, batching, heads), word alignment, the
USE forward, sentence alignment, each rule check, and report rendering.

The machine may be shared with other jobs (another process at lower priority), so absolute
numbers are noisy; the ratios are measured side by side, in one run, on the same inputs.
Results go to benchmarks/results/speed.json (--out).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "rekognition"
VARIANTS = ("score-default", "score-torch", "score-fast", "score-int8", "check-default", "check-demo", "bare", "cold")
WARMUP_PAIRS = 8


# -- inputs ----------------------------------------------------------------------------------------
def news_pairs(n: int, *, offset: int = 0) -> list[tuple[str, str, str]]:
    """(doc, Italian, English) of ntrex-news test pairs [offset, offset + n); repeated, each copy
    numbered, when more are asked for than the split has (scaling runs)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.realdata import load

    base = [(p.doc, p.it, p.en) for p in load("ntrex-news", split="test")]
    out = []
    for k in range(offset, offset + n):
        doc, it, en = base[k % len(base)]
        copy = k // len(base)
        out.append((doc, it, en) if copy == 0 else (f"{doc}#{copy}", f"({copy}) {it}", f"({copy}) {en}"))
    return out


def write_inputs(folder: Path, n: int) -> dict[str, str]:
    """The pair file and the news document pair for `n` pairs, plus a warm-up pair file."""
    paths = {}
    for name, rows in (("pairs", news_pairs(n)), ("warm", news_pairs(WARMUP_PAIRS, offset=n))):
        p = folder / f"{name}-{n}.tsv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(["source", "target"])
            w.writerows((it, en) for _, it, en in rows)
        paths[name] = str(p)
    rows = news_pairs(n)
    for side, col in (("src", 1), ("tgt", 2)):
        paras: list[list[str]] = []
        last = None
        for r in rows:
            if r[0] != last:
                paras.append([])
                last = r[0]
            paras[-1].append(r[col])
        p = folder / f"news-{side}-{n}.txt"
        p.write_text("\n\n".join("\n".join(x) for x in paras) + "\n", encoding="utf-8")
        paths[f"news_{side}"] = str(p)
    one = folder / "one.tsv"
    one.write_text("source\ttarget\n" + "\t".join(news_pairs(1)[0][1:]) + "\n", encoding="utf-8")
    paths["one"] = str(one)
    return paths


# -- exclusive timers ------------------------------------------------------------------------------
class Timers:
    """Exclusive time per label: a wrapped call's time minus the wrapped calls made inside it."""

    def __init__(self) -> None:
        self.excl: dict[str, float] = defaultdict(float)
        self.stack: list[float] = []  # per open call: time of nested wrapped calls

    @contextmanager
    def span(self, label: str) -> Iterator[None]:
        t0 = time.perf_counter()
        self.stack.append(0.0)
        try:
            yield
        finally:
            dt = time.perf_counter() - t0
            nested = self.stack.pop()
            self.excl[label] += dt - nested
            if self.stack:
                self.stack[-1] += dt

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        fn = getattr(owner, attr)

        def timed(*a: Any, **k: Any) -> Any:
            with self.span(label):
                return fn(*a, **k)

        setattr(owner, attr, timed)


def instrument(timers: Timers, record: dict[str, list[Any]]) -> None:
    """Wrap the pipeline's expensive calls; `record` collects what the encoders were given."""
    import mtqa.pipeline as pipeline
    from mtqa.models.encoders.use import UseEncoder
    from mtqa.models.offline import crossenc, fused
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    timers.wrap(E5Tokenizer, "encode", "e5 tokenise")
    timers.wrap(crossenc, "_through", "e5 layers")
    timers.wrap(crossenc.CrossEncoder, "lower", "e5 other (embeddings, batching, heads)")
    timers.wrap(crossenc.CrossEncoder, "forward", "e5 other (embeddings, batching, heads)")
    timers.wrap(fused, "align_words", "word alignment")
    use_batch = UseEncoder._encode_batch

    def use_recorded(self: Any, texts: list[str]) -> Any:
        record["use"].extend(texts)
        with timers.span("USE forward"):
            return use_batch(self, texts)

    UseEncoder._encode_batch = use_recorded  # type: ignore[method-assign]
    real_predict = crossenc.predict

    def predict_recorded(model: Any, tok: Any, pairs: Any, **kw: Any) -> Any:
        record["e5"].extend(pairs)
        return real_predict(model, tok, pairs, **kw)

    crossenc.predict = predict_recorded  # type: ignore[assignment]
    build = pipeline.build_scorers

    def built(*a: Any, **k: Any) -> Any:
        from mtqa.scoring import MODEL_SCORERS

        scorers = build(*a, **k)
        for s in scorers:
            label = f"{s.name} (rest)" if s.name in MODEL_SCORERS else "rule checks"
            timers.wrap(s, "score", label)
        return scorers

    pipeline.build_scorers = built  # type: ignore[assignment]
    real_align = pipeline.align_read

    def align_timed(*a: Any, **k: Any) -> Any:
        with timers.span("sentence alignment (read, segment, align)"):
            return real_align(*a, **k)

    pipeline.align_read = align_timed  # type: ignore[assignment]


# -- child processes -------------------------------------------------------------------------------
def run_pipeline(variant: str, paths: dict[str, str]) -> dict[str, Any]:
    from mtqa.config import Config
    from mtqa.pipeline import check_documents, score_pair_file
    from mtqa.report import render

    kind, _, what = variant.partition("-")
    if what == "torch":  # the default set with offline-qe's layers in torch even where onnxruntime is installed
        from mtqa.models.offline import encoder

        encoder.onnx_available = lambda: False  # type: ignore[assignment]
    scorers = ("fast",) if what == "fast" else ()
    precision = "int8" if what == "int8" else "auto"
    config = Config(source_lang="it", target_lang="en", scorers=scorers, precision=precision,
                    fail_on=None if kind == "score" else Config().fail_on)
    if kind == "score":
        def call(path: str) -> Any:
            return score_pair_file(path, config)
        main_in, warm_in = paths["pairs"], paths["warm"]
        fmt = "jsonl"
    else:
        def call(path: str) -> Any:
            src, tgt = path.split("|")
            return check_documents(src, tgt, config)
        if what == "demo":
            main_in = f"{DEMO / 'source.it.txt'}|{DEMO / 'target.en.txt'}"
        else:
            main_in = f"{paths['news_src']}|{paths['news_tgt']}"
        warm_in = f"{DEMO / 'source.it.txt'}|{DEMO / 'target.en.txt'}"
        fmt = "json"
    t0 = time.perf_counter()
    render(call(warm_in), fmt)  # models loaded, caches of lazily built state filled
    load_s = time.perf_counter() - t0
    _clear_text_caches()
    timers = Timers()
    record: dict[str, list[Any]] = defaultdict(list)
    instrument(timers, record)
    c0, t0 = _cpu(), time.perf_counter()
    report = call(main_in)
    with timers.span("report"):
        text = render(report, fmt)
    seconds, cpu_s = time.perf_counter() - t0, _cpu() - c0
    n_src = sum(len(s.source_ids) for s in report.segments) if kind == "check" else len(report.segments)
    where = dict(timers.excl)
    where["other (pipeline, flags, evidence)"] = seconds - sum(where.values())
    out: dict[str, Any] = {
        "variant": variant, "seconds": seconds, "cpu_s": cpu_s, "warmup_s": load_s, "units": n_src,
        "unit": "pairs" if kind == "score" else "source sentences",
        "per_s": n_src / seconds, "peak_rss_mb": _peak_mb(), "threads": _threads(),
        "where": {k: round(v, 3) for k, v in sorted(where.items(), key=lambda kv: -kv[1])},
        "segments": [_seg_key(s) for s in report.segments], "bytes": len(text.encode()),
    }
    if variant == "score-default":
        out["encoded"] = {"use": list(dict.fromkeys(record["use"])), "e5": [list(p) for p in record["e5"]]}
    return out


def _clear_text_caches() -> None:
    """Each pipeline run starts without cached sentence vectors (as a fresh CLI run would)."""
    from mtqa.models import encoders

    for enc in getattr(encoders, "_SHARED", {}).values():
        enc.clear_cache()


def _seg_key(seg: Any) -> dict[str, Any]:
    return {"score": seg.score, "severity": seg.severity.value if hasattr(seg.severity, "value") else str(seg.severity),
            "codes": sorted(i.code for i in seg.issues)}


def _cpu() -> float:
    """CPU seconds of this process, all threads: less sensitive than wall time to other jobs on the machine."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _threads() -> int:
    if "torch" in sys.modules:
        return int(sys.modules["torch"].get_num_threads())
    return 0


def run_bare(encoded_file: str) -> dict[str, Any]:
    """The encoders' forward passes alone on the texts the score run gave them."""
    import torch

    from mtqa.config import Config
    from mtqa.models.encoders import shared_encoder
    from mtqa.models.offline.crossenc import predict
    from mtqa.models.offline.fused import load_models
    from mtqa.models.offline.qe_scorer import adapter_folder

    enc = json.loads(Path(encoded_file).read_text(encoding="utf-8"))
    use_texts, pairs = enc["use"], [tuple(p) for p in enc["e5"]]
    use = shared_encoder(Config(source_lang="it", target_lang="en").encoder)
    models = load_models(adapter_folder(), "cpu")
    memo = _Pretokenised(models.tokenizer, [t for p in pairs for t in p])
    predict(models.crossenc, memo, pairs[:WARMUP_PAIRS])
    use._encode_batch(use_texts[:WARMUP_PAIRS])
    c0, t0 = _cpu(), time.perf_counter()
    for b in range(0, len(use_texts), use.batch_size):
        use._encode_batch(use_texts[b : b + use.batch_size])
    use_s, use_cpu = time.perf_counter() - t0, _cpu() - c0
    c0, t0 = _cpu(), time.perf_counter()
    predict(models.crossenc, memo, pairs)
    e5_s, e5_cpu = time.perf_counter() - t0, _cpu() - c0
    return {"variant": "bare", "use_s": use_s, "e5_s": e5_s, "seconds": use_s + e5_s, "cpu_s": use_cpu + e5_cpu,
            "use_texts": len(use_texts),
            "e5_pairs": len(pairs), "peak_rss_mb": _peak_mb(), "threads": torch.get_num_threads()}


class _Pretokenised:
    """The e5 tokenizer with every text already encoded: `predict` then times the model alone."""

    def __init__(self, tok: Any, texts: list[str]) -> None:
        self.bos, self.eos, self.pad = tok.bos, tok.eos, tok.pad
        self.table = {t: tok.encode(t) for t in texts}

    def encode(self, text: str) -> Any:
        return self.table[text]


def run_cold(one: str, runs: int, code: Path = ROOT) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "mtqa", "score", str(Path(one).resolve()), "--src-lang", "it", "--tgt-lang", "en", "-q"]
    # `python -m` puts the working folder first on sys.path, ahead of PYTHONPATH: run in `code`, or
    # another checkout's cold start would import this one's mtqa.
    subprocess.run(cmd, env=env, cwd=code, capture_output=True, check=True)  # the model converted and cached
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=code, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"variant": "cold", "seconds": min(times), "cpu_s": min(cpus), "all_s": [round(t, 2) for t in times]}


def run_scale(n: int, scorer: str, jobs: int) -> dict[str, Any]:
    """`mtqa score` (JSON Lines, to a file) on `n` news pairs, in this process; peak RSS of this
    process and, with --jobs, of its largest worker."""
    from mtqa.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.tsv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["source", "target"])
            w.writerows((it, en) for _, it, en in news_pairs(n))
        out = Path(tmp) / "out.jsonl"
        c0, t0 = _cpu(), time.perf_counter()
        try:
            cli(["score", str(path), "--src-lang", "it", "--tgt-lang", "en", "--scorer", scorer, "--jobs", str(jobs),
                 "-q", "-o", str(out)], standalone_mode=False)
        except SystemExit as exc:  # the gate (exit 1) is not a failure here
            if exc.code not in (0, 1, None):
                raise
        seconds = time.perf_counter() - t0
        lines = sum(1 for _ in out.open(encoding="utf-8"))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"variant": f"scale-{scorer}-{n}-jobs{jobs}", "pairs": n, "lines": lines, "seconds": seconds,
            "per_s": n / seconds, "cpu_s": _cpu() - c0 + kids.ru_utime + kids.ru_stime, "peak_rss_mb": _peak_mb(),
            "worker_peak_rss_mb": kids.ru_maxrss / 1024}


def child(variant: str, paths_file: str) -> dict[str, Any]:
    paths = json.loads(Path(paths_file).read_text(encoding="utf-8"))
    if variant == "bare":
        return run_bare(paths["encoded"])
    return run_pipeline(variant, paths)


def spawn(variant: str, paths_file: str, code: Path = ROOT) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, __file__, "--child", variant, paths_file], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{variant} failed:\n{out.stderr[-3000:]}")
    res: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return res


# -- comparison and table --------------------------------------------------------------------------
def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Flags and scores of two runs on the same input: segments whose severity or codes differ, and max |d score|."""
    diff = [k for k, (x, y) in enumerate(zip(a["segments"], b["segments"], strict=True))
            if x["severity"] != y["severity"] or x["codes"] != y["codes"]]
    ds = [abs(x["score"] - y["score"]) for x, y in zip(a["segments"], b["segments"])
          if x["score"] is not None and y["score"] is not None]
    return {"segments_with_other_flags": len(diff), "max_abs_score_diff": round(max(ds, default=0.0), 5)}


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'variant':14s} {'units':>6s} {'seconds':>8s} {'per s':>7s} {'ratio':>6s} {'CPU s':>7s} {'per CPU s':>9s} "
             f"{'CPU ratio':>9s} {'RSS MB':>7s}"]
    for name, r in results.items():
        if name.startswith("cold"):
            lines.append(f"{name:14s} {'1':>6s} {r['seconds']:8.2f} {'':>7s} {'':>6s} {r['cpu_s']:7.2f}  (runs: {r['all_s']})")
            continue
        if name.startswith("bare"):
            lines.append(f"{'bare forward':14s} {r['e5_pairs']:6d} {r['seconds']:8.2f} {r['e5_pairs'] / r['seconds']:7.1f} "
                         f"{'1.00':>6s} {r['cpu_s']:7.2f} {r['e5_pairs'] / r['cpu_s']:9.1f} {'1.00':>9s} {r['peak_rss_mb']:7.0f}"
                         f"  (USE {r['use_s']:.2f} s on {r['use_texts']} texts, e5 {r['e5_s']:.2f} s)")
            continue
        at = name[name.index("@"):] if "@" in name else ""
        bare, bare_cpu = results.get("bare" + at, {}).get("seconds"), results.get("bare" + at, {}).get("cpu_s")
        ratio = f"{r['seconds'] / bare:6.2f}" if bare and name.startswith("score-default") else ""
        cpu_ratio = f"{r['cpu_s'] / bare_cpu:9.2f}" if bare_cpu and name.startswith("score-default") else ""
        lines.append(f"{name:14s} {r['units']:6d} {r['seconds']:8.2f} {r['per_s']:7.1f} {ratio:>6s} {r['cpu_s']:7.2f} "
                     f"{r['units'] / r['cpu_s']:9.1f} {cpu_ratio:>9s} {r['peak_rss_mb']:7.0f}")
    for name, r in results.items():
        if "where" in r:
            parts = ", ".join(f"{k} {v:.2f}" for k, v in r["where"].items() if v >= 0.005)
            lines.append(f"  {name}: {parts}")
    return "\n".join(lines)


def scaling(args: argparse.Namespace) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    rows = []
    for n in args.scaling:
        cmd = [sys.executable, __file__, "--child-scale", str(n), args.scaling_scorer, str(args.scaling_jobs)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"scaling {n} failed:\n{out.stderr[-3000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{n:>7} pairs  {row['seconds']:8.1f} s  {row['per_s']:7.1f} pairs/s  CPU {row['cpu_s']:8.1f} s  "
              f"peak RSS {row['peak_rss_mb']:6.0f} MB (largest worker {row['worker_peak_rss_mb']:.0f} MB)", flush=True)
    for a, b in zip(rows, rows[1:]):
        print(f"{b['pairs'] / a['pairs']:.0f}x pairs -> {b['seconds'] / a['seconds']:.1f}x time, "
              f"{b['cpu_s'] / a['cpu_s']:.1f}x CPU, {b['peak_rss_mb'] / a['peak_rss_mb']:.2f}x peak RSS")
    result = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
              "load_average_at_end": os.getloadavg(), "scorer": args.scaling_scorer, "jobs": args.scaling_jobs, "rows": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=256)
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    ap.add_argument("--cold-runs", type=int, default=2)
    ap.add_argument("--before-code", help="also run every variant on the mtqa checkout at this path, each right after ours")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "speed.json"))
    ap.add_argument("--scaling", type=int, nargs="+", help="instead: `mtqa score` on this many pairs each, fresh process each")
    ap.add_argument("--scaling-scorer", default="fast", help="scorer set of the scaling runs (fast or default)")
    ap.add_argument("--scaling-jobs", type=int, default=1)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--child-scale", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    if args.child_scale:
        n, scorer, jobs = args.child_scale
        print(json.dumps(run_scale(int(n), scorer, int(jobs))))
        return
    if args.scaling:
        scaling(args)
        return
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), args.pairs)
        paths_file = Path(tmp) / "paths.json"
        paths_file.write_text(json.dumps(paths), encoding="utf-8")
        variants = list(args.variants)
        if "bare" in variants and "score-default" not in variants:
            variants.insert(0, "score-default")  # bare replays what score-default encoded
        codes = [("", ROOT)] + ([("@before", Path(args.before_code).resolve())] if args.before_code else [])
        for v in sorted(variants, key=lambda v: v == "bare"):
            for at, code in codes:  # the same variant on the code before, right after: side by side
                name = v + at
                if v == "cold":
                    results[name] = run_cold(paths["one"], args.cold_runs, code)
                else:
                    if v == "bare":
                        enc_file = Path(tmp) / f"encoded{at}.json"
                        enc_file.write_text(json.dumps(results["score-default" + at].pop("encoded")), encoding="utf-8")
                        paths["encoded"] = str(enc_file)
                        paths_file.write_text(json.dumps(paths), encoding="utf-8")
                    results[name] = spawn(v, str(paths_file), code)
                print(f"{name}: {results[name]['seconds']:.2f} s", flush=True)
    for r in results.values():
        r.pop("encoded", None)
    summary: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_end": os.getloadavg(),
        "pairs": args.pairs,
        "input": "ntrex-news split=test, first N pairs (it->en); check-demo: corpora/rekognition",
    }
    fp32 = "score-torch" if "score-torch" in results else "score-default"
    for other in ("score-int8", "score-default"):
        if other != fp32 and fp32 in results and other in results:
            summary[f"{other}_vs_{fp32}"] = compare(results[fp32], results[other])
    for at in ("", "@before"):
        if "score-default" + at in results and "bare" + at in results:
            pipe, bare = results["score-default" + at], results["bare" + at]
            summary["ratio_pipeline_to_bare" + at] = round(pipe["seconds"] / bare["seconds"], 3)
            summary["cpu_ratio_pipeline_to_bare" + at] = round(pipe["cpu_s"] / bare["cpu_s"], 3)
    if "score-default" in results and "score-default@before" in results:
        summary["score-default_vs_before"] = compare(results["score-default@before"], results["score-default"])
    print(table(results))
    for k, v in summary.items():
        print(f"{k}: {v}")
    for r in results.values():
        r.pop("segments", None)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({**summary, "results": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
