"""The scorer protocol and the registry of scorers.

A scorer turns a batch of pairs into one `PairScore` per pair, in input order. The batch is a whole
document (or pair file), so document-level checks such as consistency can look across pairs.
Registry entries are "module:factory" strings imported lazily, so `import mtqa` stays light
(sacrebleu's registry pattern).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Protocol, runtime_checkable

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError, UsageError
from mtqa.evidence import FROM_PIPELINE, Evidence, EvidenceSet
from mtqa.types import Pair, PairScore


@runtime_checkable
class Scorer(Protocol):
    """Contract: `score(pairs)` returns exactly `len(pairs)` PairScores, result i for pair i.

    Pairs with an empty side (omissions, additions) must be accepted and may yield no signals.
    `version` changes whenever the scorer's output for the same input may change; `signature()`
    gives every parameter or model that shaped its output (reports show `signature_of(scorer)`).
    `provides`: the evidence types (`mtqa.evidence`) it puts in `PairScore.evidence`.
    `requires`: the evidence types it reads; the pipeline runs it after the scorers that provide
    them and calls `score(pairs, evidence)` with an `EvidenceSet`. A scorer whose `requires` is
    empty is called `score(pairs)`. `Findings` (the raw signals of the scorers run before it) comes
    from the pipeline itself and does not reorder the run.
    """

    name: str
    version: str
    requires: tuple[type[Evidence], ...]
    provides: tuple[type[Evidence], ...]

    def signature(self) -> Mapping[str, str]: ...

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]: ...


def signature_of(scorer: Scorer) -> dict[str, str]:
    """The one signature form every report carries: `name` and `version` first, then the scorer's
    own parameters (a `name`/`scorer`/`version` key of its own is replaced by these)."""
    own = {k: v for k, v in scorer.signature().items() if k not in ("name", "scorer", "version")}
    return {"name": scorer.name, "version": scorer.version, **own}


class EvidenceReader(Scorer, Protocol):
    """A scorer with a non-empty `requires`: the pipeline passes it the evidence it declared."""

    def score(self, pairs: Sequence[Pair], evidence: EvidenceSet | None = None) -> list[PairScore]: ...


# Progress inside one scorer that works through its batch in chunks (offline-qe, the slow one):
# (scorer name, pairs done, pairs in all). The command line sets it to show pairs/s and an ETA; it is
# None otherwise, and telling it never changes a result.
PAIR_PROGRESS: ContextVar[Callable[[str, int, int], None] | None] = ContextVar("mtqa_pair_progress", default=None)


def tell_pairs_done(scorer: str, done: int, total: int) -> None:
    if (tell := PAIR_PROGRESS.get()) is not None:
        tell(scorer, done, total)


ScorerFactory = Callable[[Config], Scorer]

# name -> "module:factory". Default scorers run when Config.scorers is empty.
REGISTRY: dict[str, str] = {
    "untranslated": "mtqa.checks.language:UntranslatedScorer",
    "repetition": "mtqa.checks.repetition:RepetitionScorer",
    "length": "mtqa.checks.length:LengthRatioScorer",
    "numbers": "mtqa.checks.numbers:NumberScorer",
    "dates": "mtqa.checks.dates:DateScorer",
    "entities": "mtqa.checks.entities:EntityScorer",
    "negation": "mtqa.checks.negation:NegationScorer",
    "untranslated_words": "mtqa.checks.untranslated_words:UntranslatedWordsScorer",
    "terminology": "mtqa.checks.terminology:TerminologyScorer",
    "consistency": "mtqa.checks.consistency:ConsistencyScorer",
    "punctuation": "mtqa.checks.punctuation:PunctuationScorer",
    "qe": "mtqa.models.qe.scorer:QEScorer",
    "wordalign": "mtqa.models.offline.scorer:WordAlignScorer",
    "offline-qe": "mtqa.models.offline.qe_scorer:OfflineQEScorer",
    "similarity": "mtqa.models.similarity:SimilarityScorer",
    "terms": "mtqa.checks.terms:TermConsistencyScorer",
    "tags": "mtqa.checks.markup:TagScorer",
    "placeholders": "mtqa.checks.markup:PlaceholderScorer",
    "urls": "mtqa.checks.markup:UrlScorer",
    "codes": "mtqa.checks.markup:CodeScorer",
    "whitespace": "mtqa.checks.markup:WhitespaceScorer",
}

DEFAULT_SCORERS: tuple[str, ...] = (
    "untranslated",
    "repetition",
    "length",
    "numbers",
    "dates",
    "entities",
    "negation",
    "untranslated_words",
    "consistency",
    "punctuation",
    "tags",
    "placeholders",
    "urls",
    "codes",
    "whitespace",
    "similarity",
    "offline-qe",
    "terms",
)


# Which scorer's number becomes a segment's `score`, in order of preference (the pipeline picks it;
# reports say what it means).
PRIMARY_SCORERS = ("qe", "offline-qe", "similarity")

# "fast": the default set without the offline QE model (about 8x the throughput, no neural QE), and
# so without the term check that reads its word alignments.
FAST_SCORERS: tuple[str, ...] = tuple(n for n in DEFAULT_SCORERS if n not in ("offline-qe", "terms"))
SCORER_SETS: dict[str, tuple[str, ...]] = {"default": DEFAULT_SCORERS, "fast": FAST_SCORERS}


# Default scorers that run a model; every other default scorer is a rule check.
MODEL_SCORERS = frozenset({"qe", "wordalign", "offline-qe", "similarity"})


def pair_rule_checks() -> tuple[str, ...]:
    """The default rule checks that judge each pair on its own: what offline-qe's fusion counts
    findings of when it is fitted (it records the list in its metadata and uses that at run time)."""
    return tuple(n for n in DEFAULT_SCORERS if n not in MODEL_SCORERS and n not in DOCUMENT_SCORERS)


def available() -> list[str]:
    return sorted(REGISTRY)


def load_factory(name: str) -> ScorerFactory:
    try:
        target = REGISTRY[name]
    except KeyError:
        raise UsageError(
            f"unknown scorer {name!r}; available: {', '.join(available())} (see 'mtqa models')"
        ) from None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelUnavailableError(f"scorer {name!r} cannot be imported: {exc}") from None
    factory: ScorerFactory = getattr(module, attr)
    return factory


# Default scorers that compare the pairs of one document with each other. Rows of a pair file are
# usually independent (several systems translating the same source), so `score` leaves them out
# unless they are named.
DOCUMENT_SCORERS = frozenset({"consistency", "terms"})

def in_dependency_order(scorers: Sequence[Scorer]) -> list[Scorer]:
    """`scorers` reordered so each runs after every scorer that provides what it requires, otherwise
    in the order given. A required type that no scorer of the run provides, or a cycle, is a usage error."""
    providers = {
        kind: [s.name for s in scorers if kind in s.provides] for s in scorers for kind in s.requires if kind not in FROM_PIPELINE
    }
    for scorer in scorers:
        for kind in scorer.requires:
            if kind in providers and not providers[kind]:
                able = providers_of(kind)
                raise UsageError(
                    f"scorer {scorer.name!r} needs {kind.__name__} evidence, which no scorer of this run provides; "
                    f"add one of: {', '.join('--scorer ' + n for n in able) or '(none available)'}"
                )
    out: list[Scorer] = []
    waiting = list(scorers)
    while waiting:
        done = {s.name for s in out}
        ready = next((s for s in waiting if all(set(providers.get(k, ())) <= done for k in s.requires)), None)
        if ready is None:
            raise UsageError(f"scorers {', '.join(s.name for s in waiting)} require each other's evidence in a cycle")
        out.append(ready)
        waiting.remove(ready)
    return out


def providers_of(kind: type[Evidence]) -> list[str]:
    """Registered scorers whose class provides `kind` (imports each scorer module, not its model)."""
    found = []
    for name in available():
        try:
            factory = load_factory(name)
        except ModelUnavailableError:
            continue
        if kind in getattr(factory, "provides", ()):
            found.append(name)
    return found


def build_scorers(config: Config, *, document: bool = True) -> list[Scorer]:
    # "default" (and "fast") stand for a set, so `--scorer default --scorer wordalign` adds one.
    names: list[str] = []
    for name in config.scorers or ("default",):
        for expanded in SCORER_SETS.get(name, (name,)):
            if name in SCORER_SETS and not document and expanded in DOCUMENT_SCORERS:
                continue
            if expanded not in names:
                names.append(expanded)
    if config.glossary is not None and "terminology" not in names:
        names.append("terminology")  # --glossary means: check the terms
    if config.model is not None and "qe" not in names:
        # --model asks for the neural QE engine on top of the chosen scorers.
        if "qe" not in REGISTRY:
            raise ModelUnavailableError(
                f"--model {config.model!r} needs the neural QE engine (mtqa.models.qe), which this installation lacks"
            )
        names.append("qe")
    return in_dependency_order([load_factory(name)(config) for name in names])
