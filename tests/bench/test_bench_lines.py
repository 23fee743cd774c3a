"""`mtqa bench --line-aligned`: graded systems rank in their true order, sacrebleu's numbers and
intervals are reproduced exactly, paired tests and bad manifests."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_systems as systems  # noqa: E402

# Rule checks only: the offline QE model is not what these tests are about.
FAST = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "untranslated", "--scorer", "numbers",
        "--scorer", "length", "--scorer", "repetition"]
SMALL = ["--resamples", "200", "--trials", "200"]


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("bench")
    manifest = systems.build(folder)
    result = CliRunner().invoke(
        main, ["bench", str(manifest), "--line-aligned", *FAST, *SMALL, "--baseline", "reference", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return folder, json.loads(result.stdout)


def _system(data: dict, name: str) -> dict:
    return next(s for s in data["systems"] if s["system"] == name)


def test_graded_systems_rank_in_true_order_and_copy_and_empty_rank_last(bench: tuple[Path, dict]) -> None:
    _, data = bench
    order = [s["system"] for s in data["systems"]]
    assert order[:3] == ["reference", "light", "heavy"]
    assert set(order[3:]) == {"copy", "empty"}
    score = {s["system"]: s["metrics"]["mtqa_score"]["value"] for s in data["systems"]}
    assert score["copy"] == score["empty"] == 0.0
    assert score["reference"] > score["light"] > score["heavy"] > 0
    mqm = {s["system"]: s["metrics"]["mqm_per_100"]["value"] for s in data["systems"]}
    assert mqm["reference"] < mqm["light"] < mqm["heavy"] < min(mqm["copy"], mqm["empty"])
    assert _system(data, "copy")["metrics"]["copied_pct"]["value"] == 100.0
    assert _system(data, "empty")["metrics"]["empty_pct"]["value"] == 100.0


@pytest.mark.parametrize("name", ["light", "heavy", "copy", "empty"])
def test_reference_metrics_equal_the_sacrebleu_command(bench: tuple[Path, dict], name: str) -> None:
    folder, data = bench
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(folder / "reference.en.txt"), "-i", str(folder / f"{name}.en.txt"),
         "-m", "bleu", "chrf", "ter", "-w", "4", "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    cli = {d["name"]: d["score"] for d in json.loads(out.stdout)}
    metrics = _system(data, name)["metrics"]
    assert abs(metrics["bleu"]["value"] - cli["BLEU"]) <= 0.01
    assert abs(metrics["chrf"]["value"] - cli["chrF2"]) <= 0.01
    assert abs(metrics["ter"]["value"] - cli["TER"]) <= 0.01


def test_intervals_equal_sacrebleus_own_bootstrap(bench: tuple[Path, dict]) -> None:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    folder, data = bench
    refs = (folder / "reference.en.txt").read_text(encoding="utf-8").splitlines()
    hyps = (folder / "heavy.en.txt").read_text(encoding="utf-8").splitlines()
    metrics = _system(data, "heavy")["metrics"]
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        ours = metrics[key]
        theirs = metric.corpus_score(hyps, [refs], n_bootstrap=200)  # sacrebleu's default seed is 12345, as ours
        assert abs(ours["ci_half_width"] - theirs._ci) <= 0.01
        assert abs(ours["bootstrap_mean"] - theirs._mean) <= 0.01
    sig = data["signatures"]["bleu"]
    assert sig["fields"]["bs"] == 200 and sig["fields"]["seed"] == "12345" and sig["fields"]["nrefs"] == 1
    assert sig["string"].startswith("nrefs:1|bs:200|seed:12345|")
    assert data["signatures"]["mtqa"]["fields"]["resamples"] == 200


def test_paired_tests_separate_worse_systems_from_the_baseline(bench: tuple[Path, dict]) -> None:
    _, data = bench
    assert "vs_baseline" not in _system(data, "reference")["metrics"]["mtqa_score"]
    for name in ("heavy", "copy", "empty"):
        paired = _system(data, name)["metrics"]["mtqa_score"]["vs_baseline"]
        assert paired["difference"] < 0
        assert paired["p_paired_bootstrap"] < 0.05 and paired["p_approximate_randomisation"] < 0.05
    # No difference is no evidence: a metric both systems score 0 on has p = 1.
    same = _system(data, "light")["metrics"]["copied_pct"]["vs_baseline"]
    assert same["p_paired_bootstrap"] == 1.0 and same["p_approximate_randomisation"] == 1.0


def test_json_is_structured_and_versioned(bench: tuple[Path, dict]) -> None:
    _, data = bench
    assert data["schema"] == "mtqa.bench/1" and data["mode"] == "line-aligned" and data["unit"] == "segment"
    light = _system(data, "light")
    assert light["segments"] == 40
    assert set(light["categories_per_100"]) >= {"accuracy/number"}
    assert isinstance(light["categories_per_100"]["accuracy/number"]["value"], float)
    mtqa = data["signatures"]["mtqa"]["fields"]
    assert mtqa["weights"] == {"minor": 1.0, "major": 5.0, "critical": 10.0}


def test_same_seed_same_report_other_seed_other_intervals(bench: tuple[Path, dict]) -> None:
    folder, data = bench
    args = ["bench", str(folder / "m.tsv"), "--line-aligned", *FAST, *SMALL, "--baseline", "reference", "--format", "json"]
    again = json.loads(CliRunner().invoke(main, args).stdout)
    assert again == data
    other = json.loads(CliRunner().invoke(main, [*args, "--seed", "7"]).stdout)
    assert _system(other, "heavy")["metrics"]["bleu"]["ci_low"] != _system(data, "heavy")["metrics"]["bleu"]["ci_low"]
    assert _system(other, "heavy")["metrics"]["bleu"]["value"] == _system(data, "heavy")["metrics"]["bleu"]["value"]


def test_markdown_csv_and_html_reports(bench: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = bench
    base = ["bench", str(folder / "m.tsv"), "--line-aligned", *FAST, *SMALL, "--baseline", "reference"]
    md = CliRunner().invoke(main, base)
    assert md.exit_code == 0
    assert "| 1 | reference (baseline) | 40 |" in md.stdout and "- bleu: `nrefs:1|bs:200|seed:12345|" in md.stdout
    csv_out = CliRunner().invoke(main, [*base, "--format", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("rank,system,documents,segments,mtqa_score,mtqa_score_ci_low,mtqa_score_ci_high,")
    assert csv_out[1].startswith("1,reference,1,40,100.0,")
    html_path = tmp_path / "deep" / "bench.html"
    html_path.parent.mkdir()
    result = CliRunner().invoke(main, [*base, "-o", str(html_path), "--reports", str(tmp_path / "new" / "reports")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "new" / "reports").iterdir())) == 5  # --reports creates its folder
    page = html_path.read_text(encoding="utf-8")
    assert "http" not in page.replace("http://www.w3.org", "")  # self-contained: nothing fetched
    assert "<script" not in page
    svgs = page.split("<svg")[1:]
    assert len(svgs) == 7  # mtqa score, MQM, BLEU, chrF, TER, categories, distribution
    for svg in svgs:
        ET.fromstring("<svg" + svg.split("</svg>")[0] + "</svg>")  # each chart is well-formed SVG
    assert page.count('stroke="#222"') == 5 * 5  # a CI whisker per system on each interval chart


def _write(folder: Path, manifest: str) -> Path:
    systems.build(folder)
    path = folder / "bad.tsv"
    path.write_text(manifest, encoding="utf-8")
    return path


def test_mismatched_line_counts_exit_3_naming_the_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "system\tsource\ttarget\nok\tsource.it.txt\treference.en.txt\nshort\tsource.it.txt\tshort.txt\n")
    (tmp_path / "short.txt").write_text("one line\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["bench", str(path), "--line-aligned", *FAST, "-o", str(out)])
    assert result.exit_code == 3
    assert "bad.tsv:3:" in result.stderr and "source 40, target 1" in result.stderr
    assert not out.exists()


def test_duplicated_system_document_row_exits_3(tmp_path: Path) -> None:
    path = _write(tmp_path, "system\tdoc\tsource\ttarget\na\td\tsource.it.txt\tlight.en.txt\na\td\tsource.it.txt\theavy.en.txt\n")
    result = CliRunner().invoke(main, ["bench", str(path), "--line-aligned", *FAST])
    assert result.exit_code == 3
    assert "bad.tsv:3:" in result.stderr and "first on line 2" in result.stderr


def test_unknown_baseline_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "system\tsource\ttarget\na\tsource.it.txt\tlight.en.txt\n")
    result = CliRunner().invoke(main, ["bench", str(path), "--line-aligned", *FAST, "--baseline", "nope"])
    assert result.exit_code == 2
    assert "--baseline 'nope'" in result.stderr and "systems: a" in result.stderr


def test_jobs_give_the_same_report_as_one_process(bench: tuple[Path, dict]) -> None:
    folder, data = bench
    args = ["bench", str(folder / "m.tsv"), "--line-aligned", *FAST, *SMALL, "--baseline", "reference", "--format", "json"]
    # --no-cache: the worker processes check every row rather than re-using the fixture's results.
    result = CliRunner().invoke(main, [*args, "--jobs", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "re-used from the cache" not in result.stderr
    assert json.loads(result.stdout) == data


def test_a_bad_row_in_a_worker_still_exits_3_naming_it(tmp_path: Path) -> None:
    path = _write(tmp_path, "system\tsource\ttarget\nok\tsource.it.txt\treference.en.txt\nshort\tsource.it.txt\tshort.txt\n")
    (tmp_path / "short.txt").write_text("one line\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bench", str(path), "--line-aligned", *FAST, "--jobs", "2"])
    assert result.exit_code == 3
    assert "bad.tsv:3:" in result.stderr and "source 40, target 1" in result.stderr


def test_committed_example_bench_is_the_builders_output(tmp_path: Path) -> None:
    committed = Path(__file__).resolve().parents[2] / "corpora" / "bench"
    systems.build(tmp_path, manifest="manifest.tsv")
    for path in sorted(tmp_path.iterdir()):
        assert (committed / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


def test_progress_reports_every_row_and_document_mode_warns_about_few_units(tmp_path: Path) -> None:
    from mtqa.bench import Settings, run_bench
    from mtqa.config import Config

    manifest = systems.build(tmp_path)
    seen: list[tuple[int, int, str]] = []
    config = Config(source_lang="it", target_lang="en", scorers=("numbers",))
    result = run_bench(manifest, config, Settings(resamples=40, trials=10), progress=lambda *a: seen.append(a))
    assert seen == [(k, 5, f"{name}/news") for k, name in enumerate(["reference", "light", "heavy", "copy", "empty"], 1)]
    assert result.unit == "document"
    assert any("only 1 document(s) to resample" in w and "--line-aligned" in w for w in result.warnings)
    # A document a system left empty is checked as all omissions, not refused like `mtqa check` refuses it.
    empty = next(s for s in result.systems if s.system == "empty")
    assert empty.segments == 40 and empty.values["mtqa_score"].value == 0.0  # type: ignore[union-attr]
    assert {s.system for s in result.systems[-2:]} == {"copy", "empty"}


def test_too_few_resamples_is_a_usage_error(bench: tuple[Path, dict]) -> None:
    folder, _ = bench
    result = CliRunner().invoke(main, ["bench", str(folder / "m.tsv"), "--line-aligned", *FAST, "--resamples", "10"])
    assert result.exit_code == 2
    assert "--resamples must be at least 40" in result.stderr
