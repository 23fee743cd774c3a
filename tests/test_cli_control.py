"""Command-line control: -q/-v on every command, --version, --help naming every choice, and the
README listing every environment variable mtqa reads."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import __version__
from mtqa.cli import main
from mtqa.config import THRESHOLD_NAMES
from mtqa.errors import MtqaWarning
from mtqa.scoring import REGISTRY
from mtqa.types import Report, SegmentResult

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["--src-lang", "it", "--tgt-lang", "en"]


@pytest.fixture
def pairs(tmp_path: Path) -> str:
    path = tmp_path / "p.tsv"
    path.write_text("source\ttarget\nHo 3 gatti.\tI have 3 cats.\n", encoding="utf-8")
    return str(path)


def _warned_report(*args: object, **kwargs: object) -> Report:
    warnings.warn(MtqaWarning("the cache moved"), stacklevel=1)
    return Report(segments=(SegmentResult(0, "Ho 3 gatti.", "I have 3 cats.", None, ()),), source_lang="it",
                  target_lang="en", signatures={"mtqa": {"version": __version__}, "numbers": {"name": "numbers"}},
                  config={}, warnings=("two lines were long",), fail_on=None)


def test_every_command_takes_quiet_and_verbose() -> None:
    for name, command in main.commands.items():
        opts = {o for p in command.params for o in getattr(p, "opts", [])}
        assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name


def test_quiet_silences_warnings_but_not_the_report(pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", _warned_report)
    loud = CliRunner().invoke(main, ["score", pairs, *LANGS])
    assert loud.stderr.splitlines() == ["mtqa: warning: the cache moved", "mtqa: warning: two lines were long"]
    quiet = CliRunner().invoke(main, ["score", pairs, *LANGS, "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout == loud.stdout and '"source": "Ho 3 gatti."' in quiet.stdout


def test_verbose_says_what_ran(pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", _warned_report)
    result = CliRunner().invoke(main, ["score", pairs, *LANGS, "--verbose"])
    assert result.exit_code == 0
    assert "mtqa: scorers: numbers" in result.stderr
    assert "mtqa: 1 segments, 0 flagged; issues: 0 critical, 0 major, 0 minor" in result.stderr
    assert "mtqa: not gated (--fail-on never); report: standard output" in result.stderr


def test_quiet_and_verbose_exclude_each_other(pairs: str) -> None:
    result = CliRunner().invoke(main, ["score", pairs, *LANGS, "-q", "-v"])
    assert result.exit_code == 2 and "exclude each other" in result.stderr
    # the level does not leak into the next command run in the same process
    again = CliRunner().invoke(main, ["explain", "NUM001", "-v"])
    assert again.exit_code == 0, again.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"mtqa, version {__version__}\n"


@pytest.mark.parametrize("command", ["check", "score"])
def test_help_lists_the_choices(command: str) -> None:
    text = " ".join(CliRunner().invoke(main, [command, "--help"], terminal_width=10_000).stdout.split())
    for name in REGISTRY:
        assert name in text, name
    for name in THRESHOLD_NAMES:
        assert name in text, name
    assert "minor, major" in text and "never" in text  # --fail-on
    assert "md, html, json, jsonl, csv" in text and "score: jsonl, json, csv" in text  # --format


def test_readme_lists_every_environment_variable() -> None:
    """Every variable the package reads (os.environ / os.getenv) is in the README's table."""
    read: set[str] = set()
    for path in (ROOT / "mtqa").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"""environ(?:\.get\(|\[)\s*["']([A-Z_][A-Z0-9_]*)["']""", text))
        read |= set(re.findall(r"""getenv\(\s*["']([A-Z_][A-Z0-9_]*)["']""", text))
        # a loop over names: `for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")`
        for group in re.findall(r"environ\.get\(\w+[^)]*\)[^\n]*for \w+ in \(([^)]*)\)", text):
            read |= set(re.findall(r'"([A-Z_][A-Z0-9_]*)"', group))
    assert {"MTQA_DEBUG", "MTQA_CACHE", "HF_HUB_OFFLINE"} <= read  # the scan finds them
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    missing = sorted(name for name in read if f"`{name}`" not in section)
    assert not missing, f"add to the README's environment variables: {missing}"


def test_score_reads_standard_input_in_the_given_format(tmp_path: Path) -> None:
    tsv = "source\ttarget\nHo 3 gatti.\tI have 4 cats.\n"
    args = ["score", "-", *LANGS, "--scorer", "numbers"]
    piped = CliRunner().invoke(main, [*args, "--input-format", "tsv"], input=tsv)
    assert piped.exit_code == 0, piped.output
    assert '"target": "I have 4 cats."' in piped.stdout and '"code": "NUM001"' in piped.stdout
    # the format given wins over the text's look: read as CSV, the tab-separated header is one column
    as_csv = CliRunner().invoke(main, [*args, "--input-format", "csv"], input=tsv)
    assert as_csv.exit_code == 3 and "source" in as_csv.stderr
    # a file whose suffix names no pair type is read once its type is given
    odd = tmp_path / "pairs.txt"
    odd.write_text(tsv, encoding="utf-8")
    assert CliRunner().invoke(main, ["score", str(odd), *LANGS, "--scorer", "numbers"]).exit_code == 3
    named = CliRunner().invoke(main, ["score", str(odd), *LANGS, "--scorer", "numbers", "--input-format", "TSV"])
    assert named.exit_code == 0 and named.stdout == piped.stdout
    bad = CliRunner().invoke(main, [*args, "--input-format", "xml"], input=tsv)
    assert bad.exit_code == 2 and bad.stderr == "mtqa: error: unknown --input-format 'xml'; valid: tsv, csv, jsonl\n"


def test_progress_lines_count_scorers_and_end_with_the_rate() -> None:
    from mtqa.cli import _Progress

    now = [0.0]
    out: list[str] = []
    progress = _Progress(after=2.0, clock=lambda: now[0], write=out.append)
    now[0] = 1.0
    progress(1, 3, "numbers", 50)  # a quick start stays quiet
    assert out == []
    now[0] = 4.0
    progress(2, 3, "similarity", 50)
    now[0] = 10.0
    progress(3, 3, "offline-qe", 50)
    assert [line.strip() for line in out] == [
        "mtqa: 50 pairs: 2/3 scorers done (similarity), 4 s",
        "mtqa: 50 pairs scored by 3 scorers in 10 s (5.0 pairs/s)",
    ]
    assert out[0].startswith("\r") and out[-1].endswith("\n")


def test_the_pipeline_tells_progress_after_each_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.pipeline import PROGRESS

    told: list[tuple[int, int, str, int]] = []
    token = PROGRESS.set(lambda *args: told.append(args))
    try:
        import mtqa

        mtqa.score([("Ho 3 gatti.", "I have 4 cats.")], source_lang="it", target_lang="en", scorers=["numbers", "length"])
    finally:
        PROGRESS.reset(token)
    assert [(d, t, p) for d, t, _, p in told] == [(1, 2, 1), (2, 2, 1)]


def test_no_progress_when_stderr_is_not_a_terminal(pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["score", pairs, *LANGS, "--scorer", "numbers"])
    assert result.exit_code == 0 and result.stderr == ""


def test_shell_completion_as_documented() -> None:
    script = CliRunner().invoke(main, [], prog_name="mtqa", env={"_MTQA_COMPLETE": "bash_source"})
    assert script.exit_code == 0 and "_mtqa_completion()" in script.output
    words = CliRunner().invoke(main, [], prog_name="mtqa",
                               env={"_MTQA_COMPLETE": "bash_complete", "COMP_WORDS": "mtqa sc", "COMP_CWORD": "1"})
    assert words.output == "plain,score\n"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_MTQA_COMPLETE=bash_source mtqa)"' in readme


def test_progress_inside_the_slow_scorer_shows_pairs_per_second_and_an_eta() -> None:
    from mtqa.cli import _Progress

    now = [0.0]
    out: list[str] = []
    progress = _Progress(after=2.0, clock=lambda: now[0], write=out.append)
    now[0] = 3.0
    progress.pairs("offline-qe", 256, 1000)  # the first report sets the scorer's clock
    now[0] = 13.0
    progress.pairs("offline-qe", 512, 1000)  # 256 pairs in 10 s
    progress.pairs("offline-qe", 1000, 1000)  # done: the scorer line follows instead
    assert [line.strip() for line in out] == [
        "mtqa: offline-qe: 256/1000 pairs",
        "mtqa: offline-qe: 512/1000 pairs, 25.6 pairs/s, about 19 s left",
    ]


def test_offline_qe_reports_its_pairs_to_the_progress_hook() -> None:
    import mtqa
    from mtqa.scoring import PAIR_PROGRESS

    told: list[tuple[str, int, int]] = []
    token = PAIR_PROGRESS.set(lambda *args: told.append(args))
    try:
        report = mtqa.score([("Ho tre gatti.", "I have three cats."), ("Piove.", "It is raining.")],
                            source_lang="it", target_lang="en", scorers=["offline-qe"])
    finally:
        PAIR_PROGRESS.reset(token)
    assert told == [("offline-qe", 2, 2)]
    assert [seg.scores.get("offline-qe") is not None for seg in report.segments] == [True, True]
