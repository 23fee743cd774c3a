"""The converted e5 folder is hashed in full once; later processes trust it only while every file is
the very file that was verified (size, inode, mtime, ctime)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtqa.errors import ModelUnavailableError


@pytest.fixture
def cache(e5_folder: Path, tmp_path: Path) -> Path:
    """A cache root holding a copy of the converted folder (the weights linked, not copied)."""
    folder = tmp_path / "e5-small" / e5_folder.name
    folder.mkdir(parents=True)
    for name in ("config.json", "tokenizer_e5.json", "mtqa_e5.json"):
        shutil.copy(e5_folder / name, folder / name)
    (folder / "model.safetensors").hardlink_to(e5_folder / "model.safetensors")
    return tmp_path


def test_a_verified_folder_is_not_hashed_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.models.offline import e5_convert

    monkeypatch.setattr(e5_convert, "_VERIFIED", set())
    folder = e5_convert.ensure_converted(cache_dir=cache)
    assert (folder / e5_convert.STAMP).is_file()
    hashed: list[Path] = []
    real = e5_convert.sha256_file
    monkeypatch.setattr(e5_convert, "sha256_file", lambda p: hashed.append(p) or real(p))
    monkeypatch.setattr(e5_convert, "_VERIFIED", set())  # as in a new process
    assert e5_convert.ensure_converted(cache_dir=cache) == folder
    assert hashed == []


def test_a_file_changed_after_the_stamp_is_verified_again_and_refused(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.models.offline import e5_convert

    monkeypatch.setattr(e5_convert, "_VERIFIED", set())
    folder = e5_convert.ensure_converted(cache_dir=cache)
    cfg = json.loads((folder / "config.json").read_text())
    cfg["num_hidden_layers"] = 6
    (folder / "config.json").write_text(json.dumps(cfg))
    monkeypatch.setattr(e5_convert, "_VERIFIED", set())
    with pytest.raises(ModelUnavailableError, match="checksum mismatch"):
        e5_convert.ensure_converted(cache_dir=cache)
