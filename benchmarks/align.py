"""Alignment and similarity benchmark on corpora/align (numbers quoted in the issue-3 note).

    PYTHONPATH=. python benchmarks/align.py                  # everything below
    PYTHONPATH=. python benchmarks/align.py --f1             # strict/lax F1 per aligner and encoder
    PYTHONPATH=. python benchmarks/align.py --sweep          # F1 over skip_fraction / gain_weight
    PYTHONPATH=. python benchmarks/align.py --calibrate      # encoder cosine statistics (constants)
    PYTHONPATH=. python benchmarks/align.py --similarity     # SEM001 threshold table
    PYTHONPATH=. python benchmarks/align.py --demo           # the rekognition demo pair
    PYTHONPATH=. python benchmarks/align.py --throughput     # encoder sentences/s
    PYTHONPATH=. python benchmarks/align.py --scaling 1000,10000,50000

Scaling runs each size in a fresh subprocess (peak RSS is per process) on a synthetic document
made by concatenating the corpus documents, in a new random order each round, until it has N
source sentences. Repeated text hits the encoder cache, so the "embed" column there is small;
the cost of embedding N fresh sentences is N x windows / throughput (see --throughput); above
500 sentences VecAligner embeds single sentences only (windows = 1).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from mtqa.align.evaluate import links_as_alignment, read_gold_jsonl, read_presegmented, score_alignments
from mtqa.types import Pair, Segment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "align"
Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


def load_corpus() -> list[tuple[str, list[Segment], list[Segment], Gold]]:
    docs = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "gold.jsonl").is_file()):
        src = read_presegmented(folder / "source.it.txt")
        tgt = read_presegmented(folder / "target.en.txt")
        docs.append((folder.name, src, tgt, read_gold_jsonl(folder / "gold.jsonl", src, tgt)))
    return docs


def make_aligner(name: str, **options: float):
    if name == "gale-church":
        from mtqa.align.gale_church import GaleChurchAligner  # the lead's fallback aligner

        return GaleChurchAligner()
    from mtqa.align.vecalign import VecAligner
    from mtqa.models.encoders import shared_encoder

    return VecAligner(shared_encoder(name), **options)


def f1_table(names: list[str], **options: float) -> dict[str, dict[str, float]]:
    docs = load_corpus()
    table = {}
    for name in names:
        try:
            aligner = make_aligner(name, **options)
        except ImportError as exc:
            print(f"{name:12s} skipped: {exc} (hook: mtqa.align.gale_church.GaleChurchAligner)")
            continue
        golds, tests = [], []
        start = time.perf_counter()
        for _, src, tgt, gold in docs:
            golds.append(gold)
            tests.append(links_as_alignment(aligner.align(src, tgt)))
        elapsed = time.perf_counter() - start
        sc = score_alignments(golds, tests)
        table[name] = sc.__dict__
        print(
            f"{name:12s} strict P/R/F1 {sc.strict_precision:.3f}/{sc.strict_recall:.3f}/{sc.strict_f1:.3f}"
            f"  lax P/R/F1 {sc.lax_precision:.3f}/{sc.lax_recall:.3f}/{sc.lax_f1:.3f}  ({elapsed:.1f} s)"
        )
    return table


def sweep(encoders: list[str]) -> None:
    for enc in encoders:
        for frac in (0.15, 0.2, 0.25, 0.3, 0.35):
            for gain in (0.0, 1.0, 2.0, 4.0):
                docs = load_corpus()
                aligner = make_aligner(enc, skip_fraction=frac, gain_weight=gain)
                sc = score_alignments(
                    [d[3] for d in docs], [links_as_alignment(aligner.align(d[1], d[2])) for d in docs]
                )
                print(f"{enc:4s} skip_fraction={frac:.2f} gain_weight={gain:.1f} strict F1 {sc.strict_f1:.3f} lax F1 {sc.lax_f1:.3f}")


def one_to_one(docs) -> list[tuple[int, list[str], list[str]]]:
    out = []
    for d, (_, src, tgt, gold) in enumerate(docs):
        pairs = [(src[s[0]].text, tgt[t[0]].text) for s, t in gold if len(s) == 1 and len(t) == 1]
        out.append((d, [p[0] for p in pairs], [p[1] for p in pairs]))
    return out


def calibrate(encoders: list[str]) -> None:
    from mtqa.models.encoders import shared_encoder

    docs = load_corpus()
    for name in encoders:
        enc = shared_encoder(name)
        rand, match = [], []
        for _, srcs, tgts in one_to_one(docs):
            sims = enc.encode(srcs) @ enc.encode(tgts).T
            match.extend(np.diag(sims))
            rand.extend(sims[~np.eye(len(sims), dtype=bool)])
        print(
            f"{name:4s} random pairs mean {np.mean(rand):.3f} std {np.std(rand):.3f} (n={len(rand)}); "
            f"gold 1-1 median {np.median(match):.3f} p05 {np.percentile(match, 5):.3f} (n={len(match)})"
        )


def similarity(encoders: list[str]) -> None:
    """Score each document's gold 1-1 pairs with every 4th target replaced: odd replacements by a
    target from the same document 5 pairs away (on topic, wrong content), even ones by a target
    from another document (unrelated); and every 8th target cut to its first half ("half
    missing", a partial omission). The scorer sees the mixed document, as in a real run."""
    from mtqa.models.similarity import MAJOR, MINOR, SimilarityScorer
    from mtqa.config import Config

    docs = one_to_one(load_corpus())
    for name in encoders:
        scorer = SimilarityScorer(Config(encoder=name))
        scores: dict[str, list[float]] = {"correct": [], "half missing": [], "same-doc wrong": [], "other-doc": []}
        for d, srcs, tgts in docs:
            other = docs[(d + 1) % len(docs)][2]
            pairs, kinds = [], []
            for k, (s, t) in enumerate(zip(srcs, tgts, strict=True)):
                if k % 4 == 1 and (k // 4) % 2 == 0 and len(t.split()) >= 8:
                    words = t.split()
                    pairs.append(Pair(s, " ".join(words[: len(words) // 2]) + ".")); kinds.append("half missing")
                elif k % 4 == 3 and (k // 4) % 2 == 0:
                    pairs.append(Pair(s, tgts[(k + 5) % len(tgts)])); kinds.append("same-doc wrong")
                elif k % 4 == 3:
                    pairs.append(Pair(s, other[k % len(other)])); kinds.append("other-doc")
                else:
                    pairs.append(Pair(s, t)); kinds.append("correct")
            for kind, result in zip(kinds, scorer.score(pairs), strict=True):
                scores[kind].append(result.score)
        print(f"{name}: calibrated score percentiles p05/p50/p95 and share under thresholds")
        for kind, vals in scores.items():
            v = np.array(vals)
            print(
                f"  {kind:15s} n={len(v):3d}  {np.percentile(v, 5):.2f}/{np.median(v):.2f}/{np.percentile(v, 95):.2f}"
                f"  <major({MAJOR}) {np.mean(v < MAJOR):.0%}  <minor({MINOR}) {np.mean(v < MINOR):.0%}"
                f"  grid " + " ".join(f"<{t:.2f}:{np.mean(v < t):.0%}" for t in (0.15, 0.25, 0.35, 0.45, 0.55))
            )


def throughput(encoders: list[str], n: int = 1000) -> None:
    from mtqa.models.encoders import load_encoder

    base = [s.text for _, src, tgt, _ in load_corpus() for s in [*src, *tgt]]
    texts = [f"{base[k % len(base)]} ({k})" for k in range(n)]  # distinct texts: no cache hits
    for name in encoders:
        enc = load_encoder(name)
        enc.encode(texts[:16])
        start = time.perf_counter()
        enc.encode(texts)
        elapsed = time.perf_counter() - start
        print(f"{name:4s} {n / elapsed:7.0f} sentences/s ({n} distinct sentences, {elapsed:.1f} s)")


def synthetic(n: int, seed: int = 0) -> tuple[list[Segment], list[Segment], Gold]:
    docs = load_corpus()
    rng = np.random.default_rng(seed)
    src: list[Segment] = []
    tgt: list[Segment] = []
    gold: Gold = []
    while len(src) < n:
        for d in rng.permutation(len(docs)):
            _, s_doc, t_doc, g_doc = docs[d]
            s0, t0 = len(src), len(tgt)
            src.extend(Segment(s.text, s0 + s.index, 0) for s in s_doc)
            tgt.extend(Segment(t.text, t0 + t.index, 0) for t in t_doc)
            gold.extend((tuple(s0 + i for i in s), tuple(t0 + j for j in t)) for s, t in g_doc)
    return src, tgt, gold


def scaling_one(n: int, encoder: str) -> dict[str, float]:
    src, tgt, gold = synthetic(n)
    aligner = make_aligner(encoder)
    start = time.perf_counter()
    aligner.align(src, tgt)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    links = aligner.align(src, tgt)
    warm = time.perf_counter() - start
    sc = score_alignments([gold], [links_as_alignment(links)])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n_source": len(src), "n_target": len(tgt), "embed_s": cold - warm, "align_s": warm,
            "peak_rss_mb": peak_mb, "strict_f1": sc.strict_f1}


def scaling(sizes: list[int], encoder: str) -> None:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--scaling-one", str(n), "--encoders", encoder],
            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{encoder} n={row['n_source']:6d}/{row['n_target']:6d}  embed {row['embed_s']:6.1f} s  "
            f"align (DP + costs, cache warm) {row['align_s']:6.1f} s  peak RSS {row['peak_rss_mb']:6.0f} MB  "
            f"strict F1 {row['strict_f1']:.3f}"
        )
    for a, b in zip(rows, rows[1:]):
        print(f"  x{b['n_source'] / a['n_source']:.0f} sentences -> x{b['align_s'] / a['align_s']:.1f} align time")


DEMO = Path("/work/shared/corpora/rekognition")


def demo_check(encoder: str) -> None:
    """The demo pair, split by lines and obvious sentence ends (the lead's segmenter does this in
    the pipeline): print every link that is not 1-1 and the link of the untranslated heading."""
    import re

    def split(path: Path) -> list[Segment]:
        out: list[Segment] = []
        paragraph = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                paragraph += 1
                continue
            for sent in re.split(r'(?:(?<=[.!?])|(?<=[.!?]["”]))\s+(?=["“]?[A-Z])', line.strip()):
                out.append(Segment(sent, len(out), paragraph))
        return out

    if not DEMO.is_dir():
        print(f"demo: {DEMO} not found, skipped")
        return
    src, tgt = split(DEMO / "source.it.txt"), split(DEMO / "target.en.txt")
    links = make_aligner(encoder).align(src, tgt)
    kinds = {}
    for link in links:
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
        if link.kind != "1-1":
            print(f"  {link.kind}: {[src[i].text[:40] for i in link.source]} -> {[tgt[j].text[:40] for j in link.target]}")
    heading = next(k for k, s in enumerate(src) if s.text.startswith("Riconoscimento facciale, il passo") and k > 1)
    linked = [[tgt[j].text for j in link.target] for link in links if heading in link.source]
    diagonal = all(link.source == link.target for link in links)
    print(f"demo ({encoder}): {len(src)}/{len(tgt)} sentences, links {kinds}, every link i->i: {diagonal}; "
          f"source heading {heading + 1} -> {linked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--f1", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--similarity", action="store_true")
    parser.add_argument("--throughput", action="store_true")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--scaling", type=str, default=None, help="comma-separated source sizes")
    parser.add_argument("--scaling-one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--encoders", type=str, default="use,e5")
    args = parser.parse_args()
    encoders = args.encoders.split(",")
    if args.scaling_one:
        print(json.dumps(scaling_one(args.scaling_one, encoders[0])))
        return
    everything = not (
        args.f1 or args.sweep or args.calibrate or args.similarity or args.throughput or args.scaling or args.demo
    )
    print(f"machine: {os.cpu_count()} CPUs, shared with other jobs while measured")
    if args.f1 or everything:
        f1_table([*encoders, "gale-church"])
        print("with window vectors summed from sentence vectors (the path for documents over EMBED_WINDOWS_UP_TO = 500 sentences):")
        f1_table(encoders, embed_windows_up_to=0)
    if args.demo or everything:
        for name in encoders:
            demo_check(name)
    if args.sweep:
        sweep(encoders)
    if args.calibrate or everything:
        calibrate(encoders)
    if args.similarity or everything:
        similarity(encoders)
    if args.throughput or everything:
        throughput(encoders)
    if args.scaling or everything:
        scaling([int(x) for x in (args.scaling or "1000,10000,50000").split(",")], encoders[0])


if __name__ == "__main__":
    main()
