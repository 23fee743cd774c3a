"""Checking each manifest row into a `Report`: line by line for line-aligned files, like
`mtqa check` for documents, optionally in worker processes."""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from pathlib import Path

from mtqa.benchreport.inputs import Row, check_line_counts, read_lines
from mtqa.config import Config
from mtqa.types import Report


def check_rows(
    rows: Sequence[Row],
    config: Config,
    line_aligned: bool,
    jobs: int,
    manifest: str,
    *,
    backend: str = "local",
    ray_address: str | None = None,
    done: Callable[[int, Report], None] | None = None,
) -> Generator[Report, None, None]:
    """Each row's report, in manifest order. With `jobs` > 1 the rows are checked in that many
    worker processes (spawned, so no parent state such as a loaded model or torch's threads is
    forked); every check is deterministic, so the reports are those of one process. With
    `backend="ray"` they are checked by actors on a Ray cluster (mtqa.benchreport.raybackend).

    `done(k, report)` is called in this process for each row's report, before it is yielded: the
    bench's cache stores each one then, so an interrupted run loses only the rows not yet yielded
    (with workers, at most the few handed out ahead of the one awaited)."""
    if backend == "ray":
        from mtqa.benchreport.raybackend import check_rows_on_ray

        for k, report in enumerate(check_rows_on_ray(rows, config, line_aligned, jobs, manifest, address=ray_address)):
            if done is not None:
                done(k, report)
            yield report
        return
    from functools import partial

    from mtqa.pipeline_jobs import ordered_map

    work = partial(_check_row, config=config, line_aligned=line_aligned, manifest=manifest)
    for k, report in enumerate(ordered_map(work, rows, max(1, min(jobs, len(rows))))):
        if done is not None:
            done(k, report)
        yield report


def _check_row(row: Row, config: Config, line_aligned: bool, manifest: str) -> Report:
    from mtqa.pipeline import check_documents

    if line_aligned:
        return check_lines(row, config, manifest)
    if not Path(row.target).read_bytes().strip():
        return _empty_target(row, config)
    return check_documents(row.source, row.target, config)


def _empty_target(row: Row, config: Config) -> Report:
    """A system that output nothing for a document: every source sentence is an omission (ALN001),
    where `mtqa check` would refuse the empty file; a bench must count it, not stop."""
    from mtqa.io.documents import read_document
    from mtqa.pipeline import _alignment_signals, _segment_result, _signatures, run_scorers
    from mtqa.scoring import build_scorers
    from mtqa.types import Link, Pair

    source = read_document(row.source, config.source_lang, encoding=config.encoding, presegmented=config.presegmented)
    pairs = [Pair(source=seg.text, target="", index=k) for k, seg in enumerate(source.segments)]
    scorers = build_scorers(config)
    per_pair = run_scorers(scorers, pairs)
    segments = tuple(
        _segment_result(
            pair,
            per_pair[k],
            config,
            extra=_alignment_signals(Link(source=(k,), target=())),
            source_ids=(k,),
            target_ids=(),
            source_lines=(source.segments[k].line,),
            target_lines=(),
        )
        for k, pair in enumerate(pairs)
    )
    return Report(
        segments=segments,
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        signatures=_signatures(scorers, aligner={"name": "none", "mode": "empty target"}),
        config=config.to_dict(),
        source_path=row.source,
        target_path=row.target,
        warnings=(),
        fail_on=config.fail_on,
    )


def check_lines(row: Row, config: Config, manifest: str) -> Report:
    """`mtqa check` on line-aligned files: segment i is line i of each file, never re-aligned.
    Lines blank on both sides are not segments; a blank target for a non-blank source is reported
    as an omission (ALN001) and a target for a blank source as an addition (ALN002)."""
    from mtqa.pipeline import _alignment_signals, _segment_result, _signatures, run_scorers
    from mtqa.scoring import build_scorers
    from mtqa.types import Link, Pair

    sources = read_lines(row.source, encoding=config.encoding)
    targets = read_lines(row.target, encoding=config.encoding)
    counts = {"source": len(sources), "target": len(targets)}
    if row.reference is not None:
        counts["reference"] = len(read_lines(row.reference, encoding=config.encoding))
    check_line_counts(row, manifest, counts)
    lines = [i for i, (s, t) in enumerate(zip(sources, targets, strict=True)) if s.strip() or t.strip()]
    pairs = [Pair(source=sources[i].strip(), target=targets[i].strip(), index=k) for k, i in enumerate(lines)]
    scorers = build_scorers(config)
    per_pair = run_scorers(scorers, pairs)
    segments = []
    for k, i in enumerate(lines):
        link = Link(source=(i,) if sources[i].strip() else (), target=(i,) if targets[i].strip() else ())
        segments.append(
            _segment_result(
                pairs[k],
                per_pair[k],
                config,
                extra=_alignment_signals(link),
                source_ids=(k,),
                target_ids=(k,),
                source_lines=(i + 1,),
                target_lines=(i + 1,),
            )
        )
    return Report(
        segments=tuple(segments),
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        signatures=_signatures(scorers, aligner={"name": "none", "mode": "line-aligned"}),
        config=config.to_dict(),
        source_path=row.source,
        target_path=row.target,
        warnings=tuple(w for s in scorers for w in getattr(s, "warnings", ())),
        fail_on=config.fail_on,
    )
