"""-o never damages what it writes to: standard output, FIFOs, symlinks, long names, bad paths
checked before any work, and signals during the commit. FIFOs and symlinks live in tmp_path; no
real device is written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main
from mtqa.errors import InputError
from mtqa.io import output
from mtqa.io.output import Interrupted, check_output, write_atomic

ROOT = Path(__file__).resolve().parent.parent
SCORE = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "numbers"]


@pytest.fixture
def pairs(tmp_path: Path) -> str:
    path = tmp_path / "p.tsv"
    path.write_text("source\ttarget\nHo 3 gatti.\tI have 3 cats.\n", encoding="utf-8")
    return str(path)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


def test_dash_is_standard_output(pairs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert '"target": "I have 3 cats."' in result.stdout
    assert not (tmp_path / "-").exists()


def test_fifo_is_written_through_not_replaced(pairs: str, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()  # still the FIFO, not a regular file renamed over it
    assert b"I have 3 cats." in got[0]  # no suffix: the command's default format (jsonl)
    assert _leftovers(tmp_path) == []


def test_symlink_is_resolved_and_the_real_file_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.md"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "new.md")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "new.md").read_text(encoding="utf-8") == "x\n"


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


def test_250_character_file_name(pairs: str, tmp_path: Path) -> None:
    out = tmp_path / ("a" * 245 + ".json")
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: str(d) + "/", "ends with a slash"),
        (lambda d: str(d / "r.json") + "/", "ends with a slash"),
        (lambda d: str(d), "is a directory"),
        (lambda d: str(d / "no-such-folder" / "r.json"), "does not exist"),
        (lambda d: "", "is empty"),
    ],
)
def test_bad_output_path_is_refused_before_any_work(
    pairs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, fragment: str  # type: ignore[no-untyped-def]
) -> None:
    called: list[bool] = []
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", lambda *a, **k: called.append(True))
    out = make(tmp_path)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", out])
    assert result.exit_code == 3, result.output
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert called == []
    assert not (tmp_path / "r.json").exists()


def test_unknown_suffix_is_refused_before_any_work(pairs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[bool] = []
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", lambda *a, **k: called.append(True))
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", str(tmp_path / "r.xyz")])
    assert result.exit_code == 3 and "--format" in result.stderr and called == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(InputError, match="no write permission"):
            check_output(folder / "r.json")
    finally:
        folder.chmod(0o755)


def test_read_only_report_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kept.md"
    path.write_text("keep me\n", encoding="utf-8")
    path.chmod(0o444)
    real_access = os.access
    # root may write anything: ask as an ordinary user would
    monkeypatch.setattr(output.os, "access", lambda p, mode: False if Path(p) == path and mode & os.W_OK else real_access(p, mode))
    with pytest.raises(InputError, match="is read-only"):
        write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "keep me\n"


def test_sigint_as_the_rename_completes_says_the_report_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.md"
    path.write_text("old\n", encoding="utf-8")
    real_replace = os.replace

    def replace_then_interrupt(src: str, dst: object) -> None:
        real_replace(src, dst)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(output.os, "replace", replace_then_interrupt)
    with pytest.raises(Interrupted) as info:
        write_atomic(path, "new\n")
    assert info.value.written is True
    assert path.read_text(encoding="utf-8") == "new\n" and _leftovers(tmp_path) == []


def test_sigint_before_the_rename_leaves_the_old_report_and_says_so(tmp_path: Path, pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_text("old\n", encoding="utf-8")

    def interrupt_then_fail(src: str, dst: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", interrupt_then_fail)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", str(path)])
    assert path.read_text(encoding="utf-8") == "old\n" and _leftovers(tmp_path) == []
    assert result.exit_code == 3, result.output
    assert "No space left on device" in result.stderr and "previous report there is intact" in result.stderr


def test_interrupt_after_commit_is_reported_as_written(pairs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    real_replace = os.replace

    def replace_then_interrupt(src: str, dst: object) -> None:
        real_replace(src, dst)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(output.os, "replace", replace_then_interrupt)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "-o", str(path)])
    assert result.exit_code == 130
    assert "was already written" in result.stderr and "no report written" not in result.stderr
    assert path.is_file()


_SIGTERM_DURING_RENAME = """
import os, signal, sys
from mtqa.io import output
real = os.replace
def replace(src, dst):
    os.kill(os.getpid(), signal.SIGTERM)  # arrives with the rename still to do
    real(src, dst)
output.os.replace = replace
output.write_atomic(sys.argv[1], "complete report\\n")
print("not reached: SIGTERM must still end the process")
"""


def test_sigterm_during_the_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _SIGTERM_DURING_RENAME, str(path)], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGTERM, proc.stderr
    assert "not reached" not in proc.stdout
    assert path.read_text(encoding="utf-8") == "complete report\n"
    assert _leftovers(tmp_path) == []
