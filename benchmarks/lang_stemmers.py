"""How the term check's hand stemmers and simplemma's lemmas group the words of real text.

For every folded word type (3+ letters) of the real dev split, in Italian and in English, the
pairs of types each method puts in one group (`Language.group_forms` against
`simplemma.lemmatize`), how many both join, and a sample of those only one joins. There is no
labelled term data here: it shows how differently the two behave, not which is right.

    PYTHONPATH=. python benchmarks/lang_stemmers.py [--split dev]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import simplemma  # noqa: E402

from benchmarks.realdata import load  # noqa: E402
from mtqa import lang as languages  # noqa: E402
from mtqa.lang.words import fold  # noqa: E402

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def joined(groups: dict[str, str]) -> set[frozenset[str]]:
    """Unordered pairs of forms that share a group."""
    by_group: dict[str, set[str]] = defaultdict(set)
    for form, group in groups.items():
        by_group[group].add(form)
    return {frozenset(p) for members in by_group.values() for p in itertools.combinations(sorted(members), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    args = parser.parse_args()
    pairs = load(split=args.split)
    words: dict[str, set[str]] = {"it": set(), "en": set()}
    for p in pairs:
        for code, text in (("it", p.it), ("en", p.en)):
            words[code].update(w.lower() for w in _WORD.findall(text) if len(w) >= 3)
    rng = random.Random(0)
    for code in ("it", "en"):
        forms = sorted({fold(w) for w in words[code]})
        hand = joined(languages.get(code).group_forms(forms))
        lemma = joined({f: simplemma.lemmatize(f, lang=code) for f in forms})
        print(f"{code}: {len(forms)} word types in {len(pairs)} {args.split} pairs; pairs of types joined: "
              f"hand {len(hand)}, simplemma {len(lemma)}, both {len(hand & lemma)}, "
              f"hand only {len(hand - lemma)}, simplemma only {len(lemma - hand)}")
        for name, only in (("hand only", hand - lemma), ("simplemma only", lemma - hand)):
            sample = rng.sample(sorted(only, key=sorted), min(10, len(only)))
            print(f"  {name}: " + ", ".join("/".join(sorted(p)) for p in sample))


if __name__ == "__main__":
    main()
