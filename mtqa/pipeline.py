"""Orchestration only: read -> segment -> align -> score -> flag -> Report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from mtqa import __version__
from mtqa.align.base import Aligned
from mtqa.align.select import build_aligner
from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.evidence import Evidence, EvidenceSet, Findings, first_of
from mtqa.flags import to_issues
from mtqa.io.documents import Document, read_document
from mtqa.io.pairs import read_pairs
from mtqa.io.text import STDIN
from mtqa.scoring import DOCUMENT_SCORERS, PRIMARY_SCORERS, EvidenceReader, Scorer, build_scorers, signature_of
from mtqa.types import Category, Link, Pair, PairScore, Report, SegmentResult, Severity, Signal

# Columns mtqa writes into a score report beside `source` and `target` (SegmentResult.to_dict and
# the CSV writer). A pair file with a column of one of these names is refused at reading: the
# report would otherwise overwrite the user's values with mtqa's.
OUTPUT_COLUMNS = frozenset({
    "index", "score", "severity", "issues", "issue_codes", "source_lines", "target_lines", "scores", "details",
    "suppressed",
})


def align_documents(source_path: str | os.PathLike[str], target_path: str | os.PathLike[str], config: Config) -> Aligned:
    if str(source_path) == STDIN and str(target_path) == STDIN:
        raise UsageError("only one of SOURCE and TARGET can be '-' (standard input); give the other as a file")
    source = read_document(source_path, config.source_lang, encoding=config.encoding, presegmented=config.presegmented)
    target = read_document(target_path, config.target_lang, encoding=config.encoding, presegmented=config.presegmented)
    return align_read(source, target, config)


def align_read(source: Document, target: Document, config: Config) -> Aligned:
    """Align two documents already read (the Python API passes texts)."""
    aligner, warnings = build_aligner(config)
    links = aligner.align(source.segments, target.segments)
    warnings.extend(aligner.warnings)
    return Aligned(source, target, tuple(links), dict(aligner.signature()), tuple(warnings))


def check_documents(source_path: str | os.PathLike[str], target_path: str | os.PathLike[str], config: Config) -> Report:
    return check_aligned(align_documents(source_path, target_path, config), config)


def check_aligned(aligned: Aligned, config: Config) -> Report:
    src, tgt = aligned.source.segments, aligned.target.segments
    pairs = [
        Pair(
            source=" ".join(src[i].text for i in link.source),
            target=" ".join(tgt[j].text for j in link.target),
            index=k,
        )
        for k, link in enumerate(aligned.links)
    ]
    scorers = build_scorers(config)
    per_pair = run_scorers(scorers, pairs)
    segments = [
        _segment_result(
            pair,
            per_pair[k],
            config,
            extra=_alignment_signals(link),
            source_ids=link.source,
            target_ids=link.target,
            source_lines=tuple(src[i].line for i in link.source),
            target_lines=tuple(tgt[j].line for j in link.target),
        )
        for k, (link, pair) in enumerate(zip(aligned.links, pairs, strict=True))
    ]
    return _apply_baseline(config, Report(
        segments=tuple(segments),
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        signatures=_signatures(scorers, aligner=aligned.aligner),
        config=config.to_dict(),
        source_path=aligned.source.path or None,
        target_path=aligned.target.path or None,
        warnings=aligned.warnings + _scorer_warnings(scorers),
        fail_on=config.fail_on,
    ))


def score_pair_file(
    path: str | os.PathLike[str], config: Config, *, jobs: int = 1, sink: Callable[[Sequence[SegmentResult]], None] | None = None,
) -> Report:
    """`sink`: see `score_pairs` (a bilingual file is scored whole and its report holds its segments)."""
    from mtqa.io.formats import is_bilingual

    if is_bilingual(path):  # XLIFF, TMX, PO: already pairs, scored unit by unit
        return check_units(path, None, config, document=False)[0]
    pairs = read_pairs(path, encoding=config.encoding, reserved=OUTPUT_COLUMNS, input_format=config.input_format)
    return score_pairs(pairs, config, source_path=str(path), jobs=jobs, sink=sink)


# Pairs of a pair file scored together. Rows of a pair file are independent, so `score` works
# through a file in blocks of this many pairs: memory stays bounded on any file size, and blocks can
# go to worker processes (`jobs`) with the same results. What a block shares is only the similarity
# scorer's random-pair baseline, which samples at most similarity.MAX_BASELINE_PAIRS pairs anyway.
# A multiple of offline-qe's chunk (fused.CHUNK), so its batches are those of one whole run.
BLOCK = 1024


@dataclass(frozen=True)
class ScoredBlock:
    """One block of scored pairs, with what its scorers said about themselves."""

    segments: tuple[SegmentResult, ...]
    signatures: dict[str, Mapping[str, str]]
    warnings: tuple[str, ...]


def score_pairs(
    pairs: Sequence[Pair], config: Config, *, source_path: str | None = None, jobs: int = 1,
    sink: Callable[[Sequence[SegmentResult]], None] | None = None,
) -> Report:
    """Score pairs block by block (`BLOCK`), in `jobs` processes. With `sink`, each block's
    segments go to it, in order, as the block is done, and the report returned holds none of them
    (only signatures and warnings): memory stays that of one block. No baseline is applied then."""
    segments: list[SegmentResult] = []
    blocks = ScoreRun(config)
    for block in blocks.run(pairs, jobs=jobs):
        if sink is None:
            segments.extend(block.segments)
        else:
            sink(block.segments)
    report = blocks.report(tuple(segments), source_path=source_path)
    return report if sink is not None else _apply_baseline(config, report)


class ScoreRun:
    """Scores pairs block by block (`run`), in order, and gathers the blocks' signatures and
    warnings for the report (`report`). With `jobs` > 1 the blocks are scored in that many worker
    processes (mtqa.pipeline_jobs); every scorer is deterministic per block, so the results are
    those of one process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        names = [s.name for s in build_scorers(config, document=False)]  # a bad name fails now, before any work
        # Scorers that compare the pairs of a file with each other see the whole file as one block.
        self.block = BLOCK if not any(n in DOCUMENT_SCORERS for n in names) else 0
        self.signatures: dict[str, Mapping[str, str]] = {}
        self.warnings: list[str] = []

    def run(self, pairs: Sequence[Pair], *, jobs: int = 1) -> Iterator[ScoredBlock]:
        from mtqa.pipeline_jobs import check_jobs, ordered_map

        check_jobs(jobs)
        size = self.block or max(len(pairs), 1)
        parts = [(self.config, list(pairs[b : b + size])) for b in range(0, len(pairs), size)] or [(self.config, [])]
        for block in ordered_map(_score_block, parts, min(jobs, len(parts))):
            for name, sig in block.signatures.items():
                # a scorer that loaded nothing for a block (all its pairs empty) signs with fewer keys
                if len(sig) > len(self.signatures.get(name, {})):
                    self.signatures[name] = sig
            self.warnings.extend(w for w in block.warnings if w not in self.warnings)
            yield block

    def report(self, segments: tuple[SegmentResult, ...], *, source_path: str | None) -> Report:
        return Report(
            segments=segments,
            source_lang=self.config.source_lang,
            target_lang=self.config.target_lang,
            signatures=self.signatures,
            config=self.config.to_dict(),
            source_path=source_path,
            warnings=tuple(self.warnings),
            fail_on=self.config.fail_on,
        )


def _score_block(part: tuple[Config, list[Pair]]) -> ScoredBlock:
    """Score one block with fresh scorers (a scorer's warnings are about its own block); the models
    they load stay loaded in this process for the next block."""
    config, pairs = part
    scorers = build_scorers(config, document=False)
    per_pair = run_scorers(scorers, pairs)
    segments = tuple(
        _segment_result(pair, per_pair[k], config, extra=_empty_side_signals(pair), raw_qe=True, meta=dict(pair.meta))
        for k, pair in enumerate(pairs)
    )
    from mtqa.models.encoders import clear_text_caches

    clear_text_caches()  # a block's sentence vectors are not needed by the next: memory stays flat
    return ScoredBlock(segments, _signatures(scorers), _scorer_warnings(scorers))


def check_units(
    source_path: str | os.PathLike[str],
    target_path: str | os.PathLike[str] | None,
    config: Config,
    *,
    document: bool = True,
) -> tuple[Report, Any]:
    """Check a pre-aligned localisation file (XLIFF, TMX, PO; or two subtitle files paired by cue)
    unit by unit, without re-alignment. Returns the report and the file read (mtqa.io.formats.Bilingual),
    whose units are the report's first segments, in order, for annotated output."""
    from mtqa.io.formats import read_bilingual
    from mtqa.io.formats.subtitles import pair_cues

    extra: list[Any] = []
    if target_path is None:
        file = read_bilingual(source_path, encoding=config.encoding, source_lang=config.source_lang,
                              target_lang=config.target_lang)
    else:
        file, extra = pair_cues(str(source_path), str(target_path), encoding=config.encoding)
    pairs = [
        Pair(source=u.source, target=u.target or "", index=k, markup=u.markup, meta=_unit_meta(u))
        for k, u in enumerate(file.units)
    ]
    pairs += [Pair(source="", target=cue.text, index=len(pairs) + k, meta={"unit": cue.key}) for k, cue in enumerate(extra)]
    lines = [u.line for u in file.units] + [cue.line for cue in extra]
    scorers = build_scorers(config, document=document)
    per_pair = run_scorers(scorers, pairs)
    segments = [
        _segment_result(
            pair, per_pair[k], config,
            extra=_empty_side_signals(pair) if k < len(file.units) else _alignment_signals(Link((), (0,))),
            # A unit's source and target sit at the same place in a bilingual file.
            meta=dict(pair.meta), source_lines=(lines[k],) if k < len(file.units) else (),
            target_lines=(lines[k],) if k >= len(file.units) or target_path is None else (),
        )
        for k, pair in enumerate(pairs)
    ]
    warnings = _scorer_warnings(scorers)
    if file.skipped:
        warnings = (f"{file.skipped} unit(s) marked translate=\"no\" were not checked",) + warnings
    report = _apply_baseline(config, Report(
        segments=tuple(segments),
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        signatures=_signatures(scorers, reader={"format": file.format}),
        config=config.to_dict(),
        source_path=str(source_path),
        target_path=str(target_path) if target_path is not None else None,
        warnings=warnings,
        fail_on=config.fail_on,
    ))
    return report, file


def _unit_meta(unit: Any) -> dict[str, str]:
    """Report columns naming a localisation unit: its key, and for PO its plural form and fuzzy flag."""
    meta = {"unit": unit.key}
    if unit.plural_form is not None:
        meta["plural_form"] = str(unit.plural_form)
    if unit.fuzzy:
        meta["fuzzy"] = "yes"
    return meta


def _segment_result(
    pair: Pair,
    scores: Mapping[str, PairScore],
    config: Config,
    *,
    extra: Sequence[Signal] = (),
    raw_qe: bool = False,
    **fields: Any,
) -> SegmentResult:
    """One segment from its pair and every scorer's result; `raw_qe` makes `score` the published
    model's own number, unchanged, instead of the primary higher-is-better score."""
    signals = [*extra, *(signal for result in scores.values() for signal in result.signals)]
    score = scores["qe"].raw if raw_qe and "qe" in scores else _primary_score(scores)
    return SegmentResult(
        index=pair.index,
        source=pair.source,
        target=pair.target,
        score=score,
        issues=to_issues(signals, config),
        scores={name: result.score for name, result in scores.items() if result.score is not None},
        details={name: result.details for name, result in scores.items() if result.details},
        evidence={name: result.evidence for name, result in scores.items() if result.evidence},
        **fields,
    )


def _apply_baseline(config: Config, report: Report) -> Report:
    """Suppression is the last step, after scores and severities: it moves accepted issues aside."""
    if config.baseline is None:
        return report
    from mtqa.baseline import load_baseline

    return load_baseline(config.baseline).apply(report)


def _signatures(scorers: Sequence[Scorer], **extra: Mapping[str, str]) -> dict[str, Mapping[str, str]]:
    return {"mtqa": {"version": __version__}, **extra, **{s.name: signature_of(s) for s in scorers}}


# Told after each scorer has run: (scorers done, scorers in all, that scorer's name, pairs). The
# command line sets it to show progress on a terminal; unset, nothing is told.
PROGRESS: ContextVar[Callable[[int, int, str, int], None] | None] = ContextVar("mtqa_progress", default=None)


def run_scorers(scorers: Sequence[Scorer], pairs: Sequence[Pair]) -> list[dict[str, PairScore]]:
    """Run every scorer over the whole batch, in the given order (`build_scorers` puts providers of
    evidence first); result k maps scorer name -> its PairScore for pair k. A scorer that `requires`
    evidence gets, per type, the records of the first scorer before it that provides that type, and
    `Findings` from the pipeline: the raw signals of every scorer before it."""
    out: list[dict[str, PairScore]] = [{} for _ in pairs]
    published: dict[type[Evidence], tuple[str, list[Evidence | None]]] = {}
    for done, scorer in enumerate(scorers, 1):
        if scorer.requires:
            given = EvidenceSet({kind: published[kind] for kind in scorer.requires if kind in published})
            if Findings in scorer.requires:
                found = [Findings({name: r.signals for name, r in row.items()}) for row in out]
                given = EvidenceSet({**given.records, Findings: ("pipeline", found)})
            results = cast(EvidenceReader, scorer).score(pairs, given)
        else:
            results = scorer.score(pairs)
        if len(results) != len(pairs):
            raise RuntimeError(f"scorer {scorer.name!r} returned {len(results)} results for {len(pairs)} pairs")
        for kind in scorer.provides:
            if kind not in published:
                published[kind] = (scorer.name, [first_of(kind, r.evidence) for r in results])
        for k, result in enumerate(results):
            out[k][scorer.name] = result
        if (tell := PROGRESS.get()) is not None:
            tell(done, len(scorers), scorer.name, len(pairs))
    return out


def _primary_score(scores: Mapping[str, PairScore]) -> float | None:
    for name in PRIMARY_SCORERS:
        if name in scores and scores[name].score is not None:
            return scores[name].score
    return None


def _alignment_signals(link: Link) -> list[Signal]:
    if link.source and not link.target:
        return [
            Signal(
                code="ALN001",
                category=Category.OMISSION,
                message="source sentence has no translation in the target; translate it or restore the dropped text",
                scorer="aligner",
            )
        ]
    if link.target and not link.source:
        return [
            Signal(
                code="ALN002",
                category=Category.ADDITION,
                message="target sentence has no counterpart in the source; remove it or check the source",
                scorer="aligner",
                target_span=None,
            )
        ]
    return []


def _empty_side_signals(pair: Pair) -> list[Signal]:
    """A pair-file row with one side empty or blank. The scorers skip such pairs (nothing to compare),
    so without this a source left untranslated would pass as `ok`."""
    has_src, has_tgt = bool(pair.source.strip()), bool(pair.target.strip())
    if has_src and not has_tgt:
        return [
            Signal(
                code="EMP001",
                category=Category.OMISSION,
                message="the target is empty: the source was not translated; translate it",
                scorer="pairs",
                severity_hint=Severity.CRITICAL,
            )
        ]
    if has_tgt and not has_src:
        return [
            Signal(
                code="EMP002",
                category=Category.ADDITION,
                message="the source is empty but the target is not: nothing here can be checked; fill in the source",
                scorer="pairs",
                severity_hint=Severity.MAJOR,
            )
        ]
    return []


def _scorer_warnings(scorers: Sequence[Scorer]) -> tuple[str, ...]:
    warnings: list[str] = []
    for scorer in scorers:
        warnings.extend(getattr(scorer, "warnings", ()))
    return tuple(warnings)
