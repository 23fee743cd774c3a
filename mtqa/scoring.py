"""The scorer protocol and the registry of scorers.

A scorer turns a batch of pairs into one `PairScore` per pair, in input order. The batch is a whole
document (or pair file), so document-level checks such as consistency can look across pairs.
Registry entries are "module:factory" strings imported lazily, so `import mtqa` stays light
(sacrebleu's registry pattern).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, runtime_checkable

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError, UsageError
from mtqa.types import Pair, PairScore


@runtime_checkable
class Scorer(Protocol):
    """Contract: `score(pairs)` returns exactly `len(pairs)` PairScores, result i for pair i.

    Pairs with an empty side (omissions, additions) must be accepted and may yield no signals.
    `signature()` names the scorer, its version and every parameter or model that shaped its output.
    Optional: `score_reusing(pairs, earlier)`, the same result computed with the results of the
    scorers that ran before it on these pairs (`earlier`: name -> list of PairScore); the pipeline
    calls it when present (offline-qe reuses the rule checks' findings).
    """

    name: str

    def signature(self) -> Mapping[str, str]: ...

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]: ...


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
    "qe": "mtqa.qe.scorer:QEScorer",
    "wordalign": "mtqa.wordqe.scorer:WordAlignScorer",
    "offline-qe": "mtqa.wordqe.qe_scorer:OfflineQEScorer",
    "similarity": "mtqa.checks.similarity:SimilarityScorer",
    "terms": "mtqa.wordqe.terms:TermConsistencyScorer",
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
    "terms",  # after offline-qe: it reads offline-qe's word alignments
)


# "fast": the default set without the offline QE model (about 8x the throughput, no neural QE), and
# so without the term check that reads its word alignments.
FAST_SCORERS: tuple[str, ...] = tuple(n for n in DEFAULT_SCORERS if n not in ("offline-qe", "terms"))
SCORER_SETS: dict[str, tuple[str, ...]] = {"default": DEFAULT_SCORERS, "fast": FAST_SCORERS}


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

# Scorers that read what others leave in their results (`score_reusing`): each runs after those of
# its sources that are in the run, in whatever order the scorers were named.
READS: dict[str, tuple[str, ...]] = {"terms": ("offline-qe", "wordalign")}


def _after_sources(names: list[str]) -> list[str]:
    out = list(names)
    for reader, sources in READS.items():
        present = [out.index(s) for s in sources if s in out]
        if reader in out and present and out.index(reader) < max(present):
            last = out[max(present)]
            out.remove(reader)
            out.insert(out.index(last) + 1, reader)
    return out


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
                f"--model {config.model!r} needs the neural QE engine (mtqa.qe), which this installation lacks"
            )
        names.append("qe")
    return [load_factory(name)(config) for name in _after_sources(names)]
