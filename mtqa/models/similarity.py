"""Semantic similarity of each aligned pair, calibrated against unrelated pairs (code SEM001).

Raw cosines are not comparable across encoders (unrelated pairs: USE ~0.2, e5 ~0.8), so each
pair's cosine is mapped onto a two-anchor scale:

    score = clip((cos - random) / (match - random), 0, 1)

`random` is the mean cosine of the document's own mismatched pairs (source i with target j != i),
shrunk towards the encoder's corpus-level value when the document has few pairs, so a document on
one narrow topic (high random similarity) is judged against itself; `match` is the encoder's
median cosine of correct translations on corpora/align. 0 means "no closer than a random sentence
of this document", 1 "as close as a typical correct translation".

Thresholds (config.threshold names "similarity.major", "similarity.minor") were chosen on
corpora/align, not on the demo: `python benchmarks/align.py --similarity` prints, per encoder, the
share of correct pairs, same-document wrong pairs and other-document pairs under each threshold.
Sentence cosine does not see a wrong number or a dropped negation (shared design QE-MODELS.md):
those need their own checks; this signal catches a target that says something else entirely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mtqa.config import Config
from mtqa.evidence import Evidence
from mtqa.types import Category, Pair, PairScore, Severity, Signal

if TYPE_CHECKING:
    from mtqa.models.encoders.base import CachedEncoder

VERSION = "1"
# Defaults chosen with benchmarks/align.py --similarity on corpora/align (USE / e5): under MAJOR
# 0 % of correct pairs and 88 % / 88 % of same-document wrong targets, 100 % of other-document
# targets; under MINOR 1 % / 0 % of correct pairs, 100 % of wrong targets, 29 % / 36 % of targets
# cut to half their words. 0.55 would catch half the cut targets but flag 3 % of correct pairs.
MAJOR = 0.25
MINOR = 0.45
# Weight, in pairs, of the encoder's corpus-level random-pair mean against the document's own.
PRIOR_PAIRS = 10.0
# Beyond this many pairs the random baseline uses a fixed random sample of mismatched pairs.
MAX_BASELINE_PAIRS = 2000


class SimilarityScorer:
    name = "similarity"
    version = VERSION
    requires: tuple[type[Evidence], ...] = ()
    provides: tuple[type[Evidence], ...] = ()

    def __init__(self, config: Config, *, encoder: CachedEncoder | None = None) -> None:
        self.config = config
        self.major = config.threshold("similarity.major", MAJOR)
        self.minor = config.threshold("similarity.minor", MINOR)
        self._encoder = encoder

    @property
    def encoder(self) -> CachedEncoder:
        if self._encoder is None:
            from mtqa.models.encoders import shared_encoder

            self._encoder = shared_encoder(self.config.encoder)
        return self._encoder

    def signature(self) -> Mapping[str, str]:
        sig = {"scorer": self.name, "version": VERSION, "major": str(self.major), "minor": str(self.minor)}
        sig.update({f"encoder.{k}": v for k, v in self.encoder.signature().items()})
        return sig

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        import numpy as np

        results: list[PairScore] = [PairScore() for _ in pairs]
        live = [k for k, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
        if not live:
            return results
        enc = self.encoder
        src = enc.encode([pairs[k].source for k in live])
        tgt = enc.encode([pairs[k].target for k in live])
        cos = np.einsum("ij,ij->i", src, tgt).astype(float)
        random = self._random_mean(src, tgt)
        span = max(enc.match_median - random, 1e-3)
        for row, k in enumerate(live):
            value = float(min(1.0, max(0.0, (cos[row] - random) / span)))
            results[k] = PairScore(score=value, signals=self._signals(value), raw=float(cos[row]))
        return results

    def _random_mean(self, src: object, tgt: object) -> float:
        import numpy as np

        s = np.asarray(src)
        t = np.asarray(tgt)
        n = len(s)
        prior = self.encoder.random_mean
        if n < 2:
            return prior
        if n <= 45:  # n*(n-1) <= MAX_BASELINE_PAIRS: use every mismatched pair
            sims = s @ t.T
            doc = float((sims.sum() - np.trace(sims)) / (n * (n - 1)))
        else:
            rng = np.random.default_rng(0)
            i = rng.integers(0, n, MAX_BASELINE_PAIRS)
            j = (i + rng.integers(1, n, MAX_BASELINE_PAIRS)) % n
            doc = float(np.einsum("ij,ij->i", s[i], t[j]).mean())
        return (n * doc + PRIOR_PAIRS * prior) / (n + PRIOR_PAIRS)

    def _signals(self, value: float) -> tuple[Signal, ...]:
        if value >= self.minor:
            return ()
        if value < self.major:
            severity = Severity.MAJOR
            message = (
                f"the target is no closer in meaning to the source than an unrelated sentence "
                f"(calibrated similarity {value:.2f} < {self.major}): wrong or unrelated translation"
            )
        else:
            severity = Severity.MINOR
            message = (
                f"the target is only loosely related to the source (calibrated similarity "
                f"{value:.2f} < {self.minor}): check for a mistranslation or missing content"
            )
        return (
            Signal(
                code="SEM001",
                category=Category.MISTRANSLATION,
                message=message,
                scorer=self.name,
                value=value,
                severity_hint=severity,
            ),
        )
