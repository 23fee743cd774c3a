"""The aligner protocol and the invariant every aligner keeps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mtqa.io.documents import Document
from mtqa.types import Link, Segment


@runtime_checkable
class Aligner(Protocol):
    """Contract: `align(source, target)` returns links in document order that use every source and
    every target index exactly once (`links_cover`); a source sentence with no translation is a
    1-0 link, an added target sentence a 0-1 link. Indices are positions in the given sequences.
    """

    name: str
    # Warnings about the last `align` call (empty side, lengths far apart, many unlinked sentences).
    warnings: list[str]

    def signature(self) -> Mapping[str, str]: ...

    def align(self, source: Sequence[Segment], target: Sequence[Segment]) -> list[Link]: ...


@dataclass(frozen=True)
class Aligned:
    """Two documents and the links between their sentences, with the aligner's signature."""

    source: Document
    target: Document
    links: tuple[Link, ...]
    aligner: Mapping[str, str]
    warnings: tuple[str, ...]


def links_cover(links: Sequence[Link], n_source: int, n_target: int) -> bool:
    """True when links are monotone and cover 0..n_source-1 and 0..n_target-1 exactly once each."""
    src = [i for link in links for i in link.source]
    tgt = [j for link in links for j in link.target]
    return src == list(range(n_source)) and tgt == list(range(n_target))
