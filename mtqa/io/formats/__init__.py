"""Bilingual localisation files: XLIFF 1.2 / 2.x, TMX 1.4, gettext PO, and SRT / WebVTT subtitles.

These formats are pre-aligned: each *unit* (an XLIFF segment, a TMX translation unit, a PO message
or plural form, a subtitle cue) is one pair, kept as the file gives it, never re-aligned. Inline
markup (XLIFF <g>/<x>/<ph>/<pc>..., subtitle <i>/<b> tags) is taken out of the text the checks and
models see and kept beside it as a sequence of `Tag`s, compared separately (mtqa.checks.markup).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import InputError
from mtqa.types import Markup

# Suffixes read as one bilingual file, and those that pair two monolingual subtitle files by cue.
BILINGUAL_SUFFIXES = (".xlf", ".xliff", ".tmx", ".po")
SUBTITLE_SUFFIXES = (".srt", ".vtt")
ANNOTATABLE_SUFFIXES = (".xlf", ".xliff")


@dataclass(frozen=True)
class Unit:
    """One pre-aligned pair. `target` is None when the file has no translation for it.

    `key` names the unit in the file (XLIFF unit/segment id, PO msgctxt+msgid and plural form,
    cue number); `line` is the 1-based line the unit starts on.
    """

    key: str
    source: str
    target: str | None
    line: int = 0
    markup: Markup | None = None
    plural_form: int | None = None
    """The msgstr[n] of a PO plural message, else None."""
    fuzzy: bool = False
    """A PO translation flagged '#, fuzzy' (not yet confirmed by a translator)."""
    handle: Any = field(default=None, compare=False, repr=False)
    """Where the unit lives in the parsed file (the XML element), for annotated output."""


@dataclass(frozen=True)
class Bilingual:
    path: str
    format: str
    """'xliff-1.2', 'xliff-2.0', 'xliff-2.1', 'tmx-1.4', 'po', 'srt' or 'vtt'."""
    units: tuple[Unit, ...]
    source_lang: str | None = None
    target_lang: str | None = None
    tree: Any = field(default=None, compare=False, repr=False)
    """The parsed document (lxml ElementTree) for formats written back with annotations."""
    skipped: int = 0
    """Units the file marks as not to be translated (translate="no"); left unchecked and said so."""


def is_bilingual(path: str | os.PathLike[str]) -> bool:
    return Path(os.fspath(path)).suffix.lower() in BILINGUAL_SUFFIXES


def is_subtitle(path: str | os.PathLike[str]) -> bool:
    return Path(os.fspath(path)).suffix.lower() in SUBTITLE_SUFFIXES


def read_bilingual(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", source_lang: str = "it", target_lang: str = "en"
) -> Bilingual:
    """Read an XLIFF, TMX or PO file into its units (dispatch by suffix), and check that the
    languages it declares are --src-lang and --tgt-lang."""
    from mtqa.io.formats import po, tmx, xliff

    readers: dict[str, Callable[..., Bilingual]] = {
        ".xlf": xliff.read_xliff,
        ".xliff": xliff.read_xliff,
        ".tmx": tmx.read_tmx,
        ".po": po.read_po,
    }
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in readers:
        raise InputError(f"unknown bilingual file type {suffix!r}; use one of {', '.join(readers)}", path=name)
    if suffix == ".tmx":
        file = tmx.read_tmx(name, encoding=encoding, source_lang=source_lang, target_lang=target_lang)
    else:
        file = readers[suffix](name, encoding=encoding)
    check_langs(file, source_lang, target_lang)
    return file


def primary(lang: str | None) -> str | None:
    """'en-US' -> 'en', 'it_IT' -> 'it': the part mtqa's --src-lang/--tgt-lang name."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-")[0].strip().lower() or None


def check_langs(file: Bilingual, source_lang: str, target_lang: str) -> None:
    """The file's own language attributes must agree with --src-lang/--tgt-lang (primary subtag)."""
    for side, declared, given, flag in (
        ("source", file.source_lang, source_lang, "--src-lang"),
        ("target", file.target_lang, target_lang, "--tgt-lang"),
    ):
        if declared and primary(declared) != given:
            raise InputError(
                f"the file declares its {side} language as {declared!r} but {flag} is {given!r}; "
                f"run with {flag} {primary(declared)} or check that this is the right file",
                path=file.path,
            )
