"""Meta-evaluation: acc-eq / tau-b / Pearson on hand-checked cases, and a bench with human
judgements and error labels for the graded systems."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.benchreport.meta import grouped_pairs, pairwise_accuracy, pearson
from mtqa.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_systems as systems  # noqa: E402

FAST = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "untranslated", "--scorer", "numbers", "--scorer", "length",
        "--resamples", "100", "--trials", "100", "--line-aligned"]


@pytest.mark.parametrize(
    ("metric", "human", "acc_eq", "tau_b"),
    [
        ([1, 2, 3], [1, 3, 2], 2 / 3, 1 / 3),
        ([1, 1, 2], [1, 2, 2], 1 / 3, 0.5),  # one tie each side; tau-b as scipy.stats.kendalltau gives it
        ([5, 5], [0, 0], 1.0, None),  # both tie: correct for acc-eq, undefined for tau-b
        ([1, 2], [2, 1], 0.0, -1.0),
    ],
)
def test_grouped_pairs_hand_checked(metric: list[float], human: list[float], acc_eq: float, tau_b: float | None) -> None:
    out = grouped_pairs([(metric, human)])
    assert out["acc_eq"] == pytest.approx(acc_eq)
    assert out["tau_b"] == (pytest.approx(tau_b) if tau_b is not None else None)


def test_pairs_are_only_counted_within_an_item() -> None:
    # Across items the metric would disagree (item 2 scores higher but humans rate it lower); within items it agrees.
    out = grouped_pairs([([1, 2], [10, 20]), ([5, 6], [1, 2])])
    assert out["pairs"] == 2 and out["acc_eq"] == 1.0


def test_system_level_helpers() -> None:
    assert pairwise_accuracy({"a": 3, "b": 2, "c": 1}, {"a": 30, "b": 10, "c": 20}) == pytest.approx(2 / 3)
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None


def _judgements(folder: Path) -> Path:
    sources, references = systems.load_pairs()
    rows = ["system\tdoc\tline\thuman\tcategory"]
    for i in range(len(sources)):
        corrupted = i % 5 == 0
        rows.append(f"reference\tnews\t{i + 1}\t100\t")
        rows.append(f"light\tnews\t{i + 1}\t{40 if corrupted else 100}\t")
        rows.append(f"heavy\tnews\t{i + 1}\t{40 if i % 5 != 4 else 100}\t")
        rows.append(f"copy\tnews\t{i + 1}\t0\t")
        rows.append(f"empty\tnews\t{i + 1}\t0\t")
        if corrupted and re.search(r"\d", references[i]):
            rows.append(f"light\tnews\t{i + 1}\t\taccuracy/number")
    path = folder / "judgements.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_bench_meta_evaluation_side_by_side(tmp_path: Path) -> None:
    manifest = systems.build(tmp_path)
    judgements = _judgements(tmp_path)
    result = CliRunner().invoke(main, ["bench", str(manifest), *FAST, "--judgements", str(judgements), "--format", "json"])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)["meta_evaluation"]
    assert set(meta["segment"]) == {"mtqa_score", "bleu", "chrf", "ter"}
    assert set(meta["system"]) >= {"mtqa_score", "mqm_per_100", "bleu", "chrf", "ter"}
    assert meta["system"]["mtqa_score"]["pairwise_accuracy"] == 1.0  # copy and empty tie for humans: 9 ordered pairs
    assert meta["system"]["mtqa_score"]["systems"] == 5
    seg = meta["segment"]["mtqa_score"]
    assert seg["segments"] == 200 and seg["pairs"] == 400
    assert seg["acc_eq"] > 0.8 and seg["pearson"] > 0.8
    number = meta["error_labels"]["accuracy/number"]
    # A number changed beside its counterpart is flagged (NUM001); "sabato 14 giugno" -> "Saturday
    # 49 June" leaves only a target number with no counterpart (NUM003), and a number only missing
    # (the lines cut short, labelled as omissions here) or only added is a review note, which flags
    # no category: so no false positives, and that one change is missed.
    assert number["true_positives"] == 2 and number["false_negatives"] == 1
    assert number["false_positives"] == 0 and number["precision"] == 1.0
    md = CliRunner().invoke(main, ["bench", str(manifest), *FAST, "--judgements", str(judgements)]).stdout
    assert "| mtqa_score | 200 | 400 |" in md


def test_judgements_naming_an_unknown_system_exit_3(tmp_path: Path) -> None:
    manifest = systems.build(tmp_path)
    path = tmp_path / "j.csv"
    path.write_text("system,doc,line,human\nreference,news,1,90\nsystem-x,news,1,80\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bench", str(manifest), *FAST, "--judgements", str(path)])
    assert result.exit_code == 3
    assert "j.csv:3:" in result.stderr and "'system-x'" in result.stderr
