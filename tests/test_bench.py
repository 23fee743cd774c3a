"""`mtqa bench`: per-system aggregation, reference metrics, ranking, bad manifests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main

DEMO = Path(__file__).resolve().parent.parent / "corpora" / "rekognition"
LANGS = ["--src-lang", "it", "--tgt-lang", "en"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("source.it.txt", "target.en.txt"):
        shutil.copy(DEMO / name, tmp_path / name)
    return tmp_path


def test_bench_ranks_systems_and_scores_against_references(folder: Path) -> None:
    (folder / "m.tsv").write_text(
        "system\tdoc\tsource\ttarget\treference\n"
        "untranslated\trek\tsource.it.txt\tsource.it.txt\ttarget.en.txt\n"
        "demo-mt\trek\tsource.it.txt\ttarget.en.txt\ttarget.en.txt\n",
        encoding="utf-8",
    )
    reports = folder / "reports"
    result = CliRunner().invoke(
        main, ["bench", str(folder / "m.tsv"), *LANGS, "--scorer", "fast", "--format", "json", "--reports", str(reports)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    systems = [row["system"] for row in data["systems"]]
    assert systems == ["demo-mt", "untranslated"]
    demo, untranslated = (row["metrics"] for row in data["systems"])
    assert data["mode"] == "document" and data["unit"] == "document"
    assert demo["bleu"]["value"] == 100.0
    assert untranslated["bleu"]["value"] < 10
    assert untranslated["major_per_100"]["value"] > 80 > demo["major_per_100"]["value"]
    assert untranslated["mtqa_score"]["value"] == 0.0 < demo["mtqa_score"]["value"]
    assert data["signatures"]["bleu"]["string"].startswith("nrefs:1|")
    assert sorted(p.name for p in reports.iterdir()) == ["demo-mt__rek.html", "untranslated__rek.html"]


def test_bench_document_rows_get_no_reference_metrics_from_a_guessed_alignment(folder: Path) -> None:
    text = (folder / "target.en.txt").read_text(encoding="utf-8")
    (folder / "merged.en.txt").write_text(text.replace("\n", " ", 1), encoding="utf-8")  # one line fewer
    (folder / "m.tsv").write_text(
        "system\tsource\ttarget\treference\ndemo-mt\tsource.it.txt\ttarget.en.txt\tmerged.en.txt\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["bench", str(folder / "m.tsv"), *LANGS, "--scorer", "numbers", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["systems"][0]["metrics"]["bleu"] is None
    assert "m.tsv:2: target and reference differ in line count" in result.stderr


def test_bench_missing_document_names_manifest_line(folder: Path) -> None:
    (folder / "m.csv").write_text("source,target\nsource.it.txt,target.en.txt\nsource.it.txt,nope.txt\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bench", str(folder / "m.csv"), *LANGS])
    assert result.exit_code == 3
    assert "m.csv:3:" in result.stderr and "'nope.txt'" in result.stderr
