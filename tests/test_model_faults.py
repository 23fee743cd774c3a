"""Model and environment faults end in a one-line error with its fix and exit 2/3/4, never 70:
broken model folders, corrupt weights, a missing GPU, an unwritable cache, running out of memory.

Exit codes: 4 when a requested model is not here (an empty folder), 3 when a file the user
provides is broken (a garbage config.json, a truncated safetensors file), 2 for an option this
machine cannot honour (--device cuda without CUDA). No weights are loaded: the checks read headers.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main
from mtqa.errors import InputError, ModelUnavailableError, MtqaWarning

SCORE = ["--src-lang", "it", "--tgt-lang", "en"]


@pytest.fixture
def pairs(tmp_path: Path) -> str:
    path = tmp_path / "p.tsv"
    path.write_text("source\ttarget\nHo 3 gatti.\tI have 3 cats.\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def offline_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("MTQA_MODELS", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tmp_path / "hf" / "hub"


def _safetensors(path: Path) -> None:
    import numpy as np
    from safetensors.numpy import save_file

    save_file({"shared.weight": np.zeros((64, 16), dtype=np.float32)}, str(path), metadata={"format": "pt"})


def _metricx_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": "mt5"}), encoding="utf-8")
    (folder / "spiece.model").write_bytes(b"not read by these tests")
    _safetensors(folder / "model.safetensors")
    return folder


def _comet_folder(folder: Path, ckpt: bytes) -> Path:
    (folder / "checkpoints").mkdir(parents=True)
    (folder / "hparams.yaml").write_text("class_identifier: unified_metric\npretrained_model: microsoft/infoxlm-large\n", encoding="utf-8")
    (folder / "checkpoints" / "model.ckpt").write_bytes(ckpt)
    return folder


def _truncate(path: Path, keep: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:keep])


def _torch_zip_bytes(tmp_path: Path) -> bytes:
    import zipfile

    path = tmp_path / "whole.ckpt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00." + b"\x00" * 4096)
    return path.read_bytes()


def _bad_folder(kind: str, tmp_path: Path) -> Path:
    root = tmp_path / "model"
    if kind == "empty":
        root.mkdir()
    elif kind == "garbage":
        root.mkdir()
        (root / "config.json").write_text("garbage", encoding="utf-8")
        (root / "model.safetensors").write_bytes(b"garbage")
    elif kind == "config-list":
        _metricx_folder(root)
        (root / "config.json").write_text("[1, 2]", encoding="utf-8")
    elif kind == "config-binary":
        _metricx_folder(root)
        (root / "config.json").write_bytes(b"\xff\xfe\x00garbage")
    elif kind == "hparams-bad-yaml":
        _comet_folder(root, _torch_zip_bytes(tmp_path))
        (root / "hparams.yaml").write_text(": : [\n", encoding="utf-8")
    elif kind == "hparams-list":
        _comet_folder(root, _torch_zip_bytes(tmp_path))
        (root / "hparams.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    elif kind == "safetensors-empty":
        _metricx_folder(root)
        (root / "model.safetensors").write_bytes(b"")
    elif kind == "safetensors-truncated":
        _metricx_folder(root)
        _truncate(root / "model.safetensors", 2000)
    elif kind == "safetensors-header-cut":
        _metricx_folder(root)
        _truncate(root / "model.safetensors", 20)
    elif kind == "ckpt-empty":
        _comet_folder(root, b"")
    elif kind == "ckpt-truncated":
        _comet_folder(root, _torch_zip_bytes(tmp_path)[:1000])
    elif kind == "ckpt-garbage":
        _comet_folder(root, b"this is not a checkpoint")
    return root


@pytest.mark.parametrize(
    ("kind", "code", "fragment"),
    [
        ("empty", 4, "holds no model"),
        ("garbage", 3, "cannot be read as JSON"),
        ("config-list", 3, "JSON list, not an object"),
        ("config-binary", 3, "cannot be read as JSON"),
        ("hparams-bad-yaml", 3, "cannot be read as YAML"),
        ("hparams-list", 3, "no YAML mapping"),
        ("safetensors-empty", 3, "not a valid safetensors"),
        ("safetensors-truncated", 3, "is truncated"),
        ("safetensors-header-cut", 3, "not a valid safetensors"),
        ("ckpt-empty", 3, "is empty"),
        ("ckpt-truncated", 3, "truncated or corrupt"),
        ("ckpt-garbage", 3, "not a torch checkpoint"),
    ],
)
def test_broken_model_folder_is_a_clear_error(
    pairs: str, tmp_path: Path, offline_cache: Path, kind: str, code: int, fragment: str
) -> None:
    folder = _bad_folder(kind, tmp_path)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "--scorer", "qe", "--model", str(folder)])
    assert result.exit_code == code, result.output
    assert fragment in result.stderr and str(folder) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "again" in result.stderr or "pass the folder" in result.stderr  # the fix


@pytest.mark.parametrize("kind", ["safetensors-truncated", "safetensors-empty", "garbage", "ckpt-truncated"])
def test_models_does_not_call_a_corrupt_folder_usable(tmp_path: Path, offline_cache: Path, kind: str) -> None:
    folder = _bad_folder(kind, tmp_path)
    result = CliRunner().invoke(main, ["models", "--format", "json", "--model", str(folder)])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout) if r["name"] == str(folder))
    assert row["available"] is False and row["status"].startswith("corrupt:")
    table = CliRunner().invoke(main, ["models", "--model", str(folder)]).stdout
    line = next(line for line in table.splitlines() if line.startswith(str(folder)))
    assert line.split()[1] == "corrupt"


def test_corrupt_snapshot_in_the_hub_cache_is_not_usable(offline_cache: Path, tmp_path: Path) -> None:
    from mtqa.models.qe.resolve import describe_models, resolve_model

    repo = offline_cache / "models--google--metricx-24-hybrid-large-v2p6"
    snap = _metricx_folder(repo / "snapshots" / "abc123")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123", encoding="utf-8")
    whole = describe_models()
    assert next(d for d in whole if d.id == "google/metricx-24-hybrid-large-v2p6").status == "usable"
    _truncate(snap / "model.safetensors", 500)
    row = next(d for d in describe_models() if d.id == "google/metricx-24-hybrid-large-v2p6")
    assert row.status.startswith("corrupt:") and "truncated" in row.status
    with pytest.raises(InputError, match="truncated"):
        resolve_model("google/metricx-24-hybrid-large-v2p6", download=False)


def test_sharded_safetensors_with_a_missing_shard(tmp_path: Path) -> None:
    from mtqa.models.qe.resolve import verify_weights

    folder = _metricx_folder(tmp_path / "m")
    (folder / "model.safetensors").rename(folder / "model-00001-of-00002.safetensors")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(InputError, match="model-00002-of-00002.safetensors.*missing"):
        verify_weights(folder)


def test_whole_weights_pass_the_header_check(tmp_path: Path) -> None:
    from mtqa.models.qe.resolve import check_torch_file, verify_weights

    verify_weights(_metricx_folder(tmp_path / "m"))
    ckpt = tmp_path / "real.ckpt"
    import torch

    torch.save({"state_dict": {"w": torch.zeros(3)}}, ckpt)
    check_torch_file(ckpt)


# ---- the environment --------------------------------------------------------------------------

def _no_cuda() -> bool:
    import torch

    return not torch.cuda.is_available()


@pytest.mark.parametrize("command", ["score", "check"])
def test_device_cuda_without_cuda_fails_before_loading_anything(
    pairs: str, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    if not _no_cuda():
        pytest.skip("this machine has CUDA")
    called: list[bool] = []
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", lambda *a, **k: called.append(True))
    monkeypatch.setattr("mtqa.pipeline.check_documents", lambda *a, **k: called.append(True))
    args = [command, pairs] + ([pairs] if command == "check" else []) + [*SCORE, "--device", "cuda"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "no CUDA GPU" in result.stderr and "--device cpu" in result.stderr
    assert called == []


def test_unknown_device_is_a_usage_error_before_any_work(pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[bool] = []
    monkeypatch.setattr("mtqa.pipeline.score_pair_file", lambda *a, **k: called.append(True))
    result = CliRunner().invoke(main, ["score", pairs, *SCORE, "--device", "tpu"])
    assert result.exit_code == 2 and "unknown --device 'tpu'" in result.stderr and called == []


@pytest.mark.parametrize(
    "error",
    [
        MemoryError(),
        # what torch raises when `ulimit -v` stops it mapping a model file
        RuntimeError("unable to mmap 470045872 bytes from file <model.safetensors>: Cannot allocate memory (12)"),
        OSError(12, "Cannot allocate memory"),
    ],
)
def test_memory_error_is_a_clear_error_not_an_internal_one(
    pairs: str, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def exhaust(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("mtqa.pipeline.score_pair_file", exhaust)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE])
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("mtqa: error: out of memory") and "--batch-size" in result.stderr
    assert "internal error" not in result.stderr


def test_mtqa_warnings_are_shown_as_one_line(pairs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def warn_then_fail(*args: object, **kwargs: object) -> None:
        warnings.warn(MtqaWarning("the cache moved"), stacklevel=1)
        raise InputError("stop here")

    monkeypatch.setattr("mtqa.pipeline.score_pair_file", warn_then_fail)
    result = CliRunner().invoke(main, ["score", pairs, *SCORE])
    assert result.stderr.splitlines() == ["mtqa: warning: the cache moved", "mtqa: error: stop here"]


def _fake_conversion(monkeypatch: pytest.MonkeyPatch, src: Path) -> list[Path]:
    """Stand-ins for the e5 conversion (seconds of work) that still create and fail as the real one."""
    from mtqa.models.offline import e5_convert

    made: list[Path] = []

    def convert(source: Path, dest: Path) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)  # raises as the real one does on a bad cache
        dest.mkdir()
        (dest / e5_convert.MANIFEST).write_text("{}", encoding="utf-8")
        made.append(dest)

    monkeypatch.setattr(e5_convert, "convert", convert)
    monkeypatch.setattr(e5_convert, "verify", lambda folder, sha=None: {})
    return made


def test_unwritable_cache_falls_back_to_a_private_temporary_folder_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtqa.models.offline import e5_convert

    src = tmp_path / "e5.bin"
    src.write_bytes(b"weights")
    made = _fake_conversion(monkeypatch, src)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache should be", encoding="utf-8")  # fails for root too
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.warns(MtqaWarning, match="cannot be written.*MTQA_CACHE"):
        folder = e5_convert.ensure_converted(src, cache_dir=blocker / "cache")
    assert folder.is_relative_to(tmp_path / "tmp") and made == [folder]
    fallback = next((tmp_path / "tmp").iterdir())
    assert fallback.stat().st_mode & 0o077 == 0


def test_cache_and_temporary_folder_both_unusable_is_model_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtqa.models.offline import e5_convert

    src = tmp_path / "e5.bin"
    src.write_bytes(b"weights")
    _fake_conversion(monkeypatch, src)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr("tempfile.tempdir", str(blocker))
    with pytest.warns(MtqaWarning), pytest.raises(ModelUnavailableError, match="set MTQA_CACHE to a writable folder"):
        e5_convert.ensure_converted(src, cache_dir=blocker / "cache")


def test_a_fallback_folder_shared_with_others_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.models.offline import e5_convert

    src = tmp_path / "e5.bin"
    src.write_bytes(b"weights")
    _fake_conversion(monkeypatch, src)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    shared = tmp_path / "tmp"
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    planted = shared / f"mtqa-cache-{os.getuid()}"
    planted.mkdir(parents=True)
    planted.chmod(0o777)
    with pytest.warns(MtqaWarning), pytest.raises(ModelUnavailableError, match="writable by others"):
        e5_convert.ensure_converted(src, cache_dir=blocker / "cache")
