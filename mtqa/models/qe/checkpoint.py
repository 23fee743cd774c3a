"""Reading COMET checkpoints: `hparams.yaml` + `checkpoints/model.ckpt` (a Lightning checkpoint).

No pytorch-lightning: the checkpoint is a pickled dict whose `state_dict` holds the tensors. It is
read with `torch.load(weights_only=True)`; released checkpoints also carry `hyper_parameters` made of
plain values, which the restricted unpickler accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa.errors import InputError, ModelUnavailableError

if TYPE_CHECKING:
    import torch

COMET_CLASSES = ("unified_metric", "xcomet_metric", "referenceless_regression_metric")
# Classes that need a reference translation: refused with a clear message instead of garbage.
REFERENCE_CLASSES = ("regression_metric", "ranking_metric")


@dataclass(frozen=True)
class CometCheckpoint:
    folder: Path
    hparams: Mapping[str, Any]
    state_dict: Mapping[str, torch.Tensor]
    checksum: str

    @property
    def class_identifier(self) -> str:
        return str(self.hparams["class_identifier"])


def find_checkpoint_file(folder: Path) -> Path:
    """`folder/checkpoints/model.ckpt`, or a .ckpt given directly."""
    if folder.is_file() and folder.suffix == ".ckpt":
        return folder
    path = folder / "checkpoints" / "model.ckpt"
    if not path.is_file():
        raise ModelUnavailableError(
            f"no COMET checkpoint in {folder}: expected checkpoints/model.ckpt next to hparams.yaml "
            "(the layout of the Unbabel model repositories)"
        )
    return path


def read_hparams(folder: Path) -> dict[str, Any]:
    from mtqa.models.qe.resolve import read_yaml_mapping

    path = folder / "hparams.yaml"
    if not path.is_file():
        raise ModelUnavailableError(f"{path} is missing; a COMET model folder holds hparams.yaml and checkpoints/")
    data = read_yaml_mapping(path)
    if "class_identifier" not in data:
        raise ModelUnavailableError(f"{path} has no class_identifier; is this a COMET model folder?")
    cls = data["class_identifier"]
    if cls in REFERENCE_CLASSES:
        raise ModelUnavailableError(
            f"{folder} is a reference-based COMET model ({cls}); mtqa scores without references. "
            f"Use a QE model: {', '.join(COMET_CLASSES)} (e.g. Unbabel/wmt22-cometkiwi-da)"
        )
    if cls not in COMET_CLASSES:
        raise ModelUnavailableError(
            f"{folder}: unknown COMET class {cls!r}; supported: {', '.join(COMET_CLASSES)}"
        )
    return data


def file_checksum(path: Path, *, limit: int = 1 << 20) -> str:
    """sha256 of the first MiB plus the size: enough to tell checkpoints apart, cheap on 2 GB files."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(limit))
    return f"sha256-1MiB:{digest.hexdigest()[:16]}:{path.stat().st_size}"


def load_state_dict(path: Path) -> dict[str, torch.Tensor]:
    import pickle

    import torch

    from mtqa.models.qe.resolve import check_torch_file

    check_torch_file(path)  # an empty or cut-off file is named as such, not as an unpickling error
    try:
        try:
            # mmap: a 2 GB checkpoint is paged in as the weights are used, not copied first.
            data = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as exc:
            if "mmap" not in str(exc):  # legacy (non-zip) format cannot be mmapped
                raise
            data = torch.load(path, map_location="cpu", weights_only=True)
    except (EOFError, OSError, ValueError) as exc:
        raise InputError(
            f"cannot be read as a torch checkpoint ({exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
            "copy the model folder again",
            path=str(path),
        ) from None
    except (pickle.UnpicklingError, RuntimeError) as exc:
        raise ModelUnavailableError(
            f"{path} cannot be read as a weights-only checkpoint ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}); mtqa does not unpickle arbitrary objects. Re-save it with "
            "torch.save({'state_dict': model.state_dict()}, path)"
        ) from None
    state = data.get("state_dict", data) if isinstance(data, dict) else None
    if not isinstance(state, Mapping) or not state:
        raise ModelUnavailableError(f"{path} holds no state_dict")
    return dict(state)


def load_comet_checkpoint(folder: Path) -> CometCheckpoint:
    ckpt = find_checkpoint_file(folder)
    model_folder = ckpt.parents[1]
    hparams = read_hparams(model_folder)
    return CometCheckpoint(model_folder, hparams, load_state_dict(ckpt), file_checksum(ckpt))


def check_keys(
    where: str,
    expected: Iterable[str],
    found: Iterable[str],
    *,
    ignorable: Iterable[str] = (),
) -> None:
    """A wrong checkpoint is an error, not random weights (the reference loads with strict=False)."""
    exp, got = set(expected), set(found)
    ign = tuple(ignorable)
    missing = sorted(exp - got)
    unexpected = sorted(k for k in got - exp if not k.endswith(ign))
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} tensor(s), e.g. {', '.join(missing[:4])}")
        if unexpected:
            parts.append(f"unexpected {len(unexpected)} tensor(s), e.g. {', '.join(unexpected[:4])}")
        raise ModelUnavailableError(
            f"{where}: the checkpoint does not match its hparams.yaml/encoder config ({'; '.join(parts)}). "
            "Check that --encoder points at the encoder named by pretrained_model and that the "
            "checkpoint is complete"
        )
