"""Repeated words and phrases inside one target sentence that the source does not repeat.

Typical MT stutter: "On Tuesday, ... announced on Tuesday that ...", or "the the". A phrase that
the source also repeats ("riconoscimento facciale ... riconoscimento facciale") is not flagged:
we compare how many distinct content n-grams repeat on each side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from mtqa.checks._base import fold
from mtqa.checks.words import Token, function_words, tokens
from mtqa.config import Config
from mtqa.types import Category, Pair, PairScore, Severity, Signal

MAX_N = 4


class RepetitionScorer:
    name = "repetition"
    version = "1"
    requires = ()  # no evidence from other scorers (mtqa.evidence)
    provides = ()

    def __init__(self, config: Config) -> None:
        self.source_lang = config.source_lang
        self.target_lang = config.target_lang

    def signature(self) -> Mapping[str, str]:
        return {"scorer": self.name, "max_n": str(MAX_N), "min_n": "2 (1 when adjacent)"}

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
        tgt_repeats = _repeated_phrases(tgt, function_words(self.target_lang))
        src_repeats = _repeated_phrases(src, function_words(self.source_lang))
        if len(tgt_repeats) > len(src_repeats):
            # Report the longest repeated phrases the source cannot account for.
            for phrase, occurrences in tgt_repeats[len(src_repeats) :]:
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


def _repeated_phrases(
    words: list[Token], function_words: frozenset[str]
) -> list[tuple[tuple[str, ...], list[tuple[int, int]]]]:
    """Distinct repeated n-grams (2..MAX_N) holding a content word, longest first, not overlapping
    a longer repeated phrase; each with the spans of its occurrences."""
    found: list[tuple[tuple[str, ...], list[tuple[int, int]]]] = []
    covered: set[int] = set()
    for n in range(MAX_N, 1, -1):
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(words) - n + 1):
            gram = tuple(w.lower for w in words[i : i + n])
            if all(fold(g) in function_words or g.isdigit() for g in gram):
                continue
            where[gram].append(i)
        for gram, starts in where.items():
            non_overlapping = [s for k, s in enumerate(starts) if k == 0 or s >= starts[k - 1] + n]
            if len(non_overlapping) < 2 or any(s in covered for s in non_overlapping):
                continue
            for s in non_overlapping:
                covered.update(range(s, s + n))
            found.append((gram, [(words[s].start, words[s + n - 1].end) for s in non_overlapping]))
    return found
