"""The command-line contract: every command, every exit code, every bad input (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import scoring
from mtqa.cli import main

LANGS = ["--src-lang", "it", "--tgt-lang", "en"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help(runner: CliRunner) -> None:
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage: main " + command in result.output or f"Usage: mtqa {command}" in result.output


def test_check_demo_fails_gate_and_flags_known_errors(runner: CliRunner, demo_source: str, demo_target: str) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    by_target = {seg["target"]: seg for seg in report["segments"]}
    heading = by_target["Riconoscimento facciale, il passo definitivo di Amazon su Rekognition"]
    assert heading["severity"] == "major"
    assert heading["issues"][0]["category"] == "accuracy/untranslated"
    byline = by_target["di Chiara Rossi"]
    assert byline["issues"][0]["code"] == "UNT002"
    tuesday = next(seg for seg in report["segments"] if seg["target"].startswith("On Tuesday"))
    rep = next(i for i in tuesday["issues"] if i["category"] == "fluency/repetition")
    start, end = rep["target_span"]
    assert tuesday["target"][start:end] == "on Tuesday"
    assert report["summary"]["passed"] is False
    assert set(report["signatures"]) >= {"mtqa", "aligner", "untranslated", "repetition", "length"}


def test_segment_json_contract(runner: CliRunner, demo_source: str, demo_target: str) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--format", "json"])
    for seg in json.loads(result.stdout)["segments"]:
        assert {"source", "target", "score", "severity", "issues"} <= set(seg)
        assert seg["severity"] in {"ok", "note", "minor", "major", "critical"}
        worst = max((["ok", "note", "minor", "major", "critical"].index(i["severity"]) for i in seg["issues"]), default=0)
        assert seg["severity"] == ["ok", "note", "minor", "major", "critical"][worst]
        for issue in seg["issues"]:
            assert {"code", "category", "severity", "message", "scorer", "target_span"} <= set(issue)


@pytest.mark.parametrize(("fail_on", "code"), [("minor", 1), ("major", 1), ("critical", 0), ("never", 0)])
def test_fail_on_sets_exit_code(runner: CliRunner, demo_source: str, demo_target: str, fail_on: str, code: int) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--fail-on", fail_on])
    assert result.exit_code == code


def test_clean_translation_passes(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("Il governo ha approvato la legge ieri sera.\nLa misura entrerà in vigore a gennaio.\n", encoding="utf-8")
    tgt.write_text("The government approved the law last night.\nThe measure will take effect in January.\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(src), str(tgt), *LANGS])
    assert result.exit_code == 0, result.output
    assert "**PASSED**" in result.stdout


def test_check_writes_html_by_suffix(runner: CliRunner, tmp_path: Path, demo_source: str, demo_target: str) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<mark class="major"' in html
    assert result.stdout == ""


def test_score_pair_file_keeps_order_and_columns(runner: CliRunner, tmp_path: Path) -> None:
    pairs = tmp_path / "p.tsv"
    pairs.write_text(
        "id\tsource\ttarget\n"
        "b\tIl governo ha approvato la legge ieri.\tIl governo ha approvato la legge ieri.\n"
        "a\tLa misura entra in vigore a gennaio.\tThe measure takes effect in January.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["score", str(pairs), *LANGS])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["b", "a"]
    assert rows[0]["issues"][0]["code"] == "UNT001"
    assert rows[1]["issues"] == []


def test_score_csv_output(runner: CliRunner, tmp_path: Path) -> None:
    pairs = tmp_path / "p.jsonl"
    pairs.write_text('{"id": 9, "source": "Sì.", "target": "Yes."}\n', encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = runner.invoke(main, ["score", str(pairs), *LANGS, "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("id,index,source,target,score,severity")


def test_align_presegmented_names_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("Primo.\nSecondo punto della questione.\nTerzo.\n", encoding="utf-8")
    tgt.write_text("First.\nSecond point of the matter.\nThird.\n", encoding="utf-8")
    result = runner.invoke(main, ["align", str(src), str(tgt), *LANGS, "--presegmented", "--aligner", "gale-church"])
    assert result.exit_code == 0
    links = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(l["source_lines"], l["target_lines"]) for l in links] == [([1], [1]), ([2], [2]), ([3], [3])]


def test_models_lists_offline_components(runner: CliRunner) -> None:
    result = runner.invoke(main, ["models", "--format", "json"])
    assert result.exit_code == 0
    names = {row["name"]: row for row in json.loads(result.stdout)}
    assert names["use"]["available"] and names["langid"]["available"]
    # mtqa's own QE model is listed with the identity of the shipped adapter
    assert names["offline-qe"]["available"] and "mtqa-qe-crossenc/3" in names["offline-qe"]["detail"]


def test_models_says_when_the_offline_qe_adapter_is_missing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_QE_ADAPTER", str(tmp_path))
    result = runner.invoke(main, ["models", "--format", "json"])
    row = {r["name"]: r for r in json.loads(result.stdout)}["offline-qe"]
    assert result.exit_code == 0 and not row["available"] and str(tmp_path) in row["detail"]


# ---- exit 2: usage ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "a.txt"],
        ["check", "{src}", "{tgt}", *LANGS, "--fail-on", "sometimes"],
        ["check", "{src}", "{tgt}", *LANGS, "--severity", "REP002"],
        ["check", "{src}", "{tgt}", *LANGS, "--scorer", "numbr"],
        ["check", "{src}", "{tgt}", "--src-lang", "it"],
        ["score", "{src}", *LANGS, "--batch-size", "0"],
        ["score", "{src}", *LANGS, "--precision", "fp8"],
        ["check", "{src}", "{tgt}", *LANGS, "--threshold", "offline-qe.minr=0.9"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, demo_source: str, demo_target: str, args: list[str]) -> None:
    args = [a.format(src=demo_source, tgt=demo_target) for a in args]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_unknown_precision_is_refused_without_a_published_model(runner: CliRunner, demo_source: str, demo_target: str) -> None:
    # offline-qe (a default scorer) reads --precision too: a typo must not fall back to fp32 silently
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--precision", "bf61"])
    assert result.exit_code == 2 and "unknown --precision 'bf61'; valid: auto, fp32, bf16, fp16, int8" in result.stderr


def test_unknown_scorer_message_lists_options(runner: CliRunner, demo_source: str, demo_target: str) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--scorer", "numbr"])
    assert "unknown scorer 'numbr'; available:" in result.stderr


# ---- exit 3: bad input -------------------------------------------------------------------------

def _write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: _write(d, "latin.txt", "Perché sì.\n".encode("latin-1")), "--encoding"),
        (lambda d: _write(d, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), "binary"),
        (lambda d: _write(d, "empty.txt", b""), "empty"),
        (lambda d: str(d / "missing.txt"), "not found"),
        (lambda d: str(d), "directory"),
    ],
)
def test_bad_documents_exit_3(runner: CliRunner, tmp_path: Path, demo_target: str, make, fragment: str) -> None:  # type: ignore[no-untyped-def]
    bad = make(tmp_path)
    result = runner.invoke(main, ["check", bad, demo_target, *LANGS])
    assert result.exit_code == 3
    assert fragment in result.stderr
    assert bad in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_encoding_option_reads_latin1(runner: CliRunner, tmp_path: Path) -> None:
    src = _write(tmp_path, "s.txt", "Il governo ha approvato la legge ieri sera, perché serviva.\n".encode("latin-1"))
    tgt = _write(tmp_path, "t.txt", "The government passed the law last night, because it was needed.\n".encode("latin-1"))
    result = runner.invoke(main, ["check", src, tgt, *LANGS, "--encoding", "latin-1"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("p.tsv", "src\ttgt\nA\tB\n", "no 'source' and no 'target' column"),
        ("p.tsv", "source\ttarget\nA\tB\nC\n", "p.tsv:3:"),
        ("p.jsonl", '{"source": "A"}\n', "p.jsonl:1:"),
    ],
)
def test_bad_pair_files_exit_3(runner: CliRunner, tmp_path: Path, name: str, content: str, fragment: str) -> None:
    path = _write(tmp_path, name, content.encode())
    result = runner.invoke(main, ["score", path, *LANGS])
    assert result.exit_code == 3
    assert fragment in result.stderr


@pytest.mark.parametrize(
    ("extra", "code"),
    # a bad option value is a usage error (2); an -o path that names no report format is a bad file (3)
    [(["--format", "pdf"], 2), (["-o", "report.xyz"], 3), (["--src-lang", "xx"], 2)],
)
def test_unknown_format_and_language_exit_2_and_a_bad_report_suffix_3(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_source: str, demo_target: str,
    extra: list[str], code: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, *extra])
    assert result.exit_code == code, result.output
    assert list(tmp_path.iterdir()) == []
    assert "valid:" in result.stderr or "supported:" in result.stderr or "--format" in result.stderr


def test_existing_report_survives_a_failed_run(runner: CliRunner, tmp_path: Path, demo_target: str) -> None:
    out = tmp_path / "report.md"
    out.write_text("previous report\n", encoding="utf-8")
    bad = _write(tmp_path, "empty.txt", b"")
    result = runner.invoke(main, ["check", bad, demo_target, *LANGS, "-o", str(out)])
    assert result.exit_code == 3
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "report.md"]


def test_output_over_an_input_is_refused(runner: CliRunner, tmp_path: Path, demo_source: str) -> None:
    tgt = tmp_path / "t.md"
    tgt.write_text((Path(demo_source).parent / "target.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    before = tgt.read_bytes()
    result = runner.invoke(main, ["check", demo_source, str(tgt), *LANGS, "-o", str(tgt)])
    assert result.exit_code == 3
    assert "input" in result.stderr
    assert tgt.read_bytes() == before


# ---- exit 4: unavailable model or scorer --------------------------------------------------------

def test_missing_model_exits_4(runner: CliRunner, tmp_path: Path, demo_source: str, demo_target: str) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--model", str(tmp_path / "no-such-model")])
    assert result.exit_code == 4, result.output
    assert "no-such-model" in result.stderr


def test_scorer_that_cannot_import_exits_4(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, demo_source: str, demo_target: str
) -> None:
    monkeypatch.setitem(scoring.REGISTRY, "broken", "mtqa.no_such_module:Scorer")
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--scorer", "broken"])
    assert result.exit_code == 4
    assert "broken" in result.stderr


def test_internal_error_is_one_line_not_a_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, demo_source: str, demo_target: str
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("mtqa.pipeline.check_documents", explode)
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS])
    assert result.exit_code == 70
    assert result.stderr.startswith("mtqa: internal error: ZeroDivisionError: boom")
    assert "Traceback" not in result.output


def test_scorer_default_expands_and_adds(runner: CliRunner, tmp_path: Path) -> None:
    from mtqa.config import Config
    from mtqa.scoring import DEFAULT_SCORERS, build_scorers

    names = [s.name for s in build_scorers(Config(scorers=("default", "repetition", "untranslated")))]
    assert names == list(DEFAULT_SCORERS)
    only = [s.name for s in build_scorers(Config(scorers=("numbers",)))]
    assert only == ["numbers"]


def test_pair_files_skip_document_level_checks_by_default() -> None:
    from mtqa.config import Config
    from mtqa.scoring import build_scorers

    assert "consistency" in [s.name for s in build_scorers(Config())]
    assert "consistency" not in [s.name for s in build_scorers(Config(), document=False)]
    named = build_scorers(Config(scorers=("consistency",)), document=False)
    assert [s.name for s in named] == ["consistency"]


def test_an_unknown_threshold_name_is_refused_and_names_the_valid_ones(runner: CliRunner, demo_source: str, demo_target: str) -> None:
    result = runner.invoke(main, ["check", demo_source, demo_target, *LANGS, "--threshold", "terms.min_shar=0.7"])
    assert result.exit_code == 2
    assert "unknown threshold 'terms.min_shar'" in result.output and "terms.min_share" in result.output


def test_every_threshold_the_code_reads_is_registered() -> None:
    """A scorer reading a name missing from THRESHOLD_NAMES would make its documented option unusable."""
    import re

    from mtqa.config import QE_FAMILIES, THRESHOLD_NAMES
    from mtqa.models.qe.families import FAMILIES

    root = Path(__file__).resolve().parent.parent / "mtqa"
    read = {m for path in root.rglob("*.py") for m in re.findall(r'threshold\("([\w.-]+)"', path.read_text(encoding="utf-8"))}
    assert read and read <= THRESHOLD_NAMES, read - THRESHOLD_NAMES
    assert tuple(FAMILIES) == QE_FAMILIES
    assert {f"offline-qe.{k}" for k in ("minor", "major", "token")} <= THRESHOLD_NAMES


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail_on_x = "minor"\n', "unknown setting(s) fail_on_x"),
        ('[thresholds]\n"terms.min_shar" = 0.7\n', "unknown threshold 'terms.min_shar'"),
        ("thresholds = 3\n", "'thresholds' must be a table"),
    ],
)
def test_a_bad_mtqa_toml_is_an_input_error_naming_the_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    (tmp_path / "mtqa.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "s.txt").write_text("Il treno è partito.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("The train left.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "s.txt", "t.txt", *LANGS, "--scorer", "fast"])
    assert result.exit_code == 3, result.output
    assert "mtqa.toml" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_mtqa_toml_thresholds_merge_with_the_command_line_which_wins_per_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mtqa.toml").write_text(
        '[thresholds]\n"length.minor_factor" = 2.5\n"similarity.minor" = 0.3\n[severity_overrides]\nREP002 = "ok"\n', encoding="utf-8")
    (tmp_path / "s.txt").write_text("Il treno è partito.\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("The train left.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "s.txt", "t.txt", *LANGS, "--scorer", "fast", "--format", "json",
                                  "--threshold", "similarity.minor=0.2", "--severity", "PUN003=major"])
    assert result.exit_code == 0, result.output
    config = json.loads(result.stdout)["config"]
    assert config["thresholds"] == {"length.minor_factor": 2.5, "similarity.minor": 0.2}
    assert config["severity_overrides"] == {"REP002": "ok", "PUN003": "major"}
