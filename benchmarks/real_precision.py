"""False alarms on real, correct translations: how often mtqa flags pairs that humans translated well.

    PYTHONPATH=. python benchmarks/real_precision.py --split dev|test [--n 5000] [--scorer default|fast ...]
        [--cache PATH | --no-cache] [--no-check] [--out-name NAME]

Every pair in shared/corpora/real is a correct translation as far as a gate is concerned (see
benchmarks/realdata.py and each corpus's SOURCE.md), so every issue mtqa reports on it is a false
alarm. The benchmark runs, in-process and with the models loaded once:

* `mtqa score` (mtqa.pipeline's scorers and flag policy, pair-file mode) over a fixed draw of real
  pairs from one split: all of ntrex-news and wmt24pp-en-it, and seeded samples of europarl and
  tatoeba filling the rest of `--n` pairs (default 5000), each pair in BOTH directions
  (it->en: source=it, target=en; en->it: source=en, target=it), so 10,000 scored pairs by default;
* `mtqa check` (sentence segmentation, alignment, document scorers) on ntrex-news as documents,
  one document per `doc` block of consecutive lines (the corpus is in article order), both directions.

It reports the share of pairs (segments, for check) flagged major-or-worse, flagged at all (minor or
worse: what can fail a gate) and with review notes only:
overall, per direction, per corpus, per domain and per issue code, with up to 20 examples per code,
to benchmarks/results/real_precision-<split>.json and a readable .txt beside it.

The offline QE model is the slow part. Its result for a pair depends only on the pair, the
language direction, the model (its signature) and how many minor / major rule-check findings the
pair has (mtqa.models.offline.fused.rule_counts), so it is cached on disk under exactly that key (SQLite,
safe to share between runs): a rerun after a rule-check change recomputes only the pairs whose
rule findings changed. `--no-cache` recomputes everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.realdata import CORPORA, RealPair, load, sample  # noqa: E402
from mtqa import __version__  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.pipeline import _alignment_signals, _segment_result, align_documents  # noqa: E402
from mtqa.scoring import Scorer, build_scorers  # noqa: E402
from mtqa.types import Pair, PairScore, SegmentResult, Severity  # noqa: E402

DIRECTIONS = ("it-en", "en-it")
# Pairs per split (each scored in both directions): all of the two small corpora, and the two large
# ones sampled to fill the rest, half each.
DEFAULT_N = 5000
FULL = ("ntrex-news", "wmt24pp-en-it")
SAMPLED = ("europarl", "tatoeba")
EXAMPLES = 20
SEED = 13
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mtqa" / "real_precision-offline-qe.sqlite"
QE_NAME = "offline-qe"


def draw(split: str, n: int) -> list[RealPair]:
    """The benchmark's pairs for one split: every pair of FULL, seeded samples of SAMPLED up to n in all.
    With n below the full corpora's size, every corpus is sampled in proportion instead."""
    full = {c: load(c, split=split) for c in FULL}
    big = {c: load(c, split=split) for c in SAMPLED}
    n_full = sum(len(v) for v in full.values())
    if n >= n_full:
        rest = n - n_full
        picked = [*(p for c in FULL for p in full[c])]
        for i, c in enumerate(SAMPLED):
            share = rest // len(SAMPLED) + (1 if i < rest % len(SAMPLED) else 0)
            picked.extend(sample(big[c], share, seed=SEED))
        return picked
    everything = {**full, **big}
    # proportional to a full-size draw: the small corpora keep their weight against the big ones
    weights = {c: len(full[c]) for c in FULL} | {c: (DEFAULT_N - n_full) / len(SAMPLED) for c in SAMPLED}
    wsum = sum(weights.values())
    return [p for c in everything for p in sample(everything[c], max(1, round(n * weights[c] / wsum)), seed=SEED)]


def oriented(p: RealPair, direction: str) -> tuple[str, str]:
    return (p.it, p.en) if direction == "it-en" else (p.en, p.it)


def config_for(direction: str, scorers: Sequence[str]) -> Config:
    src, tgt = direction.split("-")
    return Config(source_lang=src, target_lang=tgt, scorers=tuple(scorers))


class QECache:
    """offline-qe PairScores keyed by (model signature, direction, source, target, rule counts)."""

    def __init__(self, path: Path | None) -> None:
        self.db: sqlite3.Connection | None = None
        self.hits = self.misses = 0
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS qe (key TEXT PRIMARY KEY, value TEXT)")

    @staticmethod
    def key(signature: Mapping[str, str], direction: str, pair: Pair, counts: Sequence[float]) -> str:
        raw = json.dumps([sorted(signature.items()), direction, pair.source, pair.target, [int(c) for c in counts]])
        return hashlib.sha1(raw.encode()).hexdigest()

    def get(self, keys: Sequence[str]) -> dict[str, PairScore]:
        if self.db is None:
            return {}
        out: dict[str, PairScore] = {}
        for k0 in range(0, len(keys), 500):
            chunk = list(keys[k0 : k0 + 500])
            rows = self.db.execute(f"SELECT key, value FROM qe WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for k, v in rows:
                out[k] = _pairscore_from(json.loads(v))
        return out

    def put(self, items: Mapping[str, PairScore]) -> None:
        if self.db is None or not items:
            return
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO qe VALUES (?, ?)", [(k, json.dumps(_pairscore_to(v))) for k, v in items.items()]
            )


def _pairscore_to(ps: PairScore) -> dict[str, Any]:
    return {
        "score": ps.score,
        "raw": ps.raw,
        "details": {k: v for k, v in ps.details.items() if k != "alignment"},
        "signals": [
            {
                "code": s.code, "category": s.category, "message": s.message, "scorer": s.scorer,
                "target_span": list(s.target_span) if s.target_span else None, "value": s.value,
                "severity_hint": s.severity_hint.value if s.severity_hint else None,
            }
            for s in ps.signals
        ],
    }


def _pairscore_from(d: Mapping[str, Any]) -> PairScore:
    from mtqa.types import Signal

    signals = tuple(
        Signal(
            s["code"], s["category"], s["message"], s["scorer"],
            target_span=(s["target_span"][0], s["target_span"][1]) if s["target_span"] else None, value=s["value"],
            severity_hint=Severity(s["severity_hint"]) if s["severity_hint"] else None,
        )
        for s in d["signals"]
    )
    return PairScore(score=d["score"], signals=signals, raw=d["raw"], details=d["details"])


@cache
def fitted_rule_scorers() -> tuple[str, ...]:
    """The rule checks whose finding counts the offline QE fusion was fitted on (read once, checksum verified)."""
    from mtqa.models.offline.fused import FEATURES
    from mtqa.models.offline.qe_scorer import FUSION_FILE, Fusion, adapter_folder

    return Fusion.load(adapter_folder() / FUSION_FILE, FEATURES).rule_scorers


def run_cached(scorers: Sequence[Scorer], pairs: Sequence[Pair], config: Config, direction: str, cache: QECache) -> list[dict[str, PairScore]]:
    """mtqa.pipeline.run_scorers, with offline-qe's results looked up in the cache first.

    The cache keeps offline-qe's signals and score, not its typed evidence (word alignments), so a
    run where a later scorer reads that evidence (`terms` in check mode) bypasses the cache."""
    from mtqa.evidence import EvidenceSet, Findings, WordAlignment
    from mtqa.pipeline import run_scorers

    qe = next((s for s in scorers if s.name == QE_NAME), None)
    if qe is None:
        return run_scorers(scorers, pairs)
    before = list(scorers[: scorers.index(qe)])
    after = list(scorers[scorers.index(qe) + 1 :])
    if any(WordAlignment in s.requires for s in after):
        return run_scorers(scorers, pairs)
    out = run_scorers(before, pairs)
    found = [Findings({name: r.signals for name, r in row.items()}) for row in out]
    from mtqa.models.offline.fused import rule_counts

    counts = rule_counts(pairs, config, fitted_rule_scorers(), found)
    signature = dict(qe.signature())
    keys = [cache.key(signature, direction, p, counts[k]) for k, p in enumerate(pairs)]
    hit = cache.get(keys)
    missing = [k for k, key in enumerate(keys) if key not in hit]
    cache.hits += len(pairs) - len(missing)
    cache.misses += len(missing)
    computed: dict[str, PairScore] = {}
    if missing:
        sub = [pairs[k] for k in missing]
        given = EvidenceSet({Findings: ("pipeline", [found[k] for k in missing])})
        results = qe.score(sub, given)  # type: ignore[call-arg]
        for k, res in zip(missing, results, strict=True):
            computed[keys[k]] = res
        cache.put(computed)
    for k in range(len(pairs)):
        out[k][QE_NAME] = computed.get(keys[k]) or hit[keys[k]]
    for scorer in after:  # none of them reads WordAlignment (checked above): Findings at most
        if scorer.requires:
            rows = [Findings({name: r.signals for name, r in row.items()}) for row in out]
            results = scorer.score(pairs, EvidenceSet({Findings: ("pipeline", rows)}))  # type: ignore[call-arg]
        else:
            results = scorer.score(pairs)
        for k, r in enumerate(results):
            out[k][scorer.name] = r
    return out


class Tally:
    """Flag shares over one mode's segments, by group, and examples per code."""

    def __init__(self) -> None:
        self.n: Counter[str] = Counter()
        self.major: Counter[str] = Counter()
        self.any: Counter[str] = Counter()
        self.noted: Counter[str] = Counter()
        self.code_any: Counter[str] = Counter()
        self.code_note: Counter[str] = Counter()
        self.code_major: Counter[str] = Counter()
        self.code_by_group: dict[str, Counter[str]] = defaultdict(Counter)
        self.examples: dict[str, list[dict[str, str]]] = defaultdict(list)

    def add(self, seg: SegmentResult, groups: Sequence[str], origin: str) -> None:
        sev = seg.severity
        for g in ("all", *groups):
            self.n[g] += 1
            # "flagged" is minor or worse; a segment with review notes only is counted apart.
            self.any[g] += seg.flagged
            self.noted[g] += bool(seg.issues) and not seg.flagged
            self.major[g] += sev >= Severity.MAJOR
        codes_any = {i.code for i in seg.issues if i.severity.flags}
        for code in {i.code for i in seg.issues if i.severity is Severity.NOTE} - codes_any:
            self.code_note[code] += 1
        codes_major = {i.code for i in seg.issues if i.severity >= Severity.MAJOR}
        for code in codes_any:
            self.code_any[code] += 1
            for g in groups:
                self.code_by_group[code][g] += 1
        for code in codes_major:
            self.code_major[code] += 1
        for issue in seg.issues:
            ex = self.examples[issue.code]
            if len(ex) < EXAMPLES and not any(e["origin"] == origin for e in ex):
                ex.append({"origin": origin, "severity": issue.severity.value, "source": seg.source,
                           "target": seg.target, "message": issue.message})

    def to_dict(self) -> dict[str, Any]:
        total = self.n["all"] or 1
        return {
            "groups": {
                g: {"segments": self.n[g], "major_or_worse": self.major[g], "flagged": self.any[g],
                    "major_share": round(self.major[g] / self.n[g], 4), "flagged_share": round(self.any[g] / self.n[g], 4),
                    "notes_only": self.noted[g], "notes_only_share": round(self.noted[g] / self.n[g], 4)}
                for g in self.n
            },
            "codes": {
                code: {"flagged": self.code_any[code], "major_or_worse": self.code_major[code],
                       "notes": self.code_note[code], "notes_share": round(self.code_note[code] / total, 4),
                       "flagged_share": round(self.code_any[code] / total, 4),
                       "major_share": round(self.code_major[code] / total, 4),
                       "by_group": dict(sorted(self.code_by_group[code].items()))}
                for code in sorted(set(self.code_any) | set(self.code_note), key=lambda c: (-self.code_any[c], -self.code_note[c]))
            },
            "examples": {c: self.examples[c] for c in sorted(self.examples)},
        }


def run_score(pairs: Sequence[RealPair], scorer_names: Sequence[str], cache: QECache, tally: Tally, batch: int = 256) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for direction in DIRECTIONS:
        config = config_for(direction, scorer_names)
        scorers = build_scorers(config, document=False)
        t0 = time.perf_counter()
        for b0 in range(0, len(pairs), batch):
            chunk = pairs[b0 : b0 + batch]
            ps = [Pair(*oriented(p, direction), index=k) for k, p in enumerate(chunk)]
            for rp, pair, scores in zip(chunk, ps, run_cached(scorers, ps, config, direction, cache), strict=True):
                seg = _segment_result(pair, scores, config, raw_qe=True)
                tally.add(seg, (f"direction:{direction}", f"corpus:{rp.corpus}", f"domain:{rp.domain}"),
                          f"{rp.corpus}:{rp.line}:{direction}")
            print(f"  score {direction}: {min(b0 + batch, len(pairs))}/{len(pairs)}", file=sys.stderr, flush=True)
        seconds[direction] = time.perf_counter() - t0
    return seconds


def run_check(split: str, scorer_names: Sequence[str], cache: QECache, tally: Tally) -> dict[str, float]:
    news = load("ntrex-news", split=split)
    docs: dict[str, list[RealPair]] = defaultdict(list)
    for p in news:
        docs[p.doc].append(p)
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for direction in DIRECTIONS:
            config = config_for(direction, scorer_names)
            scorers = build_scorers(config)
            t0 = time.perf_counter()
            for doc, lines in docs.items():
                src_path, tgt_path = Path(tmp) / "source.txt", Path(tmp) / "target.txt"
                src_path.write_text("".join(oriented(p, direction)[0] + "\n" for p in lines), encoding="utf-8")
                tgt_path.write_text("".join(oriented(p, direction)[1] + "\n" for p in lines), encoding="utf-8")
                aligned = align_documents(src_path, tgt_path, config)
                s, t = aligned.source.segments, aligned.target.segments
                ps = [Pair(" ".join(s[i].text for i in link.source), " ".join(t[j].text for j in link.target), index=k)
                      for k, link in enumerate(aligned.links)]
                for link, pair, scores in zip(aligned.links, ps, run_cached(scorers, ps, config, direction, cache), strict=True):
                    seg = _segment_result(pair, scores, config, extra=_alignment_signals(link))
                    tally.add(seg, (f"direction:{direction}",), f"{doc}:seg{pair.index}:{direction}")
            seconds[direction] = time.perf_counter() - t0
            print(f"  check {direction}: {len(docs)} documents", file=sys.stderr, flush=True)
    return seconds


def render(result: Mapping[str, Any]) -> str:
    lines = [f"real_precision  split={result['split']}  scorers={','.join(result['scorers'])}  mtqa {result['mtqa']}",
             f"pairs per direction: {result['pairs']}  ({result['draw']})", ""]
    for mode in ("score", "check"):
        if mode not in result:
            continue
        m = result[mode]
        lines.append(f"== mtqa {mode}: share of correct real {'pairs' if mode == 'score' else 'segments'} flagged ==")
        lines.append(f"{'group':32s} {'n':>7s} {'major+':>8s} {'any':>8s} {'notes':>8s}  (any: minor or worse; notes: review notes only)")
        for g, v in m["groups"].items():
            lines.append(f"{g:32s} {v['segments']:7d} {100 * v['major_share']:7.2f}% {100 * v['flagged_share']:7.2f}% "
                         f"{100 * v.get('notes_only_share', 0):7.2f}%")
        lines.append("")
        lines.append(f"{'code':10s} {'flagged':>8s} {'share':>8s} {'major+':>8s} {'notes':>8s}  by group (flagged)")
        for code, v in m["codes"].items():
            groups = ", ".join(f"{g}={n}" for g, n in v["by_group"].items())
            lines.append(f"{code:10s} {v['flagged']:8d} {100 * v['flagged_share']:7.2f}% {v['major_or_worse']:8d} "
                         f"{100 * v.get('notes_share', 0):7.2f}%  {groups}")
        lines.append("")
        for code, exs in m["examples"].items():
            lines.append(f"-- {mode} {code} examples --")
            for e in exs:
                lines.append(f"[{e['origin']}] ({e['severity']}) {e['message']}")
                lines.append(f"    S: {e['source']}")
                lines.append(f"    T: {e['target']}")
            lines.append("")
    lines.append(f"seconds: {json.dumps(result['seconds'])}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--n", type=int, default=DEFAULT_N, help=f"pairs per direction (default {DEFAULT_N}: the full draw)")
    ap.add_argument("--scorer", action="append", dest="scorers", default=None,
                    help="scorer or set to run, as `mtqa --scorer` (repeatable; default: default; 'fast': rule checks, no offline-qe)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"offline-qe result cache (default {DEFAULT_CACHE})")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--no-check", action="store_true", help="skip the `mtqa check` run on the news documents")
    ap.add_argument("--out-name", default=None, help="results file stem (default real_precision-<split>; '-' prints only)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    scorer_names = tuple(args.scorers or ("default",))
    cache = QECache(None if args.no_cache else args.cache)
    pairs = draw(args.split, args.n)
    counts = Counter(p.corpus for p in pairs)
    result: dict[str, Any] = {
        "split": args.split, "scorers": list(scorer_names), "mtqa": __version__, "pairs": len(pairs),
        "draw": ", ".join(f"{c}={counts[c]}" for c in CORPORA if counts[c]), "seed": SEED,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    seconds: dict[str, Any] = {}
    t_score = Tally()
    seconds["score"] = run_score(pairs, scorer_names, cache, t_score)
    result["score"] = t_score.to_dict()
    if not args.no_check:
        t_check = Tally()
        seconds["check"] = run_check(args.split, scorer_names, cache, t_check)
        result["check"] = t_check.to_dict()
    seconds["qe_cache"] = {"hits": cache.hits, "misses": cache.misses}
    result["seconds"] = seconds
    text = render(result)
    print(text)
    if args.out_name != "-":
        stem = ROOT / "benchmarks" / "results" / (args.out_name or f"real_precision-{args.split}")
        stem.with_suffix(".json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        stem.with_suffix(".txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
