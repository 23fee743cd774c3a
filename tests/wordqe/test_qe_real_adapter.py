"""The second shipped adapter, `real` (trained on errors generated over the real corpora): chosen by
name through $MTQA_QE_ADAPTER, verified against its checksum, its data recipe recorded, and on
sentences written for this test (not from any corpus) it scores a dropped negation and a statement
turned into a question below the correct translation."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER, SHIPPED_ADAPTERS, adapter_folder
from mtqa.types import Pair

REAL = SHIPPED_ADAPTERS["real"]


def test_the_name_real_selects_the_shipped_folder_unless_a_folder_of_that_name_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MTQA_QE_ADAPTER", raising=False)
    assert adapter_folder() == DEFAULT_ADAPTER
    monkeypatch.setenv("MTQA_QE_ADAPTER", "real")
    assert adapter_folder() == REAL and (REAL / "adapter.safetensors").is_file()
    monkeypatch.setenv("MTQA_QE_ADAPTER", "default")
    assert adapter_folder() == DEFAULT_ADAPTER
    (tmp_path / "real").mkdir()  # the user's own folder called "real" wins
    monkeypatch.setenv("MTQA_QE_ADAPTER", "real")
    assert adapter_folder() == Path("real")


def test_real_adapter_records_its_recipe() -> None:
    info = json.loads((REAL / "adapter.json").read_text(encoding="utf-8"))
    data = info["data"]
    assert (data["generator"], data["split"], data["n"], data["seed"]) == ("python -m mtqa.training.generate", "dev", 16500, 1)
    assert len(data["file_sha256"]) == 64 and (info["layers"], info["split"]) == (8, 6)
    # three seeded passes: all groups at a constant rate, then two of 8,000 groups each continued
    # from the pass before (--init) with the rate falling to zero; each records the one it started from
    assert (info["seed"], info["groups_trained"], info["decay"]) == (2, 8000, "linear to 0")
    start = info["init"]
    assert len(start["sha256"]) == 64 and start["groups_trained"] == 8000
    assert "--seed 1" in start["command"] and "--init" in start["command"] and "--decay" in start["command"]
    fusion = json.loads((REAL / "fusion.json").read_text(encoding="utf-8"))
    assert fusion["meta"]["fitted_on_split"] == "generated-unseen"
    assert fusion["meta"]["data_sha256"] == data["file_sha256"]
    assert "real" in fusion["meta"]["thresholds_recalibrated_on"]


def test_real_adapter_scores_meaning_errors_below_the_correct_translation(
    e5_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtqa.models.offline.qe_scorer import OfflineQEScorer

    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    scorer = OfflineQEScorer(Config(), adapter=REAL)
    cases = [
        ("Il comune non ha ancora approvato il nuovo piano per il traffico.",
         "The council has not yet approved the new traffic plan.",
         "The council has already approved the new traffic plan."),
        ("La biblioteca resterà chiusa per tutto il mese di agosto.",
         "The library will stay closed for the whole of August.",
         "Will the library stay closed for the whole of August?"),
    ]
    pairs = [Pair(src, t) for src, good, bad in cases for t in (good, bad)]
    out = scorer.score(pairs)
    assert scorer.signature()["adapter_sha256"] == json.loads((REAL / "adapter.json").read_text(encoding="utf-8"))["sha256"][:16]
    for i in range(0, len(out), 2):
        good, bad = out[i], out[i + 1]
        assert good.score is not None and bad.score is not None and bad.score < good.score


def _training_args(command: str) -> list[str]:
    """The arguments of a recorded train_generated command that shape the training (paths dropped)."""
    words = shlex.split(command)[3:]
    keep, skip = [], {"--data", "--out", "--init", "--save-every"}
    i = 0
    while i < len(words):
        if words[i] in skip:
            i += 2
            continue
        keep.append(words[i])
        i += 1
    return keep


def test_the_one_command_recipe_runs_the_passes_the_shipped_adapter_records() -> None:
    from mtqa.training.real_recipe import GEN_N, GEN_SEED, PASSES

    info = json.loads((REAL / "adapter.json").read_text(encoding="utf-8"))
    common = ["--gen-n", str(GEN_N), "--gen-seed", str(GEN_SEED)]
    assert (info["data"]["n"], info["data"]["seed"]) == (GEN_N, GEN_SEED)
    assert _training_args(info["command"]) == common + list(PASSES[-1])
    assert _training_args(info["init"]["command"]) == common + list(PASSES[-2])


def test_the_recipe_dry_run_prints_every_step_in_order_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mtqa.training.real_recipe import PASSES, main

    assert main(["--work", str(tmp_path / "w"), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + len(PASSES) + 2 and not (tmp_path / "w").exists()
    assert "mtqa.training.generate" in lines[0] and "qe_calibrate_real.py" in lines[-1] and "MTQA_QE_ADAPTER=" in lines[-1]
    for k in range(2, len(PASSES) + 1):  # each pass continues from the one before
        assert f"--init {tmp_path / 'w' / f'pass{k - 1}'}" in lines[k]
    assert f"--out {tmp_path / 'w' / 'real'}" in lines[len(PASSES)]


def test_the_recipe_refuses_a_work_folder_that_holds_anything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mtqa.training.real_recipe import main

    (tmp_path / "train.jsonl").write_text("earlier run\n", encoding="utf-8")
    assert main(["--work", str(tmp_path)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert (tmp_path / "train.jsonl").read_text(encoding="utf-8") == "earlier run\n"
