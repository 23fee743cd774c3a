"""Repeated words and phrases inside one target sentence that the source does not repeat.

Typical MT stutter: "On Tuesday, ... announced on Tuesday that ...", "happen early happen early",
or "the the". A phrase that the source also repeats ("riconoscimento facciale ... riconoscimento
facciale") is not flagged: we compare how many distinct content n-grams repeat on each side.

Writers repeat phrases on purpose, and real text is full of it: "the vestry ... the vestry", "in
the fourballs ... in the foursomes", "limited in time, limited in scope", "2.7 per cent ... 4.8 per
cent", "long ball after long ball". Only a stutter counts: the two occurrences at most NEAR words apart, the second not opening
a new clause or list item (after , ; : or a dash), and the phrase holding a content word, not only
words as frequent as "year", "said", "get" or "the" (wordfreq Zipf >= FREQUENT). On real correct
news and web translations (benchmarks/real_precision.py, dev split) the unrestricted rule flagged
about one pair in twenty-five; with these limits one in two hundred.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import re

from mtqa.checks import lexicon
from mtqa.checks._base import fold
from mtqa.checks.words import Token, function_words, tokens
from mtqa.config import Config
from mtqa.types import Category, Pair, PairScore, Severity, Signal

MAX_N = 4
NEAR = 6  # words between two occurrences of a stutter ("On Tuesday, Jeff Bezos’ e-commerce giant announced on Tuesday")
FREQUENT = 5.5  # Zipf frequency from which a word says too little to make a repeat a stutter
_CLAUSE_BREAK = re.compile(r"[,;:—–-]\s*$|\s[-–—]\s*$")
# "long ball after long ball", "step by step", "giorno dopo giorno": a repetition that means "many"
_ITERATIVE = re.compile(r"^\s*(?:after|by|upon|to|dopo|per)\s*$", re.I)


class RepetitionScorer:
    name = "repetition"
    version = "1"
    requires = ()  # no evidence from other scorers (mtqa.evidence)
    provides = ()

    def __init__(self, config: Config) -> None:
        self.source_lang = config.source_lang
        self.target_lang = config.target_lang

    def signature(self) -> Mapping[str, str]:
        return {"scorer": self.name, "version": "2", "max_n": str(MAX_N), "min_n": "2 (1 when adjacent)",
                "near": str(NEAR), "frequent_zipf": str(FREQUENT)}

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        return [self._score_one(pair) for pair in pairs]

    def _score_one(self, pair: Pair) -> PairScore:
        tgt = tokens(pair.target)
        if len(tgt) < 2:
            return PairScore()
        src = tokens(pair.source)
        signals: list[Signal] = []
        # The source's own doubled words ("molto molto") license as many in the target.
        licensed = len(_adjacent_duplicates(src, pair.source))
        for first, second in _adjacent_duplicates(tgt, pair.target)[licensed:]:
            signals.append(
                Signal(
                    code="REP001",
                    category=Category.REPETITION,
                    message=f"word {first.text!r} is doubled; delete one",
                    scorer=self.name,
                    target_span=(first.start, second.end),
                    severity_hint=Severity.MINOR,
                )
            )
        tgt_repeats = _repeated_phrases(tgt, pair.target, self.target_lang)
        # A source that repeats content words itself ("la sacrestia ... la sacrestia", or the same
        # noun with other articles) licenses as many repeated phrases in the target.
        src_repeats = _repeated_words(src, self.source_lang)
        if len(tgt_repeats) > src_repeats:
            # Report the longest repeated phrases the source cannot account for.
            for phrase, occurrences in tgt_repeats[src_repeats:]:
                last = occurrences[-1]
                signals.append(
                    Signal(
                        code="REP002",
                        category=Category.REPETITION,
                        message=f"phrase {pair.target[last[0] : last[1]]!r} occurs {len(occurrences)} times in the target "
                        "but is not repeated in the source; check for a duplicated phrase",
                        scorer=self.name,
                        target_span=(last[0], last[1]),
                        source_span=None,
                        value=float(len(phrase)),
                        severity_hint=Severity.MINOR,
                    )
                )
        return PairScore(signals=tuple(signals))


def _adjacent_duplicates(words: list[Token], text: str) -> list[tuple[Token, Token]]:
    """Doubled words separated by white space only: "the the", not the emphatic "very, very"."""
    return [
        (a, b)
        for a, b in zip(words, words[1:])
        if a.lower == b.lower and a.text[:1].isalpha() and not text[a.end : b.start].strip()
    ]


def _says_little(word: str, lang: str) -> bool:
    return word.isdigit() or fold(word) in function_words(lang) or lexicon.zipf(word, lang) >= FREQUENT


def _repeated_words(words: list[Token], lang: str) -> int:
    """How many distinct content words occur more than once."""
    seen: dict[str, int] = defaultdict(int)
    for w in words:
        if not _says_little(w.lower, lang):
            seen[fold(w.lower)] += 1
    return sum(1 for n in seen.values() if n > 1)


def _stutter(words: list[Token], text: str, starts: list[int], n: int) -> bool:
    """Two consecutive occurrences close together, the second not opening a clause or list item."""
    for a, b in zip(starts, starts[1:]):
        between = text[words[a + n - 1].end : words[b].start]
        if b - (a + n) <= NEAR and not _CLAUSE_BREAK.search(between) and not _ITERATIVE.match(between):
            return True
    return False


def _repeated_phrases(words: list[Token], text: str, lang: str) -> list[tuple[tuple[str, ...], list[tuple[int, int]]]]:
    """Distinct stuttered n-grams (2..MAX_N) holding a content word, longest first, not overlapping
    a longer repeated phrase; each with the spans of its occurrences."""
    found: list[tuple[tuple[str, ...], list[tuple[int, int]]]] = []
    covered: set[int] = set()
    for n in range(MAX_N, 1, -1):
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(words) - n + 1):
            gram = tuple(w.lower for w in words[i : i + n])
            if all(_says_little(g, lang) for g in gram):
                continue
            where[gram].append(i)
        for gram, starts in where.items():
            non_overlapping = [s for k, s in enumerate(starts) if k == 0 or s >= starts[k - 1] + n]
            if len(non_overlapping) < 2 or any(s in covered for s in non_overlapping):
                continue
            if not _stutter(words, text, non_overlapping, n):
                continue
            for s in non_overlapping:
                covered.update(range(s, s + n))
            found.append((gram, [(words[s].start, words[s + n - 1].end) for s in non_overlapping]))
    return found
