"""The generator command: reproducible output, refusal to overwrite, dev split only, and the
runtime never importing training code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.training import generate as G


@pytest.fixture
def sample_loader(pairs, monkeypatch):  # type: ignore[no-untyped-def]
    """The command's loader, fed the vendored dev sample instead of the full shared corpora."""
    monkeypatch.setattr(G, "load_dev_pairs", lambda n, seed: list(pairs[:n]))


def test_same_seed_gives_byte_identical_output(tmp_path: Path, sample_loader, wn) -> None:  # type: ignore[no-untyped-def]
    a, b, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert G.main(["--split", "dev", "--n", "40", "--seed", "0", "-o", str(a)]) == 0
    assert G.main(["--split", "dev", "--n", "40", "--seed", "0", "-o", str(b)]) == 0
    assert G.main(["--split", "dev", "--n", "40", "--seed", "1", "-o", str(other)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != other.read_bytes()
    rows = [json.loads(line) for line in a.read_text(encoding="utf-8").splitlines()]
    assert {"omission", "addition", "antonym", "negation", "tense", "question", "sense", "entity", "swap",
            "untranslated", "repetition", "correct"} <= {r["type"] for r in rows}
    for r in rows:
        assert set(r) == {"source", "target", "original_target", "type", "subtype", "severity", "target_tags",
                          "omission_at", "corpus", "line"}
        for s, e, text in r["target_tags"]:
            assert r["target"][s:e] == text


def test_report_counts_every_type(tmp_path: Path, sample_loader, wn, capsys) -> None:  # type: ignore[no-untyped-def]
    assert G.main(["--n", "20", "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    for name in G.GENERATORS:
        assert name in err
    assert "(20 pairs sampled)" in err


def test_refuses_to_overwrite(tmp_path: Path, sample_loader, wn, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    assert G.main(["--n", "5", "-o", str(out)]) == 3
    assert out.read_text() == "keep me\n"
    assert "exists" in capsys.readouterr().err


def test_only_the_dev_split(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        G.main(["--split", "test", "--n", "5", "-o", str(tmp_path / "x.jsonl")])
    assert e.value.code == 2
    assert not (tmp_path / "x.jsonl").exists()


def test_missing_wordnet_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MTQA_WORDNET", str(tmp_path))
    assert G.main(["--n", "5", "-o", str(tmp_path / "x.jsonl")]) == 4
    err = capsys.readouterr().err
    assert "apt-get install -y wordnet-base" in err and "Traceback" not in err
    assert not (tmp_path / "x.jsonl").exists()


def test_runtime_does_not_import_training_code() -> None:
    probe = ("import mtqa, mtqa.cli, mtqa.pipeline, sys\n"
             "print(sorted(m for m in sys.modules if m.startswith('mtqa.training') or m == 'lemminflect'))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    root = Path(__file__).resolve().parents[2] / "mtqa"
    imports = re.compile(r"^\s*(?:from|import)\s+mtqa\.training\b", re.M)  # docstrings may name the package
    users = [p for p in root.rglob("*.py") if "training" not in p.parts and imports.search(p.read_text(encoding="utf-8"))]
    assert users == []
