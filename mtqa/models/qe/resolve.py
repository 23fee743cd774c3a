"""Where QE models come from: a local folder, the local Hugging Face cache, or (online only) a download.

Nothing here imports torch or transformers. The network is tried only when the model is in neither
place and HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are unset; otherwise a missing model is a
`ModelUnavailableError` (exit 4) that names the id, every place looked in and how to copy it over.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import InputError, ModelUnavailableError

NC = "CC-BY-NC-SA-4.0 (non-commercial; gated: accept the terms on huggingface.co first)"
APACHE = "Apache-2.0"


@dataclass(frozen=True)
class KnownModel:
    id: str
    family: str  # cometkiwi | xcomet | cometqe | metricx24 | metricx23
    model_class: str
    licence: str
    encoder: str  # the tokenizer/config repository the checkpoint needs


# The published QE checkpoints mtqa knows by id (licences from their model cards).
KNOWN: tuple[KnownModel, ...] = (
    KnownModel("Unbabel/wmt22-cometkiwi-da", "cometkiwi", "unified_metric", NC, "microsoft/infoxlm-large"),
    KnownModel("Unbabel/wmt23-cometkiwi-da-xl", "cometkiwi", "unified_metric", NC, "facebook/xlm-roberta-xl"),
    KnownModel("Unbabel/wmt23-cometkiwi-da-xxl", "cometkiwi", "unified_metric", NC, "facebook/xlm-roberta-xxl"),
    KnownModel("Unbabel/XCOMET-XL", "xcomet", "xcomet_metric", NC, "facebook/xlm-roberta-xl"),
    KnownModel("Unbabel/XCOMET-XXL", "xcomet", "xcomet_metric", NC, "facebook/xlm-roberta-xxl"),
    KnownModel("Unbabel/wmt20-comet-qe-da", "cometqe", "referenceless_regression_metric", APACHE, "xlm-roberta-large"),
    KnownModel("google/metricx-24-hybrid-large-v2p6", "metricx24", "mt5", APACHE, "google/mt5-large"),
    KnownModel("google/metricx-24-hybrid-xl-v2p6", "metricx24", "mt5", APACHE, "google/mt5-xl"),
    KnownModel("google/metricx-24-hybrid-xxl-v2p6", "metricx24", "mt5", APACHE, "google/mt5-xxl"),
    KnownModel("google/metricx-23-qe-large-v2p0", "metricx23", "mt5", APACHE, "google/mt5-large"),
    KnownModel("google/metricx-23-qe-xl-v2p0", "metricx23", "mt5", APACHE, "google/mt5-xl"),
    KnownModel("google/metricx-23-qe-xxl-v2p0", "metricx23", "mt5", APACHE, "google/mt5-xxl"),
)
FAMILY_OF_CLASS = {
    "unified_metric": "cometkiwi",
    "xcomet_metric": "xcomet",
    "referenceless_regression_metric": "cometqe",
}


@dataclass(frozen=True)
class Resolved:
    """A model found on disk."""

    id: str
    folder: Path
    family: str
    model_class: str
    revision: str  # snapshot hash for cache hits, "local" for folders
    licence: str
    encoder_id: str
    looked_in: tuple[str, ...] = field(default=())


def is_offline() -> bool:
    return any(os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on") for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hf_cache_dirs() -> list[Path]:
    """Hub cache folders in huggingface_hub's order: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub."""
    dirs = []
    if os.environ.get("HF_HUB_CACHE"):
        dirs.append(Path(os.environ["HF_HUB_CACHE"]))
    home = Path(os.environ.get("HF_HOME", Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "huggingface"))
    dirs.append(home / "hub")
    return list(dict.fromkeys(dirs))


def model_dirs() -> list[Path]:
    """Extra folders holding models copied by hand: MTQA_MODELS (os.pathsep-separated)."""
    raw = os.environ.get("MTQA_MODELS", "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def find_in_cache(repo_id: str) -> tuple[Path, str] | None:
    """A complete snapshot of `repo_id` in a local hub cache: (folder, revision)."""
    for cache in hf_cache_dirs():
        repo = cache / ("models--" + repo_id.replace("/", "--"))
        snaps = repo / "snapshots"
        if not snaps.is_dir():
            continue
        ref = repo / "refs" / "main"
        preferred = ref.read_text(encoding="utf-8").strip() if ref.is_file() else None
        candidates = sorted(snaps.iterdir(), key=lambda p: (p.name != preferred, -p.stat().st_mtime))
        for snap in candidates:
            if _looks_complete(snap):
                return snap, snap.name
    for base in model_dirs():
        for folder in (base / repo_id, base / repo_id.split("/")[-1]):
            if _looks_complete(folder):
                return folder, "local"
    return None


def _looks_complete(folder: Path) -> bool:
    if (folder / "hparams.yaml").is_file() and (folder / "checkpoints" / "model.ckpt").is_file():
        return True
    has_weights = any((folder / n).is_file() for n in ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json"))
    return (folder / "config.json").is_file() and has_weights


def _places(repo_id: str) -> tuple[str, ...]:
    places = [str(c / ("models--" + repo_id.replace("/", "--"))) for c in hf_cache_dirs()]
    places += [str(b / repo_id) for b in model_dirs()]
    return tuple(places)


def _fetch_hint(repo_id: str, what: str) -> str:
    return (
        f"On a connected machine run `huggingface-cli download {repo_id}` (gated models: log in and "
        f"accept the licence first), then copy ~/.cache/huggingface/hub/models--{repo_id.replace('/', '--')} "
        f"into this machine's hub cache, or copy the snapshot folder anywhere and pass it as {what}"
    )


_RECOPY = "copy the model folder again (or re-download it: huggingface-cli download ID)"


def read_json_object(path: Path) -> dict[str, Any]:
    """A model file that must hold a JSON object; anything else is a bad file (exit 3) named with the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot be read as JSON ({_first_line(exc)}); {_RECOPY}", path=str(path)) from None
    if not isinstance(data, dict):
        raise InputError(f"holds a JSON {type(data).__name__}, not an object; {_RECOPY}", path=str(path))
    return data


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot be read as YAML ({_first_line(exc)}); {_RECOPY}", path=str(path)) from None
    if not isinstance(data, dict):
        raise InputError(f"holds no YAML mapping (found {type(data).__name__}); {_RECOPY}", path=str(path))
    return data


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _describe_folder(folder: Path) -> tuple[str, str, str]:
    """(family, class, encoder id) read from the files of a model folder."""
    if (folder / "hparams.yaml").is_file():
        h = read_yaml_mapping(folder / "hparams.yaml")
        cls = str(h.get("class_identifier", "?"))
        return FAMILY_OF_CLASS.get(cls, cls), cls, str(h.get("pretrained_model", "") or "")
    if not (folder / "config.json").is_file():
        raise ModelUnavailableError(
            f"{folder} holds no model: expected hparams.yaml + checkpoints/model.ckpt (COMET) or config.json + "
            "model.safetensors (MetricX); pass the folder of a downloaded model snapshot"
        )
    cfg = read_json_object(folder / "config.json")
    if cfg.get("model_type") == "mt5":
        family = "metricx23" if "metricx-23" in str(folder).lower() else "metricx24"
        return family, "mt5", str(folder) if _has_tokenizer(folder) else ""
    raise ModelUnavailableError(
        f"{folder} is neither a COMET folder (hparams.yaml + checkpoints/model.ckpt) nor a MetricX "
        f"(mT5) folder (config.json model_type 'mt5', found {cfg.get('model_type')!r})"
    )


def verify_weights(folder: Path) -> None:
    """Check the weight files' headers without loading them (a few KB read): a truncated or corrupt
    download is a bad file (exit 3) named with the fix, not a crash deep inside torch."""
    if (folder / "hparams.yaml").is_file():
        ckpt = folder / "checkpoints" / "model.ckpt"
        if ckpt.is_file():
            check_torch_file(ckpt)
        return
    for name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        index = folder / name
        if index.is_file():
            weight_map = read_json_object(index).get("weight_map")
            if not isinstance(weight_map, dict) or not weight_map:
                raise InputError(f"has no weight_map; {_RECOPY}", path=str(index))
            for shard in sorted(set(map(str, weight_map.values()))):
                path = folder / shard
                if not path.is_file():
                    raise InputError(f"names the shard {shard!r}, which is missing; {_RECOPY}", path=str(index))
                (check_safetensors if shard.endswith(".safetensors") else check_torch_file)(path)
            return
    if (folder / "model.safetensors").is_file():
        check_safetensors(folder / "model.safetensors")
    elif (folder / "pytorch_model.bin").is_file():
        check_torch_file(folder / "pytorch_model.bin")


# A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's
# byte range, then the data (https://github.com/huggingface/safetensors#format).
_MAX_SAFETENSORS_HEADER = 100_000_000  # the limit the safetensors library itself enforces


def check_safetensors(path: Path) -> None:
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            length = int.from_bytes(head, "little") if len(head) == 8 else -1
            if length < 2 or length > _MAX_SAFETENSORS_HEADER or 8 + length > size:
                raise ValueError("the header is cut off or its length is wrong")
            header = json.loads(handle.read(length).decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
        end = max((int(v["data_offsets"][1]) for k, v in header.items() if k != "__metadata__"), default=0)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError(f"is not a valid safetensors file ({exc}); {_RECOPY}", path=str(path)) from None
    if 8 + length + end > size:
        raise InputError(
            f"is truncated: its header describes {8 + length + end} bytes but the file has {size}; {_RECOPY}",
            path=str(path),
        )


def check_torch_file(path: Path) -> None:
    """A torch checkpoint is a zip archive (torch >= 1.6) or a legacy pickle (protocol byte 0x80)."""
    import zipfile

    size = path.stat().st_size
    if size == 0:
        raise InputError(f"is empty; {_RECOPY}", path=str(path))
    with path.open("rb") as handle:
        magic = handle.read(2)
    if magic == b"PK":
        try:
            # Opening reads only the central directory at the end: a cut-off download fails here.
            with zipfile.ZipFile(path) as archive:
                archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(f"is a truncated or corrupt checkpoint archive ({exc}); {_RECOPY}", path=str(path)) from None
    elif magic[:1] != b"\x80":
        raise InputError(f"is not a torch checkpoint (neither a zip archive nor a pickle); {_RECOPY}", path=str(path))


def resolve_model(spec: str, *, download: bool = True) -> Resolved:
    """`spec`: a folder (or a .ckpt inside one) or a hub id such as Unbabel/wmt22-cometkiwi-da."""
    known = {m.id.lower(): m for m in KNOWN}
    path = Path(spec).expanduser()
    if path.exists():
        folder = path.parents[1] if path.is_file() and path.suffix == ".ckpt" else path
        family, cls, enc = _describe_folder(folder)
        verify_weights(folder)
        meta = _known_for_folder(folder, known)
        if meta is not None:
            family = meta.family if cls == "mt5" else family
        licence = meta.licence if meta else "unknown (see the model card)"
        return Resolved(str(folder), folder, family, cls, "local", licence, enc or (meta.encoder if meta else ""))
    if spec.count("/") != 1 or spec.startswith((".", "/", "~")):
        raise ModelUnavailableError(
            f"--model {spec!r} is neither an existing folder nor a hub id like 'Unbabel/wmt22-cometkiwi-da'; "
            f"known ids: {', '.join(m.id for m in KNOWN)}"
        )
    meta = known.get(spec.lower())
    hit = find_in_cache(spec)
    if hit is None and download and not is_offline():
        hit = _download(spec, full=True)
    if hit is None:
        where = "; ".join(_places(spec))
        state = "offline (HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE set)" if is_offline() else "not downloadable"
        raise ModelUnavailableError(
            f"model {spec!r} is not on this machine and it is {state}. Looked in: {where}. {_fetch_hint(spec, '--model PATH')}"
        )
    folder, revision = hit
    family, cls, enc = _describe_folder(folder)
    verify_weights(folder)
    if meta is not None and cls == "mt5":
        family = meta.family
    licence = meta.licence if meta else "unknown (see the model card)"
    return Resolved(spec, folder, family, cls, revision, licence, enc or (meta.encoder if meta else ""))


def _known_for_folder(folder: Path, known: dict[str, KnownModel]) -> KnownModel | None:
    """A cache snapshot folder .../models--org--name/snapshots/REV names its id."""
    for part in folder.resolve().parts:
        if part.startswith("models--"):
            return known.get(part[len("models--") :].replace("--", "/").lower())
    return known.get(folder.name.lower()) or next((m for k, m in known.items() if k.endswith("/" + folder.name.lower())), None)


def resolve_encoder(encoder_id: str, override: str | None, *, model_folder: Path, download: bool = True) -> Path:
    """The tokenizer + config folder: --encoder, then a local path in hparams, then the hub cache."""
    if override:
        path = Path(override).expanduser()
        if not (path / "config.json").is_file():
            raise ModelUnavailableError(f"--encoder {override}: no config.json there (need the encoder's config and tokenizer files)")
        return path
    if not encoder_id:
        raise ModelUnavailableError(f"{model_folder}: cannot tell which encoder/tokenizer it needs; pass --encoder PATH")
    path = Path(encoder_id).expanduser()
    if path.is_dir() and (path / "config.json").is_file():
        return path
    for cache in hf_cache_dirs():
        snaps = cache / ("models--" + encoder_id.replace("/", "--")) / "snapshots"
        if snaps.is_dir():
            for snap in sorted(snaps.iterdir(), key=lambda p: -p.stat().st_mtime):
                if (snap / "config.json").is_file() and _has_tokenizer(snap):
                    return snap
    for base in model_dirs():
        for cand in (base / encoder_id, base / encoder_id.split("/")[-1]):
            if (cand / "config.json").is_file() and _has_tokenizer(cand):
                return cand
    if download and not is_offline() and not path.is_absolute():
        hit = _download(encoder_id, full=False)
        if hit is not None:
            return hit[0]
    where = "; ".join(_places(encoder_id))
    raise ModelUnavailableError(
        f"the encoder config/tokenizer {encoder_id!r} (named by {model_folder}) is not on this machine"
        f"{' and it is offline' if is_offline() else ''}. Looked in: {where}. Only config.json and the tokenizer "
        f"files are needed (no weights). {_fetch_hint(encoder_id, '--encoder PATH')}"
    )


def _has_tokenizer(folder: Path) -> bool:
    return any((folder / n).is_file() for n in ("tokenizer.json", "sentencepiece.bpe.model", "spiece.model"))


def _download(repo_id: str, *, full: bool) -> tuple[Path, str] | None:
    """Online only: fetch into the hub cache. Tokenizer/config only for encoders."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    patterns = None if full else ["config.json", "tokenizer*", "sentencepiece*", "spiece.model", "special_tokens_map.json"]
    try:
        folder = Path(snapshot_download(repo_id=repo_id, allow_patterns=patterns))
    except Exception:  # noqa: BLE001 - any hub failure (network, auth, gated) becomes the error below
        return None
    return folder, folder.name


@dataclass(frozen=True)
class ModelDescription:
    """One line of `mtqa models`."""

    id: str
    family: str
    model_class: str
    licence: str
    status: str  # usable | encoder missing | missing | corrupt: <why>
    location: str | None
    looked_in: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "family": self.family,
            "class": self.model_class,
            "licence": self.licence,
            "status": self.status,
            "location": self.location,
            "looked_in": list(self.looked_in),
        }


def describe_models(extra: Sequence[str] = ()) -> list[ModelDescription]:
    """Every known QE model (and each `extra` id or folder, e.g. the configured --model): found on
    disk (with its encoder files) or missing, and where looked. Never touches the network."""
    out = []
    for spec in extra:
        try:
            res = resolve_model(spec, download=False)
        except ModelUnavailableError:
            out.append(ModelDescription(spec, "?", "?", "unknown", "missing", None, _places(spec) if "/" in spec else (spec,)))
            continue
        except InputError as exc:
            out.append(ModelDescription(spec, "?", "?", "unknown", f"corrupt: {exc.message}", spec, (spec,)))
            continue
        try:
            resolve_encoder(res.encoder_id, None, model_folder=res.folder, download=False)
            status = "usable"
        except ModelUnavailableError:
            status = "encoder missing"
        out.append(ModelDescription(res.id, res.family, res.model_class, res.licence, status, str(res.folder), (str(res.folder),)))
    for m in KNOWN:
        hit = find_in_cache(m.id)
        status, location = "missing", None
        if hit is not None:
            location = str(hit[0])
            try:
                family, _, enc = _describe_folder(hit[0])
                verify_weights(hit[0])
                resolve_encoder(enc or m.encoder, None, model_folder=hit[0], download=False)
                status = "usable"
            except ModelUnavailableError:
                status = "encoder missing"
            except InputError as exc:
                status = f"corrupt: {exc.message}"
        out.append(ModelDescription(m.id, m.family, m.model_class, m.licence, status, location, _places(m.id)))
    return out
