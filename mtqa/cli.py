"""The command line: thin click commands over mtqa.pipeline. Library errors become one-line
messages and exit codes here, and only here (sqlite-utils' pattern)."""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mtqa import __version__
from mtqa.errors import EXIT_GATE_FAILED, EXIT_MODEL_UNAVAILABLE, InputError, MtqaError, MtqaWarning, UsageError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in mtqa, not in the input

# -q / -v of the running command: -1 quiet (errors only), 0 normal, 1 verbose. Only stderr changes;
# the report and the exit code are the same at every level.
_VERBOSITY = {"level": 0}


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if not value:
        return
    level = -1 if param.name == "quiet" else 1
    if _VERBOSITY["level"] not in (0, level):
        raise click.UsageError("-q/--quiet and -v/--verbose exclude each other; give one", ctx=ctx)
    _VERBOSITY["level"] = level


def _verbosity_options(func: F) -> F:
    func = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbosity,
                        help="Also say on stderr what ran: the scorers, the segments and issues, where the report went.")(func)
    func = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
                        help="Say nothing on stderr but errors (no warnings, no progress); the exit code still tells.")(func)
    return func


def _note(message: str) -> None:
    """A line for -v on stderr."""
    if _VERBOSITY["level"] > 0:
        click.echo(f"mtqa: {_shown(message)}", err=True)


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    if issubclass(category, MtqaWarning):
        if _VERBOSITY["level"] >= 0:
            click.echo(f"mtqa: warning: {_shown(str(message))}", err=True)
    else:
        _PYTHON_SHOWWARNING(message, category, *args, **kwargs)


_PYTHON_SHOWWARNING = warnings.showwarning


def _shown(message: str) -> str:
    """A message quoting user text (file names, values) stays one line, and its escape sequences
    and bidi overrides are shown, not obeyed by the terminal."""
    from mtqa.report.safe_text import visible

    return visible(message)


def _out_of_memory(exc: BaseException) -> bool:
    """MemoryError, and what torch and the OS raise instead when an allocation or mmap fails
    (RuntimeError 'Cannot allocate memory', torch.OutOfMemoryError, OSError ENOMEM)."""
    import errno

    if isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and ("Cannot allocate memory" in text or "out of memory" in text.lower())


def _boundary(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", MtqaWarning)
                warnings.showwarning = _show_warning
                return func(*args, **kwargs)
        except MtqaError as exc:
            click.echo(f"mtqa: error: {_shown(exc.message)}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            from mtqa.io.output import Interrupted

            if isinstance(exc, Interrupted) and exc.written:
                click.echo(f"mtqa: interrupted; the report {exc.path!r} was already written complete", err=True)
            else:
                click.echo("mtqa: interrupted; no report written", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: never show users a traceback
            if os.environ.get("MTQA_DEBUG"):
                raise
            if _out_of_memory(exc):
                click.echo(
                    "mtqa: error: out of memory; free memory or raise the limit (ulimit -v), lower --batch-size, "
                    "or leave out the neural scorers with --scorer fast",
                    err=True,
                )
                sys.exit(EXIT_MODEL_UNAVAILABLE)
            click.echo(
                f"mtqa: internal error: {type(exc).__name__}: {_shown(str(exc))} (rerun with MTQA_DEBUG=1 for a traceback "
                "and report it)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        finally:
            _VERBOSITY["level"] = 0

    return wrapper  # type: ignore[return-value]


def _lang_options(func: F) -> F:
    func = click.option("--tgt-lang", "target_lang", help="Target language code (it, en).")(func)
    func = click.option("--src-lang", "source_lang", help="Source language code (it, en).")(func)
    return func


def _baseline_options(func: F) -> F:
    func = click.option("--write-baseline", default=None, metavar="FILE",
                        help="Also write every issue of this run (and those already suppressed) to FILE as a suppression file.")(func)
    func = click.option("--baseline", default=None, metavar="FILE",
                        help="Suppression file: the issues it lists (code + segment hash) are reported as suppressed and do not fail the gate.")(func)
    return func


def _write_baseline(path: str | None, report: Any) -> None:
    if path is None:
        return
    from mtqa.baseline import to_baseline
    from mtqa.io.output import write_atomic

    write_atomic(path, to_baseline(report))
    _note(f"baseline: {len(report.segments)} segments' issues written to {path}")


def _scorer_names() -> list[str]:
    from mtqa.scoring import REGISTRY

    return sorted(REGISTRY)


def _threshold_names() -> list[str]:
    from mtqa.config import THRESHOLD_NAMES

    return sorted(THRESHOLD_NAMES)


def _common_options(func: F) -> F:
    options = [
        click.option("--encoding", default=None, help="Encoding of the input files (default utf-8, BOM tolerated)."),
        click.option("--format", "fmt", default=None, help="Output format (check: md, html, json, jsonl, csv; score: jsonl, json, csv; bench: md, csv, json, html); default from the -o suffix, else the command's default."),
        click.option("-o", "--output", default=None, help="Write the report here (default: stdout). Replaced only when complete."),
        click.option("--scorer", "scorers", multiple=True,
                     help="Scorer to run (repeatable); 'default' is the standard set, 'fast' the same without offline-qe; e.g. --scorer default --scorer wordalign. Choices: default, fast, " + ", ".join(_scorer_names()) + "."),
        click.option("--glossary", default=None, help="Glossary file (CSV or TBX) for terminology checks."),
        click.option("--model", default=None, help="Published QE model: a checkpoint folder or a hub id in the local cache."),
        click.option("--encoder-path", default=None, help="Folder with the QE model's encoder config and tokenizer."),
        click.option("--device", default=None, help="auto, cpu, cuda or mps (QE models)."),
        click.option("--batch-size", type=int, default=None, help="Batch size for neural scorers."),
        click.option("--precision", default=None, help="auto, fp32, bf16, fp16 or int8 (QE models; auto is fp32 on CPU, with offline-qe's layers in ONNX Runtime where mtqa[onnx] is installed, fp32 keeps them in torch; offline-qe also runs bf16 on CPU, faster where the CPU has AMX)."),
        click.option("--qe-long-pairs", default=None,
                     help="Pairs longer than the QE model's limit: window (default; score sentence windows) or truncate."),
        click.option("--severity", "severity", multiple=True, metavar="CODE=SEVERITY",
                     help="Override an issue code's severity, e.g. REP002=major or LEN001=ok (repeatable)."),
        click.option("--threshold", "threshold", multiple=True, metavar="NAME=VALUE",
                     help="Override a named threshold, e.g. length.minor_factor=2.5 (repeatable). Names: " + ", ".join(_threshold_names()) + "."),
    ]
    for option in reversed(options):
        func = option(func)
    return _verbosity_options(func)


def _key_values(items: tuple[str, ...], option: str, convert: Callable[[str], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise UsageError(f"{option} takes NAME=VALUE, got {item!r}")
        try:
            out[key.strip()] = convert(value.strip())
        except ValueError:
            raise UsageError(f"{option} {item!r}: {value!r} is not a valid value") from None
    return out


def _make_config(defaults: dict[str, Any] | None = None, **options: Any) -> Any:
    """The run's Config: command line > mtqa.toml / [tool.mtqa] > the command's `defaults` > Config's
    (mtqa.config.resolve_config; no environment variable sets an option)."""
    from mtqa.config import resolve_config

    cli = dict(options)
    if "severity" in cli:
        cli["severity_overrides"] = _key_values(cli.pop("severity"), "--severity", str)
    if "threshold" in cli:
        cli["thresholds"] = _key_values(cli.pop("threshold"), "--threshold", float)
    return resolve_config(cli, defaults=defaults)


def _check_device(config: Any) -> None:
    """An explicit GPU device that is not here fails now, not after the models have loaded. `auto`
    and `cpu` need no check (and no torch import)."""
    if config.device not in ("auto", "cpu"):
        from mtqa.models.qe.runtime import check_device

        check_device(config.device)


def _output(output: str | None, inputs: tuple[str, ...]) -> str | None:
    """Check -o before any work is done: None (standard output, also for `-o -`) or a path that can
    take the report and is not one of the inputs."""
    from mtqa.io.output import check_output, is_stdout

    if output is None or is_stdout(output):
        return None
    check_output(output)
    for given in inputs:
        if Path(given).exists() and Path(output).exists() and os.path.samefile(given, output):
            raise InputError(f"-o {output!r} is one of the input files; choose another report path so the input is kept")
    return output


def _early_baseline(config: Any, write_baseline: str | None, inputs: tuple[str, ...], output: str | None) -> None:
    """A bad --baseline or --write-baseline fails before any model loads: the file is read (and
    checked) now; the path to write must take a file and be neither an input nor the report."""
    if config.baseline is not None:
        from mtqa.baseline import load_baseline

        load_baseline(config.baseline)
    if write_baseline is None:
        return
    from mtqa.io.output import check_output, is_stdout

    if is_stdout(write_baseline):
        raise UsageError("--write-baseline needs a file name, not '-' (standard output carries the report)")
    check_output(write_baseline, what="--write-baseline")
    for given in (*inputs, *([output] if output else [])):
        if Path(given).exists() and Path(write_baseline).exists() and os.path.samefile(given, write_baseline):
            raise InputError(f"--write-baseline {write_baseline!r} is also an input or the report; choose another path")


def _emit(text: str, output: str | None, inputs: tuple[str, ...]) -> None:
    from mtqa.io.output import write_atomic

    output = _output(output, inputs)
    if output is None:
        if sys.stdout.isatty():
            # A terminal acts on escape sequences and bidi overrides in the input: show them instead.
            from mtqa.report.safe_text import visible

            text = visible(text, keep_layout=True)
        click.echo(text, nl=False)
        return
    write_atomic(output, text)


class _Progress:
    """Progress of a check or score run on stderr, for a person at a terminal: after each scorer,
    how many have run, the pairs, the time so far and, at the end, pairs per second. Shown only
    once the run has taken `after` seconds (a quick run stays quiet), and only where stderr is a
    terminal and -q is not given. Scorers run over the whole batch at once (document-level checks
    need every pair), so progress counts scorers; the slow one (offline-qe) also reports its pairs as
    it goes, which gives pairs/s and an ETA (`pairs`)."""

    def __init__(self, *, after: float = 2.0, clock: Callable[[], float] | None = None,
                 write: Callable[[str], None] | None = None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.start = self.clock()
        self.after = after
        self.write = write or (lambda text: click.echo(text, err=True, nl=False))
        self.shown = False
        self.first_report: dict[str, tuple[float, int]] = {}

    def __call__(self, done: int, total: int, name: str, pairs: int) -> None:
        elapsed = self.clock() - self.start
        if elapsed < self.after:
            return
        self.shown = True
        line = f"mtqa: {pairs} pairs: {done}/{total} scorers done ({name}), {elapsed:.0f} s"
        if done == total:
            rate = pairs / elapsed if elapsed > 0 else float("inf")
            line = f"mtqa: {pairs} pairs scored by {total} scorers in {elapsed:.0f} s ({rate:.1f} pairs/s)"
        self.write("\r" + _shown(line).ljust(78) + ("\n" if done == total else ""))

    def pairs(self, scorer: str, done: int, total: int) -> None:
        """Inside a scorer that reports its pairs (offline-qe): pairs done, pairs/s and an ETA, from
        the scorer's own rate since its first report."""
        now = self.clock()
        first = self.first_report.setdefault(scorer, (now, done))
        if now - self.start < self.after or done >= total:
            return
        self.shown = True
        rate = (done - first[1]) / (now - first[0]) if now > first[0] and done > first[1] else 0.0
        eta = f", about {(total - done) / rate:.0f} s left" if rate > 0 else ""
        line = f"mtqa: {scorer}: {done}/{total} pairs" + (f", {rate:.1f} pairs/s" if rate > 0 else "") + eta
        self.write("\r" + _shown(line).ljust(78))


def _with_progress(run: Callable[[], Any]) -> Any:
    """`run()`, with scorer progress on stderr when it is a terminal and -q is not given."""
    if not sys.stderr.isatty() or _VERBOSITY["level"] < 0:
        return run()
    from mtqa.pipeline import PROGRESS
    from mtqa.scoring import PAIR_PROGRESS

    progress = _Progress()
    token, pair_token = PROGRESS.set(progress), PAIR_PROGRESS.set(progress.pairs)
    try:
        return run()
    finally:
        PAIR_PROGRESS.reset(pair_token)
        PROGRESS.reset(token)


def _report_note(report: Any, output: str | None) -> None:
    """-v: what ran and what it found, on stderr."""
    counts = report.issue_counts()
    scorers = [name for name in report.signatures if name != "mtqa"]
    _note(f"scorers: {', '.join(scorers)}")
    _note(f"{len(report.segments)} segments, {sum(1 for s in report.segments if s.issues)} flagged; issues: "
          f"{counts['critical']} critical, {counts['major']} major, {counts['minor']} minor")
    gate = "not gated (--fail-on never)" if report.fail_on is None else (
        f"gate {'passed' if report.passed else 'failed'} (fails on {report.fail_on.value} or worse)")
    if report.baseline is not None:
        _note(f"{report.suppressed_count()} issue(s) suppressed by the baseline {report.baseline}")
    _note(f"{gate}; report: {output or 'standard output'}")


def _warn(warnings: tuple[str, ...]) -> None:
    if _VERBOSITY["level"] < 0:
        return
    for warning in warnings:
        click.echo(f"mtqa: warning: {_shown(warning)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
def main() -> None:
    """mtqa: check machine translations sentence by sentence and flag what a reviewer must fix.

    Exit codes: 0 passed, 1 gate failed, 2 usage error, 3 bad input, 4 model or scorer unavailable.
    """
    _VERBOSITY["level"] = 0


@main.command()
@click.argument("source")
@click.argument("target", required=False)
@_lang_options
@_common_options
@click.option("--fail-on", default=None, help="minor, major (default), critical or never: the severity that fails the gate (exit 1).")
@click.option("--presegmented/--no-presegmented", default=None, help="Files hold one sentence per line.")
@click.option("--aligner", default=None, help="auto (default), vecalign or gale-church.")
@click.option("--encoder", default=None, help="Sentence encoder for alignment and similarity: use (default) or e5.")
@_baseline_options
@_boundary
def check(source: str, target: str | None, fmt: str | None, output: str | None, write_baseline: str | None, **options: Any) -> None:
    """Align SOURCE and TARGET documents, score every pair and report the issues.

    A bilingual file (.xlf/.xliff, .tmx, .po) is given alone and checked unit by unit; two subtitle
    files (.srt, .vtt) are paired cue by cue. `-o out.xlf` from an XLIFF writes the file back with
    ITS 2.0 quality-issue annotations. Exits 1 when an issue at or above --fail-on is found (default: major).
    """
    from mtqa.io.formats import ANNOTATABLE_SUFFIXES, is_bilingual, is_subtitle
    from mtqa.pipeline import check_documents, check_units
    from mtqa.pipeline_jobs import return_freed_memory
    from mtqa.report import CHECK_FORMATS, choose_format, render

    return_freed_memory()

    inputs = (source,) if target is None else (source, target)
    if target is None and not is_bilingual(source):
        raise UsageError(f"missing TARGET: give SOURCE and TARGET documents, or one bilingual file (.xlf, .xliff, .tmx, .po) "
                         f"instead of {source!r}")
    if target is not None and is_bilingual(source):
        raise UsageError(f"{source!r} is a bilingual file and holds its own targets; give it alone: mtqa check {source}")
    config = _make_config(**options)
    _check_device(config)
    output = _output(output, inputs)
    _early_baseline(config, write_baseline, inputs, output)
    annotated = (
        output is not None and fmt is None and Path(output).suffix.lower() in ANNOTATABLE_SUFFIXES
        and Path(source).suffix.lower() in ANNOTATABLE_SUFFIXES and target is None
    )
    fmt = None if annotated else choose_format(fmt, output, "md", CHECK_FORMATS)
    if target is None or (is_subtitle(source) and is_subtitle(target)):
        report, file = _with_progress(lambda: check_units(source, target, config))
    else:
        report, file = _with_progress(lambda: check_documents(source, target, config)), None
    if annotated:
        from mtqa.io.formats.xliff import annotate

        _emit(annotate(file, report.segments, report.fail_on), output, inputs)
        flagged = sum(1 for seg in report.segments if seg.issues)
        click.echo(f"mtqa: {flagged} of {len(report.segments)} units annotated in {_shown(str(output))}; "
                   f"gate {'passed' if report.passed else 'FAILED'}", err=True)
    else:
        _emit(render(report, fmt or "md"), output, inputs)
    _write_baseline(write_baseline, report)
    _warn(report.warnings)
    _report_note(report, output)
    if not report.passed:
        sys.exit(EXIT_GATE_FAILED)


@main.command()
@click.argument("pairs")
@_lang_options
@_common_options
@click.option("--fail-on", default=None, help="minor, major, critical or never (default): the severity that fails the run (exit 1).")
@click.option("--input-format", default=None, metavar="tsv|csv|jsonl",
              help="Type of PAIRS: tsv, csv or jsonl (default: from the suffix; for '-', from the text).")
@click.option("--jobs", type=int, default=1, show_default=True,
              help="Score in this many worker processes (the file goes in blocks of 1,024 pairs); same output as --jobs 1.")
@_baseline_options
@_boundary
def score(pairs: str, fmt: str | None, output: str | None, write_baseline: str | None, jobs: int, **options: Any) -> None:
    """Score a pair file (.tsv, .csv or .jsonl with source and target columns), row by row.

    Other columns are carried through unchanged and rows keep their input order.
    """
    from mtqa.pipeline import score_pair_file
    from mtqa.pipeline_jobs import check_jobs, return_freed_memory
    from mtqa.report import SCORE_FORMATS, choose_format, render

    check_jobs(jobs)
    return_freed_memory()
    config = _make_config({"fail_on": None}, **options)
    _check_device(config)
    output = _output(output, (pairs,))
    _early_baseline(config, write_baseline, (pairs,), output)
    fmt = choose_format(fmt, output, "jsonl", SCORE_FORMATS)
    if fmt == "jsonl" and config.baseline is None and write_baseline is None:
        _score_streamed(pairs, config, output, jobs)
        return
    report = _with_progress(lambda: score_pair_file(pairs, config, jobs=jobs))
    _emit(render(report, fmt), output, (pairs,))
    _write_baseline(write_baseline, report)
    _warn(report.warnings)
    _report_note(report, output)
    if not report.passed:
        sys.exit(EXIT_GATE_FAILED)


def _score_streamed(pairs: str, config: Any, output: str | None, jobs: int) -> None:
    """`score` to JSON Lines without holding the report: each block's lines go to a spool file on
    disk as the block is done, and the spool becomes the report (-o, replaced only when complete,
    or standard output) once every block is scored. Memory stays that of one block per process."""
    import tempfile

    from mtqa.pipeline import score_pair_file
    from mtqa.report import render
    from mtqa.types import Report

    totals = {"segments": 0, "flagged": 0, "critical": 0, "major": 0, "minor": 0}
    gate = {"passed": True}
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        def sink(segments: Any) -> None:
            part = Report(segments=tuple(segments), source_lang=config.source_lang, target_lang=config.target_lang,
                          signatures={}, config={}, fail_on=config.fail_on)
            spool.write(render(part, "jsonl"))
            gate["passed"] = gate["passed"] and part.passed
            counts = part.issue_counts()
            totals["segments"] += len(part.segments)
            totals["flagged"] += sum(1 for seg in part.segments if seg.issues)
            for key in ("critical", "major", "minor"):
                totals[key] += counts[key]

        report = _with_progress(lambda: score_pair_file(pairs, config, jobs=jobs, sink=sink))
        if report.segments:  # scored whole (a bilingual file), not block by block
            sink(report.segments)
        spool.seek(0)
        chunks = iter(lambda: spool.read(1 << 20), "")
        if output is None:
            for text in chunks:
                _emit(text, None, (pairs,))
        else:
            from mtqa.io.output import write_atomic

            write_atomic(output, chunks)
    _warn(report.warnings)
    _note(f"scorers: {', '.join(name for name in report.signatures if name != 'mtqa')}")
    _note(f"{totals['segments']} segments, {totals['flagged']} flagged; issues: {totals['critical']} critical, "
          f"{totals['major']} major, {totals['minor']} minor")
    verdict = "not gated (--fail-on never)" if config.fail_on is None else (
        f"gate {'passed' if gate['passed'] else 'failed'} (fails on {config.fail_on.value} or worse)")
    _note(f"{verdict}; report: {output or 'standard output'}")
    if not gate["passed"]:
        sys.exit(EXIT_GATE_FAILED)


@main.command()
@click.argument("source")
@click.argument("target")
@_lang_options
@click.option("--presegmented/--no-presegmented", default=None, help="Files hold one sentence per line; output names 1-based line numbers.")
@click.option("--aligner", default=None, help="auto (default), vecalign or gale-church.")
@click.option("--encoder", default=None, help="Sentence encoder: use (default) or e5.")
@click.option("--encoding", default=None, help="Encoding of the input files (default utf-8).")
@click.option("--format", "fmt", default=None, help="jsonl (default) or tsv.")
@click.option("-o", "--output", default=None, help="Write here instead of stdout.")
@_verbosity_options
@_boundary
def align(source: str, target: str, fmt: str | None, output: str | None, **options: Any) -> None:
    """Align the sentences of SOURCE and TARGET (1-1, 1-2, 2-1, 2-2, omissions 1-0, additions 0-1)."""
    from mtqa.align.render import render_alignment
    from mtqa.pipeline import align_documents
    from mtqa.report import choose_format

    config = _make_config(**options)
    output = _output(output, (source, target))
    fmt = choose_format(fmt, output, "jsonl", ("jsonl", "tsv"))
    aligned = align_documents(source, target, config)
    _emit(render_alignment(aligned, fmt), output, (source, target))
    _warn(aligned.warnings)


@main.command()
@click.argument("manifest")
@_lang_options
@_common_options
@click.option("--reports", default=None, help="Also write one HTML report per document into this folder (created if missing).")
@click.option("--line-aligned", is_flag=True, default=False,
              help="Files hold one segment per line, line i of each file the same segment: score line by line, never re-align.")
@click.option("--baseline", default=None, help="Test every system against this one (paired bootstrap and approximate randomisation).")
@click.option("--resamples", type=int, default=1000, show_default=True, help="Bootstrap resamples for intervals and the paired bootstrap.")
@click.option("--trials", type=int, default=10000, show_default=True, help="Approximate randomisation trials.")
@click.option("--seed", type=int, default=12345, show_default=True, help="Seed of the resampling (sacrebleu's default).")
@click.option("--jobs", type=int, default=1, show_default=True,
              help="Check the manifest's rows in this many processes, or Ray actors (1 with --backend ray: one per CPU of the cluster); same results.")
@click.option("--backend", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where rows are checked: this machine, or a Ray cluster (needs: pip install 'mtqa[ray]'); same results.")
@click.option("--ray-address", default=None,
              help="Ray cluster to join with --backend ray (e.g. 10.0.0.5:6379 or auto); default: start a local instance.")
@click.option("--judgements", default=None,
              help="Human judgements (.tsv/.csv/.jsonl: system, doc, line, human or category): adds a meta-evaluation.")
@click.option("--cache", "cache_dir", default=None,
              help="Folder of the per-document result cache that lets a re-run re-use unchanged documents and an interrupted run resume (default: bench/ under $MTQA_CACHE, else ~/.cache/mtqa).")
@click.option("--no-cache", is_flag=True, default=False, help="Check every document afresh and store nothing.")
@_boundary
def bench(manifest: str, fmt: str | None, output: str | None, reports: str | None, line_aligned: bool,
          baseline: str | None, resamples: int, trials: int, seed: int, jobs: int, backend: str,
          ray_address: str | None, judgements: str | None, cache_dir: str | None, no_cache: bool, **options: Any) -> None:
    """Check many documents from several MT systems and compare the systems.

    MANIFEST is a .tsv/.csv/.jsonl with columns source, target (paths, relative to the manifest)
    and optionally system, doc and reference (a human translation: adds sacrebleu's BLEU, chrF and TER).
    """
    from mtqa.bench import Settings, render_bench, run_bench
    from mtqa.io.output import write_atomic
    from mtqa.report import choose_format, render

    config = _make_config(**options)
    _check_device(config)
    output = _output(output, (manifest,))
    fmt = choose_format(fmt, output, "md", ("md", "csv", "json", "html"))
    if reports is not None and Path(reports).exists() and not Path(reports).is_dir():
        raise InputError(f"--reports {reports!r} is a file, not a folder; give a folder path")
    if no_cache and cache_dir is not None:
        raise UsageError("--cache and --no-cache contradict each other; give one")
    if not no_cache and cache_dir is None:
        from mtqa.benchreport.cache import default_folder

        cache_dir = str(default_folder())
    settings = Settings(line_aligned=line_aligned, baseline=baseline, resamples=resamples, trials=trials, seed=seed,
                        judgements=judgements, jobs=jobs, backend=backend, ray_address=ray_address,
                        cache=None if no_cache else cache_dir)
    result = run_bench(manifest, config, settings, progress=_progress() if sys.stderr.isatty() and _VERBOSITY["level"] >= 0 else None)
    _emit(render_bench(result, fmt), output, (manifest,))
    if result.cache.get("reused") and _VERBOSITY["level"] >= 0:
        click.echo(f"mtqa bench: {result.cache['reused']} of {result.cache['rows']} documents re-used from the cache "
                   f"in {result.cache['folder']} (--no-cache checks them all afresh)", err=True)
    if reports is not None:
        Path(reports).mkdir(parents=True, exist_ok=True)
        for key, report in result.reports.items():
            write_atomic(Path(reports) / (key.replace("/", "__") + ".html"), render(report, "html"))
    _warn(result.warnings)
    _warn(result.cache["warnings"])


def _progress() -> Callable[[int, int, str], None]:
    def show(done: int, total: int, label: str) -> None:
        click.echo(f"\rmtqa bench: {done}/{total} {label[:60]:<60}", err=True, nl=done == total)

    return show


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--model", default=None, help="Also say whether this model id or folder is usable, and where it was looked for.")
@_verbosity_options
@_boundary
def models(fmt: str, model: str | None) -> None:
    """List the encoders, scorers and QE models usable here, and where models are looked for."""
    import json

    from mtqa.models.available import describe

    rows = describe(model)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    kind_width = max(len(r["kind"]) for r in rows)
    for row in rows:
        status = "ok" if row["available"] else "corrupt" if str(row.get("status", "")).startswith("corrupt") else "missing"
        click.echo(_shown(f"{row['name']:<{width}}  {status:<7}  {row['kind']:<{kind_width}}  {row['detail']}"))


@main.command()
@click.argument("code")
@_verbosity_options
@_boundary
def explain(code: str) -> None:
    """Say what issue CODE (e.g. NUM001) means, when it fires, and how to tune or silence it."""
    from mtqa.codes import explain as explain_code

    click.echo(explain_code(code))
