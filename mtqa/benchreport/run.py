"""Run a bench: check every manifest row, then compute every metric with its interval and, against
a baseline, its paired significance.

Line-aligned rows (`line_aligned=True`) are scored line by line: line i of the source and line i
of the target form segment i, with no sentence splitting or re-alignment, and the resampling unit
is the segment (keyed by document and line, so systems translating the same files pair up).
Document rows are checked like `mtqa check` (segmented and aligned); there the unit is the
document, because two systems' alignments of one document need not have the same segments.

Reference metrics (BLEU, chrF, TER) are always computed by sacrebleu on the raw line pairs of the
target and reference files, exactly as the `sacrebleu` command reads them; a document row whose
target and reference differ in line count cannot be scored that way, so its system gets no
reference metrics (a warning says which row), never numbers from a guessed alignment.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.benchreport import metrics as m
from mtqa.benchreport.checking import check_rows
from mtqa.benchreport.inputs import Row, check_line_counts, read_lines, read_manifest
from mtqa.benchreport.stats import (
    Interval,
    PairedResult,
    ScoreFn,
    bootstrap_interval,
    paired_test,
    resample_indices,
)
from mtqa.config import Config
from mtqa.errors import InputError, MtqaError, UsageError
from mtqa.types import Report

if TYPE_CHECKING:
    from mtqa.benchreport.cache import BenchCache

SCHEMA = "mtqa.bench/1"
# Below this many resampling units a bootstrap interval is mostly noise (Koehn 2004 resamples
# test sets of hundreds of sentences); the bench still reports it, with a warning.
MIN_UNITS = 10
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Settings:
    line_aligned: bool = False
    baseline: str | None = None
    resamples: int = 1000
    trials: int = 10000
    seed: int = 12345
    judgements: str | None = None
    jobs: int = 1
    # "local": this machine (`jobs` processes); "ray": actors on a Ray cluster at `ray_address`
    # (None: a local instance started for the run). Neither changes a result.
    backend: str = "local"
    ray_address: str | None = None
    # Folder of the per-document result cache (mtqa.benchreport.cache); None: no cache. Re-using a
    # cached report never changes a result: its key covers everything that decides it.
    cache: str | None = None


BACKENDS = ("local", "ray")


@dataclass(frozen=True)
class Value:
    value: float
    interval: Interval | None
    paired: PairedResult | None = None


@dataclass
class SystemResult:
    system: str
    documents: int = 0
    segments: int = 0
    values: dict[str, Value | None] = field(default_factory=dict)
    categories: dict[str, Value] = field(default_factory=dict)
    facts: list[m.SegmentFacts] = field(default_factory=list)


@dataclass(frozen=True)
class BenchResult:
    systems: list[SystemResult]
    signatures: dict[str, dict[str, Any]]
    settings: Settings
    categories: tuple[str, ...]
    reports: dict[str, Report]
    warnings: tuple[str, ...]
    unit: str
    has_references: bool
    meta: dict[str, Any] = field(default_factory=dict)
    # Where the result cache was, how many rows' reports came from it and its warnings (a damaged
    # entry, an unwritable folder); never rendered into a report, which is the same with and without
    # the cache.
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Collected:
    rows: list[Row] = field(default_factory=list)
    facts: list[m.SegmentFacts] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    ref_keys: list[str] = field(default_factory=list)
    ref_ok: bool = True
    any_ref: bool = False


def run_bench(
    manifest: str | os.PathLike[str], config: Config, settings: Settings = Settings(), *, progress: Progress | None = None
) -> BenchResult:
    rows = read_manifest(manifest, encoding=config.encoding)
    systems = list(dict.fromkeys(r.system for r in rows))
    if settings.baseline is not None and settings.baseline not in systems:
        raise UsageError(f"--baseline {settings.baseline!r} is not a system of the manifest; systems: {', '.join(systems)}")
    if settings.resamples < 40 or settings.trials < 1:
        raise UsageError("--resamples must be at least 40 (a 95% interval needs 40 resamples) and --trials at least 1")
    judgements = None
    if settings.judgements is not None:
        from mtqa.benchreport.meta import read_judgements

        docs = {s: {r.doc for r in rows if r.system == s} for s in systems}
        judgements = read_judgements(settings.judgements, systems=docs, encoding=config.encoding)
        if not settings.line_aligned and any(j.line is not None for j in judgements):
            first = next(j for j in judgements if j.line is not None)
            raise InputError(
                "segment-level judgements (a 'line' column) need --line-aligned: only then is line N "
                "the same segment for every system",
                path=settings.judgements,
                line=first.line_no,
            )
    collected: dict[str, _Collected] = {s: _Collected() for s in systems}
    reports: dict[str, Report] = {}
    warnings: list[str] = []
    name = str(manifest)
    if settings.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {settings.jobs}")
    if settings.backend not in BACKENDS:
        raise UsageError(f"unknown --backend {settings.backend!r}; available: {', '.join(BACKENDS)}")
    if settings.ray_address is not None and settings.backend != "ray":
        raise UsageError("--ray-address needs --backend ray")
    cache_notes: list[str] = []  # about the cache, not the systems: told to the user, never put in a report
    cache = _open_cache(settings, config, cache_notes)
    checked = _checked(rows, config, settings, name, cache)
    for done, (row, report) in enumerate(zip(rows, checked, strict=True)):
        if progress is not None:
            progress(done + 1, len(rows), f"{row.system}/{row.doc}")
        into = collected[row.system]
        into.rows.append(row)
        reports[f"{row.system}/{row.doc}"] = report
        has_primary = any(k in report.signatures for k in _primary_names())
        for k, seg in enumerate(report.segments):
            unit = f"{row.doc}:{seg.source_lines[0] if settings.line_aligned and seg.source_lines else k}"
            into.facts.append(
                m.segment_facts(unit if settings.line_aligned else row.doc, seg, config.fail_on, has_primary=has_primary)
            )
        if row.reference is None:
            into.ref_ok = False
            continue
        into.any_ref = True
        targets = read_lines(row.target, encoding=config.encoding)
        references = read_lines(row.reference, encoding=config.encoding)
        if len(targets) != len(references):
            if settings.line_aligned:
                check_line_counts(row, name, {"target": len(targets), "reference": len(references)})
            warnings.append(
                f"{name}:{row.line}: target and reference differ in line count ({len(targets)} vs "
                f"{len(references)}); BLEU, chrF and TER need line-aligned files, so system {row.system!r} "
                "gets none"
            )
            into.ref_ok = False
            continue
        into.targets.extend(targets)
        into.references.extend(references)
        into.ref_keys.extend(f"{row.doc}:{i + 1}" for i in range(len(targets)))
    for system, c in collected.items():
        if c.any_ref and not c.ref_ok:
            missing = [r.line for r in c.rows if r.reference is None]
            if missing:
                warnings.append(
                    f"{name}: system {system!r} has no reference on manifest line(s) "
                    f"{', '.join(map(str, missing))}; it gets no BLEU, chrF or TER"
                )
    result = _aggregate(collected, reports, settings, warnings, any(c.any_ref for c in collected.values()))
    if cache is not None:
        result.cache.update({"folder": str(cache.folder), "reused": cache.hits, "rows": len(rows)})
        cache_notes.extend(cache.warnings)
    result.cache["warnings"] = tuple(cache_notes)
    if judgements is not None:
        result.meta.update(_meta(judgements, result, collected))
    return result


def _open_cache(settings: Settings, config: Config, warnings: list[str]) -> BenchCache | None:
    from mtqa.benchreport.cache import BenchCache, run_signature

    if settings.cache is None:
        return None
    try:
        return BenchCache(settings.cache, run_signature(config, line_aligned=settings.line_aligned))
    except MtqaError as err:
        # The scorers cannot be built here (on a Ray cluster they may still be, on the workers):
        # without their signatures no entry can be trusted, so this run goes without the cache.
        warnings.append(f"the bench cache is off for this run: {err.message}")
        return None


def _checked(rows: Sequence[Row], config: Config, settings: Settings, name: str, cache: BenchCache | None) -> Iterator[Report]:
    """Each row's report in manifest order: from the cache where it holds the row's report, else
    checked (and stored as soon as it is here)."""
    keys = [cache.key(row) for row in rows] if cache is not None else []
    cached = [cache.load(k, config, label=f"{r.system}/{r.doc}") for k, r in zip(keys, rows)] if cache is not None else []
    todo = [k for k in range(len(rows)) if cache is None or cached[k] is None]
    store = None if cache is None else (lambda j, report: cache.store(keys[todo[j]], report))
    fresh = check_rows(
        [rows[k] for k in todo], config, settings.line_aligned, settings.jobs, name,
        backend=settings.backend, ray_address=settings.ray_address, done=store,
    )
    try:
        for k in range(len(rows)):
            report = cached[k] if cache is not None else None
            yield report if report is not None else next(fresh)
    finally:
        fresh.close()


def _meta(judgements: Sequence[Any], result: BenchResult, collected: Mapping[str, _Collected]) -> dict[str, Any]:
    from mtqa.benchreport.meta import evaluate

    segment: dict[str, dict[str, dict[str, float]]] = {"mtqa_score": {}}
    flags: dict[str, dict[str, frozenset[str]]] = {}
    for s in result.systems:
        segment["mtqa_score"][s.system] = {f.unit: f.quality for f in s.facts}
        flags[s.system] = {f.unit: frozenset(f.categories) for f in s.facts}
    if result.has_references:
        sentence = {name: m.reference_metric(name, sentence=True) for name in ("bleu", "chrf", "ter")}
        for name, metric in sentence.items():
            segment[name] = {}
            for system, col in collected.items():
                if col.ref_ok and col.targets:
                    sign = -1.0 if name == "ter" else 1.0
                    segment[name][system] = {
                        key: sign * metric.sentence_score(t, [r]).score  # type: ignore[attr-defined]
                        for key, t, r in zip(col.ref_keys, col.targets, col.references, strict=True)
                    }
    system_scores: dict[str, dict[str, float]] = {}
    meta_metrics = ("mtqa_score", "issues_per_100", "major_per_100", "mqm_per_100", "gate_pass_pct", "bleu", "chrf", "ter")
    for spec in (spec for spec in (*m.MTQA_METRICS, *m.REFERENCE_METRICS) if spec.name in meta_metrics):
        sign = 1.0 if spec.higher_is_better else -1.0
        values = {s.system: sign * v.value for s in result.systems if (v := s.values.get(spec.name)) is not None}
        if values:
            system_scores[spec.name] = values
    return evaluate(judgements, segment, system_scores, flags)


def _primary_names() -> tuple[str, ...]:
    from mtqa.scoring import PRIMARY_SCORERS

    return PRIMARY_SCORERS


def _aggregate(
    collected: Mapping[str, _Collected],
    reports: dict[str, Report],
    settings: Settings,
    warnings: list[str],
    has_references: bool,
) -> BenchResult:
    categories = tuple(sorted({c for col in collected.values() for f in col.facts for c in f.categories}))
    functions: dict[str, ScoreFn] = dict(m.MTQA_FUNCTIONS)
    functions.update({f"category:{c}": m.category_function(i) for i, c in enumerate(categories)})
    unit_name = "segment" if settings.line_aligned else "document"

    mtqa_stats: dict[str, tuple[list[str], np.ndarray]] = {}
    ref_stats: dict[str, dict[str, np.ndarray]] = {}
    ref_metrics = {spec.name: m.reference_metric(spec.name) for spec in m.REFERENCE_METRICS}
    for system, col in collected.items():
        units = list(dict.fromkeys(f.unit for f in col.facts))
        mtqa_stats[system] = (units, m.mtqa_stats(col.facts, categories, units))
        if col.ref_ok and col.targets:
            ref_stats[system] = {
                name: m.reference_stats(metric, col.targets, col.references) for name, metric in ref_metrics.items()
            }
    ref_functions = {name: m.reference_function(metric) for name, metric in ref_metrics.items()}

    fewest = min((len(units) for units, _ in mtqa_stats.values()), default=0)
    if 0 < fewest < MIN_UNITS:
        warnings.append(
            f"a system has only {fewest} {unit_name}(s) to resample: its intervals and p-values say little "
            f"below {MIN_UNITS}" + ("" if settings.line_aligned else "; give line-aligned files and --line-aligned to resample segments")
        )
    results: list[SystemResult] = []
    base = settings.baseline
    for system, col in collected.items():
        units, stats = mtqa_stats[system]
        res = SystemResult(system=system, documents=len(col.rows), segments=len(col.facts), facts=col.facts)
        indices = resample_indices(len(units), settings.resamples, settings.seed) if units else None
        base_stats = _reorder(mtqa_stats[base], units) if base is not None and system != base else None
        if base is not None and system != base and base_stats is None:
            warnings.append(f"system {system!r} and baseline {base!r} do not cover the same {unit_name}s; no paired test")
        for metric_name, fn in functions.items():
            if indices is None:
                value: Value | None = None
            else:
                value = Value(
                    value=float(fn(stats.sum(axis=0))[0]),
                    interval=bootstrap_interval(stats, fn, indices),
                    paired=paired_test(stats, base_stats, fn, indices=indices, trials=settings.trials, seed=settings.seed)
                    if base_stats is not None
                    else None,
                )
            if metric_name.startswith("category:"):
                if value is not None:
                    res.categories[metric_name.split(":", 1)[1]] = value
            else:
                res.values[metric_name] = value
        if system in ref_stats:
            keys = col.ref_keys
            ref_indices = resample_indices(len(keys), settings.resamples, settings.seed)
            base_keys = collected[base].ref_keys if base is not None and base in ref_stats else None
            order = None
            if base_keys is not None and system != base and sorted(base_keys) == sorted(keys):
                where = {k: i for i, k in enumerate(base_keys)}
                order = [where[k] for k in keys]
            elif base_keys is not None and system != base:
                warnings.append(f"system {system!r} and baseline {base!r} do not cover the same lines; no paired test of BLEU, chrF, TER")
            for name, fn in ref_functions.items():
                stats_r = ref_stats[system][name]
                res.values[name] = Value(
                    value=float(fn(stats_r.sum(axis=0))[0]),
                    interval=bootstrap_interval(stats_r, fn, ref_indices),
                    paired=paired_test(
                        stats_r, ref_stats[base][name][order], fn, indices=ref_indices, trials=settings.trials, seed=settings.seed
                    )
                    if order is not None and base is not None
                    else None,
                )
        else:
            for name in ref_functions:
                res.values[name] = None
        results.append(res)
    results.sort(key=lambda r: (-_or(r.values.get("mtqa_score"), -1.0), _or(r.values.get("mqm_per_100"), 1e9), r.system))
    signatures = _signatures(ref_metrics, settings, unit_name, has_references, reports)
    return BenchResult(
        systems=results,
        signatures=signatures,
        settings=settings,
        categories=categories,
        reports=reports,
        warnings=tuple(warnings),
        unit=unit_name,
        has_references=has_references,
    )


def _or(value: Value | None, default: float) -> float:
    return default if value is None else value.value


def _reorder(base: tuple[list[str], np.ndarray], units: Sequence[str]) -> np.ndarray | None:
    base_units, stats = base
    if sorted(base_units) != sorted(units):
        return None
    where = {u: i for i, u in enumerate(base_units)}
    return stats[[where[u] for u in units]]


def _signatures(
    ref_metrics: Mapping[str, object], settings: Settings, unit: str, has_references: bool, reports: Mapping[str, Report]
) -> dict[str, dict[str, Any]]:
    from mtqa import __version__

    out: dict[str, dict[str, Any]] = {}
    resampling = {"resamples": settings.resamples, "trials": settings.trials, "seed": settings.seed, "unit": unit}
    first = next(iter(reports.values()), None)
    out["mtqa"] = {
        "fields": {
            "version": __version__,
            "mode": "line-aligned" if settings.line_aligned else "document",
            "weights": {sev.value: w for sev, w in m.WEIGHTS.items()},
            "zero_at": m.ZERO_AT,
            "non_translation": m.NON_TRANSLATION,
            "gate": first.fail_on.value if first is not None and first.fail_on is not None else "never",
            **resampling,
        },
        "scorers": {k: dict(v) for k, v in first.signatures.items()} if first is not None else {},
    }
    if has_references:
        for name, metric in ref_metrics.items():
            if getattr(metric, "num_refs", 0) == 0:
                metric.num_refs = 1  # type: ignore[attr-defined]
            metric.n_bootstrap = settings.resamples  # type: ignore[attr-defined]
            metric.seed = str(settings.seed)  # type: ignore[attr-defined]
            sig = metric.get_signature()  # type: ignore[attr-defined]
            out[name] = {
                "string": sig.format(),
                "fields": {k: v for k, v in sig.info.items() if v is not None},
                "trials": settings.trials,
            }
    return out
