"""Hostile and careless input: gate holes, silent data loss and input faults each end in a clear
error or a failing gate, never a pass, a traceback or lost data."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import cli
from mtqa.models.similarity import SimilarityScorer
from mtqa.config import Config
from mtqa.errors import InputError, UsageError
from mtqa.flags import ISSUE_CODES
from mtqa.io import text as text_module
from mtqa.io.documents import read_document
from mtqa.io.pairs import read_pairs
from mtqa.io.text import read_text
from mtqa.pipeline import OUTPUT_COLUMNS, score_pair_file
from mtqa.report import render
from mtqa.types import Pair, Severity

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "align"))
from align_fakes import BagEncoder  # noqa: E402

LANGS = ["--src-lang", "it", "--tgt-lang", "en"]
# Rule checks only: no encoder or model to load, so these tests stay fast.
RULES = Config(scorers=("numbers",))


def _run(args: list[str], cwd: Path | None = None, stdin: str | None = None) -> tuple[int, str]:
    runner = CliRunner()
    if cwd is not None:
        old = os.getcwd()
        os.chdir(cwd)
    try:
        result = runner.invoke(cli.main, args, input=stdin)
    finally:
        if cwd is not None:
            os.chdir(old)
    return result.exit_code, result.output  # click >= 8.2: stdout and stderr together


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- gate holes ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["", " ", "\u00a0 \u3000"])
def test_an_empty_or_blank_target_is_a_critical_omission(tmp_path: Path, target: str) -> None:
    path = _write(tmp_path / "p.jsonl", json.dumps({"source": "Il gatto dorme.", "target": target}) + "\n")
    seg = score_pair_file(path, RULES).segments[0]
    assert [(i.code, i.severity) for i in seg.issues] == [("EMP001", Severity.CRITICAL)]
    assert seg.issues[0].category == "accuracy/omission"


def test_an_empty_target_fails_the_default_check_gate_in_a_tsv(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.tsv", "source\ttarget\nIl gatto dorme.\t\nLa casa.\tThe house.\n")
    code, out = _run(["score", str(path), *LANGS, "--scorer", "numbers", "--fail-on", "major"])
    assert code == 1
    assert '"EMP001"' in out


def test_a_side_past_the_encoders_limit_is_not_counted_as_checked() -> None:
    long_target = "The council approved the budget. " * 100  # 3,300 characters
    pairs = [Pair(f"w{k}a w{k}b w{k}c", f"w{k}a w{k}b w{k}c") for k in range(8)]
    pairs.append(Pair(long_target, long_target))
    results = SimilarityScorer(Config(), encoder=BagEncoder()).score(pairs)  # type: ignore[arg-type]
    assert all(not any(s.code == "CUT001" for s in r.signals) for r in results[:-1])
    cut = [s for s in results[-1].signals if s.code == "CUT001"]
    assert len(cut) == 1 and cut[0].severity_hint is Severity.MAJOR
    assert "3,300" in cut[0].message and "split" in cut[0].message


def test_ten_thousand_identical_correct_pairs_are_not_flagged() -> None:
    pairs = [Pair("il gatto dorme sul divano", "il gatto dorme sul divano")] * 10_000
    results = SimilarityScorer(Config(), encoder=BagEncoder()).score(pairs)  # type: ignore[arg-type]
    assert all(r.score == pytest.approx(1.0) for r in results)
    assert not any(r.signals for r in results)


def test_other_translations_of_the_same_sources_do_not_move_a_pairs_score() -> None:
    # A pair file often holds several systems' translations of each source. A mismatched pair that
    # shares its source is another translation, not an unrelated sentence: adding thirty more
    # translations per source must leave the baseline, and so each score, where it was.
    one = [Pair(f"s{k}a s{k}b s{k}c s{k}d", f"s{k}a s{k}b s{k}c s{k}d t{k}") for k in range(3)]
    more = one + [Pair(p.source, f"{p.source} v{v}") for p in one for v in range(30)]
    scorer = SimilarityScorer(Config(), encoder=BagEncoder())  # type: ignore[arg-type]
    alone, among = scorer.score(one)[0].score, scorer.score(more)[0].score
    assert alone is not None and among is not None
    assert among == pytest.approx(alone, abs=0.01)


def test_score_honours_fail_on_from_mtqa_toml(tmp_path: Path) -> None:
    _write(tmp_path / "mtqa.toml", 'fail_on = "major"\n')
    _write(tmp_path / "p.tsv", "source\ttarget\nIl gatto dorme.\t\n")
    assert _run(["score", "p.tsv", *LANGS, "--scorer", "numbers"], cwd=tmp_path)[0] == 1
    # and the command line still wins over the file
    assert _run(["score", "p.tsv", *LANGS, "--scorer", "numbers", "--fail-on", "never"], cwd=tmp_path)[0] == 0


# --- silent data loss --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("p.tsv", "source\tid\tsource\ttarget\na\t1\tb\tc\n"),
        ("p.csv", "id,source,target,id\n1,a,b,2\n"),
    ],
)
def test_a_duplicated_column_name_is_refused_naming_it(tmp_path: Path, name: str, content: str) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(InputError, match=r"column name\(s\) '(source|id)' appear more than once"):
        read_pairs(path)


def test_a_duplicated_jsonl_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.jsonl", '{"source": "a", "target": "b", "id": 1, "id": 2}\n')
    with pytest.raises(InputError, match=r"p.jsonl:1: key 'id' appears more than once"):
        read_pairs(path)


@pytest.mark.parametrize("column", sorted(OUTPUT_COLUMNS))
def test_a_user_column_named_like_a_report_column_is_refused_not_overwritten(tmp_path: Path, column: str) -> None:
    path = _write(tmp_path / "p.jsonl", json.dumps({"source": "a", "target": "b", column: "mine"}) + "\n")
    code, out = _run(["score", str(path), *LANGS, "--scorer", "numbers"])
    assert code == 3
    assert f"'{column}'" in out and "rename" in out


def test_nan_in_a_jsonl_extra_column_is_written_back_as_valid_json(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.jsonl", '{"source": "a", "target": "b", "x": NaN, "y": -Infinity}\n')
    report = score_pair_file(path, RULES)
    for fmt in ("jsonl", "json"):
        def refuse(constant: str) -> None:
            raise AssertionError(f"{fmt} output holds {constant}")

        for line in render(report, fmt).splitlines() if fmt == "jsonl" else [render(report, fmt)]:
            json.loads(line, parse_constant=refuse)
    assert report.segments[0].meta == {"x": None, "y": None}


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
def test_cells_longer_than_the_csv_modules_default_limit_are_read(tmp_path: Path, suffix: str) -> None:
    sep = "\t" if suffix == ".tsv" else ","
    long = "parola " * 30_000  # 210,000 characters
    path = _write(tmp_path / f"p{suffix}", f"source{sep}target\n{long}{sep}word\n")
    assert read_pairs(path)[0].source == long


# --- input faults ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('batch_size = "16"', "batch_size"),
        ("batch_size = true", "batch_size"),
        ("fail_on = 3", "fail_on"),
        ('scorers = "fast"', "scorers"),
        ("scorers = [1, 2]", "scorers"),
        ('presegmented = "false"', "presegmented"),
        ("encoding = 8", "encoding"),
        ('thresholds = { "length.minor_factor" = "2" }', "length.minor_factor"),
        ('thresholds = { "length.minor_factor" = -2.0 }', "length.minor_factor"),
        ('thresholds = { "length.minor_factor" = nan }', "length.minor_factor"),
        ("severity_overrides = { REP002 = 2 }", "severity_overrides"),
        ('severity_overrides = { REP02 = "major" }', "REP02"),
    ],
)
def test_a_wrongly_typed_mtqa_toml_value_is_a_one_line_error(tmp_path: Path, toml: str, named: str) -> None:
    _write(tmp_path / "mtqa.toml", toml + "\n")
    _write(tmp_path / "p.tsv", "source\ttarget\na\tb\n")
    code, out = _run(["score", "p.tsv", *LANGS, "--scorer", "numbers"], cwd=tmp_path)
    assert code == 3, out
    assert out.startswith("mtqa: error: ") and out.count("\n") == 1
    assert "mtqa.toml" in out and named in out


@pytest.mark.parametrize(("encoding", "message"), [("rot13", "not a text encoding"), ("base64", "not a text encoding"), ("klingon", "unknown")])
def test_an_encoding_that_cannot_decode_text_is_a_usage_error(tmp_path: Path, encoding: str, message: str) -> None:
    path = _write(tmp_path / "p.tsv", "source\ttarget\na\tb\n")
    code, out = _run(["score", str(path), *LANGS, "--scorer", "numbers", "--encoding", encoding])
    assert code == 2 and message in out


def test_an_encoding_from_mtqa_toml_is_checked_too(tmp_path: Path) -> None:
    _write(tmp_path / "mtqa.toml", 'encoding = "rot13"\n')
    _write(tmp_path / "p.tsv", "source\ttarget\na\tb\n")
    code, out = _run(["score", "p.tsv", *LANGS, "--scorer", "numbers"], cwd=tmp_path)
    assert code == 2 and "not a text encoding" in out


def test_a_lone_surrogate_in_jsonl_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.jsonl", '{"source": "a", "target": "b"}\n{"source": "a\\ud800", "target": "b"}\n')
    code, out = _run(["score", str(path), *LANGS, "--scorer", "numbers"])
    assert code == 3
    assert "p.jsonl:2:" in out and "surrogate" in out


def test_an_unknown_severity_code_is_refused_and_lower_case_is_normalised() -> None:
    with pytest.raises(UsageError, match="unknown issue code 'REP02'"):
        Config(severity_overrides={"REP02": "major"})
    assert dict(Config(severity_overrides={"rep002": "major"}).severity_overrides) == {"REP002": "major"}
    code, out = _run(["score", "x.tsv", *LANGS, "--severity", "num01=ok"])
    assert code == 2 and "NUM01" in out


def test_issue_codes_list_every_code_the_source_emits() -> None:
    pattern = re.compile(r'"((?:[A-Z]{3}\d{3})|QE\d{3}|QE-[A-Z-]+)"')
    found: set[str] = set()
    for path in (ROOT / "mtqa").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert found == set(ISSUE_CODES)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-0.5"])
def test_a_non_finite_or_negative_threshold_is_refused(value: str) -> None:
    code, out = _run(["score", "x.tsv", *LANGS, "--threshold", f"length.minor_factor={value}"])
    assert code == 2 and "finite number >= 0" in out


def test_a_fifo_with_no_writer_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pairs.tsv"
    os.mkfifo(fifo)
    # In a child process, so a regression blocks the child (killed by the timeout), not the suite.
    proc = subprocess.run(
        [sys.executable, "-m", "mtqa", "score", str(fifo), *LANGS, "--scorer", "numbers"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 3
    assert "not a regular file" in proc.stderr and "'-'" in proc.stderr


def test_reads_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_INPUT_BYTES", 100)
    path = _write(tmp_path / "big.txt", "Una frase. " * 20)
    with pytest.raises(InputError, match="larger than"):
        read_text(path)
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": __import__("io").BytesIO(b"x" * 500)})())
    with pytest.raises(InputError, match="larger than"):
        read_text("-")


def test_dash_reads_pairs_and_documents_from_stdin(tmp_path: Path) -> None:
    code, out = _run(["score", "-", *LANGS, "--scorer", "numbers"], stdin="id\tsource\ttarget\n7\tUno.\tOne.\n")
    assert code == 0 and json.loads(out)["id"] == "7"
    code, out = _run(["score", "-", *LANGS, "--scorer", "numbers"], stdin='{"source": "Uno.", "target": "One."}\n')
    assert code == 0 and json.loads(out)["target"] == "One."
    target = _write(tmp_path / "t.txt", "One.\nTwo.\n")
    code, out = _run(["align", "-", str(target), *LANGS, "--presegmented", "--aligner", "gale-church"], stdin="Uno.\nDue.\n")
    assert code == 0 and len(out.splitlines()) == 2


def test_utf16_without_bom_reads_with_an_explicit_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.txt", "Il gatto è qui.\nLa casa.\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="NUL"):
        read_text(path)
    assert read_text(path, encoding="utf-16-le") == "Il gatto è qui.\nLa casa.\n"
    doc = read_document(path, "it", encoding="utf-16-le", presegmented=True)
    assert [s.text for s in doc.segments] == ["Il gatto è qui.", "La casa."]


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be", "utf-16", "utf-16-be", "utf-8-sig"])
def test_a_byte_order_mark_selects_the_codec(tmp_path: Path, codec: str) -> None:
    content = "Città già così.\n"
    bom = {"utf-32-be": codecs.BOM_UTF32_BE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    path = _write(tmp_path / "s.txt", bom + content.encode(codec))
    assert read_text(path) == content


def test_a_nul_byte_after_the_first_8_kb_is_refused_like_one_before(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.txt", b"Una frase.\n" * 1000 + b"bin\x00ary\n")
    with pytest.raises(InputError, match=r"s.txt:1001: looks like a binary file"):
        read_text(path)


def test_align_jsonl_escapes_the_line_separators_line_readers_split_on(tmp_path: Path) -> None:
    src = _write(tmp_path / "s.txt", "Uno\u2028due\x85tre.\nQuattro\u2029.\n")
    tgt = _write(tmp_path / "t.txt", "One two three.\nFour.\n")
    code, out = _run(["align", str(src), str(tgt), *LANGS, "--presegmented", "--aligner", "gale-church"])
    assert code == 0
    lines = out.splitlines()  # splits on U+2028, U+2029 and U+0085 too
    assert len(lines) == 2
    assert json.loads(lines[0])["source"] == "Uno\u2028due\x85tre."


def test_only_one_document_can_come_from_stdin() -> None:
    code, out = _run(["check", "-", "-", *LANGS], stdin="Uno.\n")
    assert code == 2 and "only one of SOURCE and TARGET" in out
