"""One precedence rule for every option: command line > mtqa.toml / [tool.mtqa] > the command's
default > Config's default. No environment variable sets an option."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mtqa import cli, pipeline
from mtqa.config import Config
from mtqa.errors import MtqaError
from mtqa.types import Severity

LANGS = ["--src-lang", "it", "--tgt-lang", "en"]


class _Captured(MtqaError):
    exit_code = 0


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Config]:
    """The Config each `check` / `score` run would use; the run stops there."""
    seen: list[Config] = []

    def capture(*args: Any, **kwargs: Any) -> None:  # keyword options (score's jobs, sink) are not the Config
        seen.append(args[-1])
        raise _Captured("captured")

    monkeypatch.setattr(pipeline, "check_documents", capture)
    monkeypatch.setattr(pipeline, "score_pair_file", capture)
    return seen


def _config(captured: list[Config], cwd: Path, args: list[str], toml: str | None = None, command: str = "check") -> Config:
    if toml is not None:
        (cwd / "mtqa.toml").write_text(toml + "\n", encoding="utf-8")
    inputs = ["s.txt", "t.txt"] if command == "check" else ["p.tsv"]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli.main, [command, *inputs, *args])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return captured.pop()


# field, mtqa.toml text, command-line arguments, value from the file, value from the command line.
# Language rows give both languages in the file, so the file alone makes a complete run.
ROWS: list[tuple[str, str, list[str], Any, Any]] = [
    ("source_lang", 'source_lang = "en"\ntarget_lang = "it"', ["--src-lang", "it", "--tgt-lang", "en"], "en", "it"),
    ("target_lang", 'source_lang = "en"\ntarget_lang = "it"', ["--src-lang", "it", "--tgt-lang", "en"], "it", "en"),
    ("fail_on", 'fail_on = "minor"', ["--fail-on", "critical"], Severity.MINOR, Severity.CRITICAL),
    ("scorers", 'scorers = ["fast"]', ["--scorer", "numbers"], ("fast",), ("numbers",)),
    ("aligner", 'aligner = "gale-church"', ["--aligner", "vecalign"], "gale-church", "vecalign"),
    ("encoder", 'encoder = "e5"', ["--encoder", "use"], "e5", "use"),
    ("presegmented", "presegmented = true", ["--no-presegmented"], True, False),
    ("encoding", 'encoding = "latin-1"', ["--encoding", "utf-16-le"], "iso8859-1", "utf-16-le"),
    ("glossary", 'glossary = "a.csv"', ["--glossary", "b.csv"], "a.csv", "b.csv"),
    ("model", 'model = "m1"', ["--model", "m2"], "m1", "m2"),
    ("encoder_path", 'encoder_path = "e1"', ["--encoder-path", "e2"], "e1", "e2"),
    ("device", 'device = "cpu"', ["--device", "auto"], "cpu", "auto"),
    ("batch_size", "batch_size = 4", ["--batch-size", "8"], 4, 8),
    ("precision", 'precision = "fp32"', ["--precision", "bf16"], "fp32", "bf16"),
    ("qe_long_pairs", 'qe_long_pairs = "truncate"', ["--qe-long-pairs", "window"], "truncate", "window"),
    ("input_format", 'input_format = "csv"', ["--input-format", "jsonl"], "csv", "jsonl"),
    ("baseline", 'baseline = "accepted.json"', ["--baseline", "mine.json"], "accepted.json", "mine.json"),
    (
        "severity_overrides",
        '[severity_overrides]\nREP002 = "major"\nnum001 = "minor"',
        ["--severity", "rep002=ok"],
        {"REP002": "major", "NUM001": "minor"},
        {"REP002": "ok", "NUM001": "minor"},  # merged name by name, codes upper-cased
    ),
    (
        "thresholds",
        '[thresholds]\n"length.minor_factor" = 2.0\n"length.major_factor" = 3.0',
        ["--threshold", "length.minor_factor=2.5"],
        {"length.minor_factor": 2.0, "length.major_factor": 3.0},
        {"length.minor_factor": 2.5, "length.major_factor": 3.0},
    ),
]


# Options that only some commands take, and the command a row runs (else `check`).
COMMAND = {"input_format": "score"}


def test_the_table_covers_every_option() -> None:
    assert sorted(row[0] for row in ROWS) == sorted(f.name for f in dataclasses.fields(Config))


@pytest.mark.parametrize(("field", "toml", "args", "from_file", "from_cli"), ROWS, ids=[r[0] for r in ROWS])
def test_command_line_beats_file_beats_default(
    captured: list[Config], tmp_path: Path, field: str, toml: str, args: list[str], from_file: Any, from_cli: Any
) -> None:
    base = [] if field.endswith("_lang") else LANGS
    command = COMMAND.get(field, "check")
    if field == "baseline":  # read before the run starts, so both must exist
        for name in (from_file, from_cli):
            (tmp_path / name).write_text('{"schema": "mtqa.baseline/1", "suppressions": []}', encoding="utf-8")
    default = getattr(_config(captured, tmp_path, LANGS, command=command), field)
    assert default != from_file, "the file value must differ from the default to show it was read"
    got_file = getattr(_config(captured, tmp_path, base, toml, command=command), field)
    got_cli = getattr(_config(captured, tmp_path, base + args, command=command), field)
    assert _plain(got_file) == _plain(from_file)
    assert _plain(got_cli) == _plain(from_cli)


def test_pyproject_tool_table_is_read_and_mtqa_toml_wins_over_it(captured: list[Config], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nbatch_size = 3\n', encoding="utf-8")
    assert _config(captured, tmp_path, LANGS).batch_size == 3
    assert _config(captured, tmp_path, LANGS, "batch_size = 5").batch_size == 5


@pytest.mark.parametrize(("command", "default"), [("check", Severity.MAJOR), ("score", None)])
def test_fail_on_defaults_per_command_and_the_file_overrides_both(
    captured: list[Config], tmp_path: Path, command: str, default: Severity | None
) -> None:
    assert _config(captured, tmp_path, LANGS, command=command).fail_on is default
    assert _config(captured, tmp_path, LANGS, 'fail_on = "critical"', command=command).fail_on is Severity.CRITICAL
    assert _config(captured, tmp_path, [*LANGS, "--fail-on", "never"], command=command).fail_on is None


def test_no_environment_variable_sets_an_option(captured: list[Config], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MTQA_FAIL_ON", "MTQA_BATCH_SIZE", "MTQA_ENCODING", "MTQA_SRC_LANG"):
        monkeypatch.setenv(name, "x")
    config = _config(captured, tmp_path, LANGS)
    assert (config.fail_on, config.batch_size, config.encoding) == (Severity.MAJOR, 16, "utf-8")


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) or hasattr(value, "items") else value


@pytest.mark.parametrize("pyproject", ["tool = 3\n", '[tool]\nmtqa = "x"\n'])
def test_a_malformed_tool_table_is_a_clear_error_or_ignored(tmp_path: Path, pyproject: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli.main, ["score", "missing.tsv", *LANGS])
    finally:
        os.chdir(old)
    assert result.exit_code == 3, result.output
    assert "missing.tsv" in result.output or "[tool.mtqa]" in result.output
