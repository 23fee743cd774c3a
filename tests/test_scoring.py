"""The scorer registry and the evidence contract: declared requirements order the run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from mtqa.errors import UsageError
from mtqa.evidence import Evidence, SuspectSpans, WordAlignment
from mtqa.pipeline import run_scorers
from mtqa.scoring import REGISTRY, in_dependency_order, load_factory, providers_of
from mtqa.types import Pair, PairScore


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_scorer_declares_the_evidence_it_reads_and_publishes(name: str) -> None:
    factory = load_factory(name)
    for attr in ("requires", "provides"):
        kinds = getattr(factory, attr)
        assert isinstance(kinds, tuple) and all(isinstance(k, type) and issubclass(k, Evidence) for k in kinds), (name, attr)


def test_the_providers_of_word_alignments_are_found_from_the_scorers_themselves() -> None:
    assert providers_of(WordAlignment) == ["offline-qe", "wordalign"]
    assert providers_of(SuspectSpans) == ["offline-qe"]


@dataclass(frozen=True)
class Note(Evidence):
    text: str


class Fake:
    def __init__(self, name: str, requires: tuple[type[Evidence], ...] = (), provides: tuple[type[Evidence], ...] = ()) -> None:
        self.name, self.requires, self.provides = name, requires, provides
        self.seen: list[Evidence | None] = []

    def signature(self) -> dict[str, str]:
        return {"name": self.name, "version": "1"}

    def score(self, pairs: Sequence[Pair], evidence: object = None) -> list[PairScore]:
        if self.requires:
            assert evidence is not None
            self.seen = list(evidence.per_pair(Note, len(pairs)))  # type: ignore[attr-defined]
        return [PairScore(evidence=(Note(f"{self.name}:{p.target}"),) if Note in self.provides else ()) for p in pairs]


def test_a_reader_runs_after_its_provider_and_receives_its_typed_records() -> None:
    reader, writer, other = Fake("reader", requires=(Note,)), Fake("writer", provides=(Note,)), Fake("other")
    ordered = in_dependency_order([reader, other, writer])
    assert [s.name for s in ordered] == ["other", "writer", "reader"]
    run_scorers(ordered, [Pair("a", "b"), Pair("c", "")])
    assert reader.seen == [Note("writer:b"), Note("writer:")]


def test_a_missing_provider_or_a_cycle_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="needs Note evidence, which no scorer of this run provides"):
        in_dependency_order([Fake("reader", requires=(Note,))])
    a = Fake("a", requires=(SuspectSpans,), provides=(Note,))
    b = Fake("b", requires=(Note,), provides=(SuspectSpans,))
    with pytest.raises(UsageError, match="require each other's evidence in a cycle"):
        in_dependency_order([a, b])


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_scorer_has_a_version_and_one_signature_form(name: str) -> None:
    from mtqa.config import Config
    from mtqa.scoring import signature_of

    factory = load_factory(name)
    assert isinstance(getattr(factory, "version", None), str) and factory.version, name  # type: ignore[attr-defined]
    if name == "qe":
        return  # needs --model; its signature is tested in tests/qe
    sig = signature_of(factory(Config()))
    assert list(sig)[:2] == ["name", "version"] and sig["name"] == name and "scorer" not in sig
    assert all(isinstance(v, str) for v in sig.values())
