"""Model resolution: folders, the local Hugging Face cache, clear offline errors, wrong checkpoints."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError


@pytest.fixture
def offline_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("MTQA_MODELS", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    def no_network(*args, **kwargs):
        raise AssertionError("the network must not be tried offline")

    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_network)
    return tmp_path / "hf" / "hub"


def _snapshot(hub: Path, repo: str, rev: str) -> Path:
    folder = hub / f"models--{repo.replace('/', '--')}"
    snap = folder / "snapshots" / rev
    snap.parent.mkdir(parents=True)
    (folder / "refs").mkdir()
    (folder / "refs" / "main").write_text(rev)
    return snap


def test_offline_and_missing_names_id_places_and_fix(offline_cache):
    from mtqa.models.qe.resolve import resolve_model

    with pytest.raises(ModelUnavailableError) as info:
        resolve_model("Unbabel/wmt22-cometkiwi-da")
    msg = info.value.message
    assert "Unbabel/wmt22-cometkiwi-da" in msg and "offline" in msg
    assert str(offline_cache / "models--Unbabel--wmt22-cometkiwi-da") in msg
    assert "huggingface-cli download Unbabel/wmt22-cometkiwi-da" in msg
    assert info.value.exit_code == 4


def test_not_a_folder_nor_an_id_lists_known_ids(offline_cache):
    from mtqa.models.qe.resolve import resolve_model

    with pytest.raises(ModelUnavailableError, match="known ids: Unbabel/wmt22-cometkiwi-da"):
        resolve_model("./no/such/folder")


def test_hub_cache_snapshot_and_encoder_resolve_and_score(offline_cache, tiny_root, expected):
    from mtqa.models.qe.resolve import describe_models
    from mtqa.models.qe.scorer import QEScorer
    from mtqa.types import Pair

    snap = _snapshot(offline_cache, "Unbabel/wmt22-cometkiwi-da", "abc123")
    shutil.copytree(tiny_root / "kiwi", snap)
    hparams = yaml.safe_load((snap / "hparams.yaml").read_text())
    enc = _snapshot(offline_cache, "microsoft/infoxlm-large", "def456")
    shutil.copytree(hparams["pretrained_model"], enc)
    hparams["pretrained_model"] = "microsoft/infoxlm-large"  # as in the released hparams.yaml
    (snap / "hparams.yaml").write_text(yaml.safe_dump(hparams))

    scorer = QEScorer(Config(model="Unbabel/wmt22-cometkiwi-da", device="cpu"))
    sig = scorer.signature()
    assert sig["revision"] == "abc123" and "non-commercial" in sig["licence"]
    assert sig["encoder"] == str(enc)
    (res,) = scorer.score([Pair(*expected["pairs"][0])])
    assert res.raw == pytest.approx(expected["variants"]["kiwi"]["scores"][0], abs=1e-5)

    status = {d.id: d.status for d in describe_models()}
    assert status["Unbabel/wmt22-cometkiwi-da"] == "usable"
    assert status["Unbabel/XCOMET-XL"] == "missing"


def test_missing_encoder_is_reported_with_override_hint(offline_cache, tiny_root, tmp_path):
    from mtqa.models.qe.scorer import QEScorer

    model = tmp_path / "kiwi"
    shutil.copytree(tiny_root / "kiwi", model)
    hparams = yaml.safe_load((model / "hparams.yaml").read_text())
    hparams["pretrained_model"] = "microsoft/infoxlm-large"
    (model / "hparams.yaml").write_text(yaml.safe_dump(hparams))
    with pytest.raises(ModelUnavailableError, match="microsoft/infoxlm-large.*--encoder PATH"):
        QEScorer(Config(model=str(model), device="cpu"))
    # --encoder wins over hparams
    scorer = QEScorer(Config(model=str(model), device="cpu", encoder_path=str(tiny_root / "encoder-xlmr")))
    assert scorer.signature()["encoder"] == str(tiny_root / "encoder-xlmr")


def _copy_with_state(tiny_root: Path, tmp_path: Path, variant: str, edit) -> Path:
    import torch

    folder = tmp_path / variant
    shutil.copytree(tiny_root / variant, folder)
    ckpt = folder / "checkpoints" / "model.ckpt"
    data = torch.load(ckpt, weights_only=True)
    edit(data["state_dict"])
    torch.save(data, ckpt)
    return folder


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda sd: sd.pop("estimator.ff.3.weight"), "missing 1 tensor"),
        (lambda sd: sd.__setitem__("extra.layer.weight", sd["estimator.ff.0.bias"]), "unexpected 1 tensor"),
        (lambda sd: sd.pop("encoder.model.encoder.layer.1.output.dense.weight"), "missing 1 tensor"),
    ],
)
def test_wrong_checkpoint_is_a_clear_error(tiny_root, tmp_path, edit, message):
    from mtqa.models.qe.comet import load_comet

    folder = _copy_with_state(tiny_root, tmp_path, "kiwi", edit)
    with pytest.raises(ModelUnavailableError, match=message):
        load_comet(folder, tiny_root / "encoder-xlmr")


def test_checkpoint_with_the_wrong_encoder_is_refused(tiny_root):
    from mtqa.models.qe.comet import load_comet

    with pytest.raises(ModelUnavailableError, match="does not match"):
        load_comet(tiny_root / "kiwi", tiny_root / "encoder-xlmr_xl")


def test_reference_based_comet_is_refused(tiny_root, tmp_path):
    from mtqa.models.qe.checkpoint import load_comet_checkpoint

    folder = tmp_path / "ref"
    shutil.copytree(tiny_root / "kiwi", folder)
    h = yaml.safe_load((folder / "hparams.yaml").read_text())
    h["class_identifier"] = "regression_metric"
    (folder / "hparams.yaml").write_text(yaml.safe_dump(h))
    with pytest.raises(ModelUnavailableError, match="reference-based"):
        load_comet_checkpoint(folder)


def test_import_mtqa_and_resolution_do_not_import_torch():
    code = (
        "import sys, mtqa, mtqa.scoring, mtqa.models.qe, mtqa.models.qe.resolve; mtqa.models.qe.resolve.describe_models();"
        "print(any(m in sys.modules for m in ('torch', 'transformers')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_describe_models_includes_the_configured_folder(offline_cache, tiny_root):
    from mtqa.models.qe.resolve import describe_models

    rows = describe_models(extra=[str(tiny_root / "xcomet"), "org/absent-model"])
    assert (rows[0].status, rows[0].model_class, rows[0].family) == ("usable", "xcomet_metric", "xcomet")
    assert rows[1].status == "missing" and rows[1].id == "org/absent-model"
    assert len(rows) == 2 + 12
