"""Typed evidence that one scorer publishes and another reads.

A scorer that computes something others build on (a word alignment, the target spans a model
suspects) puts a frozen record in `PairScore.evidence`; a scorer that needs it names the record's
type in its `requires`, and the pipeline runs it after every scorer of the run that `provides` that
type and hands it an `EvidenceSet`. Nothing reads another scorer's `details` dict: `details` is for
the reports only. This module imports nothing heavy (no numpy, no torch), so rule checks can read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mtqa.types import Signal, Span


class Evidence:
    """Base of the evidence records (each a frozen dataclass)."""


@dataclass(frozen=True)
class WordSpan:
    """A word of a sentence as a word aligner sees it: its text, character span and whether it carries content."""

    text: str
    span: Span
    content: bool


@dataclass(frozen=True)
class WordAlignment(Evidence):
    """Word-level alignment of one pair: the words of each side and weighted links between them."""

    source_words: tuple[WordSpan, ...]
    target_words: tuple[WordSpan, ...]
    links: tuple[tuple[int, int, float], ...]  # (source word, target word, cosine of best subwords)
    source_best: tuple[float, ...]  # per source word: best cosine to any target word
    target_best: tuple[float, ...]

    def aligned_source(self) -> set[int]:
        return {i for i, _, _ in self.links}

    def aligned_target(self) -> set[int]:
        return {j for _, j, _ in self.links}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form the reports carry in `details["alignment"]`."""
        return {
            "source_words": [[w.text, *w.span] for w in self.source_words],
            "target_words": [[w.text, *w.span] for w in self.target_words],
            "links": [[i, j, round(s, 4)] for i, j, s in self.links],
            "unaligned_source": [i for i, w in enumerate(self.source_words) if w.content and i not in self.aligned_source()],
            "unaligned_target": [j for j, w in enumerate(self.target_words) if w.content and j not in self.aligned_target()],
        }


@dataclass(frozen=True)
class SuspectSpans(Evidence):
    """Target spans a QE model tags as likely errors, each with the model's probability."""

    spans: tuple[tuple[Span, float], ...] = ()


@dataclass(frozen=True)
class Findings(Evidence):
    """The raw signals (before any severity policy) that the scorers run earlier found in one pair,
    by scorer name. The pipeline itself provides it to a scorer that requires it: no scorer has to."""

    signals: Mapping[str, tuple[Signal, ...]] = field(default_factory=dict)


# Evidence the pipeline provides itself rather than a scorer.
FROM_PIPELINE: tuple[type[Evidence], ...] = (Findings,)

E = TypeVar("E", bound=Evidence)


@dataclass(frozen=True)
class EvidenceSet:
    """What a scorer receives for the types in its `requires`: per type, the name of the scorer that
    provided it and one record (or None) per pair, in input order. Only the first provider of a type
    in the run's order is kept, so a reader always sees one coherent source."""

    records: Mapping[type[Evidence], tuple[str, Sequence[Evidence | None]]] = field(default_factory=dict)

    def provider(self, kind: type[Evidence]) -> str | None:
        found = self.records.get(kind)
        return found[0] if found else None

    def per_pair(self, kind: type[E], n: int) -> list[E | None]:
        """One record of type `kind` per pair (None where the provider had none, or no provider ran)."""
        found = self.records.get(kind)
        if found is None:
            return [None] * n
        return [r if isinstance(r, kind) else None for r in found[1]]


def first_of(kind: type[E], records: Sequence[Evidence]) -> E | None:
    """The first record of type `kind` among a PairScore's evidence."""
    return next((r for r in records if isinstance(r, kind)), None)
