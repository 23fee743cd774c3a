"""Sentence encoders behind one protocol. Models load on first use, never at import."""

from __future__ import annotations

from types import ModuleType

from mtqa.models.encoders.base import CachedEncoder, Encoder
from mtqa.errors import UsageError

ENCODERS: dict[str, str] = {
    "use": "mtqa.models.encoders.use:UseEncoder",
    "e5": "mtqa.models.encoders.e5:E5Encoder",
}


def _registered(name: str) -> tuple[ModuleType, str]:
    """The module of the encoder registered as `name` (light: models load in the class) and its class name."""
    import importlib

    try:
        target = ENCODERS[name]
    except KeyError:
        raise UsageError(f"unknown encoder {name!r}; available: {', '.join(sorted(ENCODERS))}") from None
    module_name, _, attr = target.partition(":")
    return importlib.import_module(module_name), attr


def load_encoder(name: str, *, threads: int | None = None) -> CachedEncoder:
    """Build the encoder registered as `name` ("use" or "e5").

    Raises UsageError for an unknown name and ModelUnavailableError when the package or its
    bundled weights cannot be loaded here.
    """
    module, attr = _registered(name)
    encoder: CachedEncoder = getattr(module, attr)(threads=threads)
    return encoder


def encoder_languages(name: str) -> frozenset[str]:
    """Languages of a registered encoder (its module's LANGUAGES), read without loading its model."""
    languages: frozenset[str] = _registered(name)[0].LANGUAGES
    return languages


_SHARED: dict[str, CachedEncoder] = {}


def shared_encoder(name: str) -> CachedEncoder:
    """One encoder per name for the whole process, so the aligner and the similarity scorer of a
    run share one model load and one text cache (a CLI process is one run). Tests that need a
    clean cache call `reset_shared()`."""
    if name not in _SHARED:
        _SHARED[name] = load_encoder(name)
    return _SHARED[name]


def clear_text_caches() -> None:
    """Forget the shared encoders' cached sentence vectors, keeping the models loaded (a long
    `score` run clears them between blocks so memory does not grow with the file)."""
    for encoder in _SHARED.values():
        encoder.clear_cache()


def reset_shared() -> None:
    _SHARED.clear()


__all__ = ["ENCODERS", "CachedEncoder", "Encoder", "encoder_languages", "load_encoder", "reset_shared", "shared_encoder"]
