"""Write generated translation errors (and correct variants) over real Italian->English pairs as JSONL.

    python -m mtqa.training.generate --split dev --n 1000 --seed 0 -o out.jsonl

Every sampled pair is offered to every generator once; each row is one accepted corruption:
{source, target, original_target, type, subtype, severity, target_tags, omission_at, corpus, line}.
`target_tags` are character spans in `target` ([start, end, text]; see `mtqa.training.edits` for what
an omission marks). A row depends only on the seed and its pair (each pair and generator get their own
random stream), so the same seed gives byte-identical output. Counts per type, and the share the
grammar gate (`mtqa.training.grammar`) rejected, go to stderr.

Only the development split is read: the test split measures the model trained on this output.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.training import corruptions, substitutions, variants
from mtqa.training.corruptions import Context
from mtqa.training.edits import Corruption
from mtqa.training.grammar import rejection
from mtqa.training.wordnet import WordNet, WordNetMissing

GENERATORS: dict[str, Callable[[Context], Corruption | None]] = {
    "omission": corruptions.omission,
    "addition": corruptions.addition,
    "antonym": corruptions.antonym,
    "negation": corruptions.negation,
    "tense": corruptions.tense,
    "question": corruptions.question,
    "sense": substitutions.sense,
    "entity": substitutions.entity,
    "swap": substitutions.swap,
    "untranslated": substitutions.untranslated,
    "repetition": substitutions.repetition,
    "correct-synonym": variants.synonym,
    "correct-contraction": variants.contraction,
    "correct-adverbial": variants.adverbial,
    "correct-number-format": variants.number_format,
}
MAX_WORDS = 80  # longer lines are several sentences run together; a model sees them cut anyway


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    corpus: str
    line: int


@dataclass
class Stats:
    applicable: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)


def generate(pairs: Sequence[Pair], *, seed: int, wn: WordNet, stats: Stats | None = None,
             types: Sequence[str] = tuple(GENERATORS)) -> Iterator[dict[str, object]]:
    stats = stats if stats is not None else Stats()
    for n, pair in enumerate(pairs):
        if not 3 <= len(pair.target.split()) <= MAX_WORDS:
            continue
        for name in types:
            rng = random.Random(f"{seed}|{pair.corpus}|{pair.line}|{name}")
            donors = [pairs[(n + 1 + rng.randrange(len(pairs) - 1)) % len(pairs)].target for _ in range(3)] if len(pairs) > 1 else []
            ctx = Context.make(pair.source, pair.target, rng, wn, donors)
            c = GENERATORS[name](ctx)
            if c is None:
                continue
            stats.applicable[name] += 1
            why = rejection(pair.target, c)
            if why:
                stats.rejected[name] += 1
                stats.reasons[(name, why)] += 1
                continue
            stats.written[name] += 1
            yield row(pair, c)


def row(pair: Pair, c: Corruption) -> dict[str, object]:
    return {
        "source": pair.source, "target": c.target, "original_target": pair.target,
        "type": c.type, "subtype": c.subtype, "severity": c.severity,
        "target_tags": [[s, e, c.target[s:e]] for s, e in c.spans], "omission_at": c.omission_at,
        "corpus": pair.corpus, "line": pair.line,
    }


def report(stats: Stats, n_pairs: int) -> str:
    lines = [f"{'type':24s} {'applicable':>10s} {'rejected':>9s} {'share':>6s} {'written':>8s}  top rejection reasons"]
    for name in GENERATORS:
        a, r = stats.applicable[name], stats.rejected[name]
        why = ", ".join(f"{k[1]} {v}" for k, v in stats.reasons.most_common() if k[0] == name)
        lines.append(f"{name:24s} {a:10d} {r:9d} {r / a if a else 0:6.1%} {stats.written[name]:8d}  {why}")
    a, r = sum(stats.applicable.values()), sum(stats.rejected.values())
    lines.append(f"{'all':24s} {a:10d} {r:9d} {r / a if a else 0:6.1%} {sum(stats.written.values()):8d}  ({n_pairs} pairs sampled)")
    return "\n".join(lines)


class CorporaUnavailable(RuntimeError):
    pass


def load_dev_pairs(n: int, seed: int) -> list[Pair]:
    try:
        from benchmarks.realdata import load, sample
    except ImportError as e:  # benchmarks/ is part of the checkout, not of the installed package
        raise CorporaUnavailable(
            f"cannot import benchmarks.realdata ({e}); run the command from the repository root"
        ) from e

    return [Pair(p.it, p.en, p.corpus, p.line) for p in sample(load(split="dev"), n, seed=seed)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mtqa.training.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev",), default="dev", help="only the development split may be corrupted")
    ap.add_argument("--n", type=int, required=True, help="pairs to sample from the split")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write (must not exist)")
    ap.add_argument("--type", action="append", choices=list(GENERATORS), help="only these generators (repeatable)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    if args.output.exists():
        print(f"error: {args.output} exists; choose another -o or remove it first", file=sys.stderr)
        return 3
    try:
        wn = WordNet()
        pairs = load_dev_pairs(args.n, args.seed)
    except (WordNetMissing, RuntimeError) as e:  # RealCorporaMissing is a RuntimeError
        print(f"error: {e}", file=sys.stderr)
        return 4
    stats = Stats()
    tmp = args.output.with_name(args.output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            for r in generate(pairs, seed=args.seed, wn=wn, stats=stats, types=args.type or tuple(GENERATORS)):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        tmp.rename(args.output)
    finally:
        tmp.unlink(missing_ok=True)
    print(report(stats, len(pairs)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
