"""Decoding user files: UTF-8 (BOM tolerated) or a named encoding, with errors that say where and how to fix."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from mtqa.errors import InputError, UsageError

# Control characters that never occur in text: a NUL, or many C0 controls, means a binary file.
_BINARY_SNIFF = 8192


def check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"unknown --encoding {encoding!r}; use a Python codec name such as utf-8, latin-1, cp1252"
        ) from None


def read_text(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> str:
    """Read a whole text file; normalise CRLF/CR to LF and drop a UTF-8 BOM.

    Raises InputError (exit 3) for a missing file, a directory, a binary file, an empty file, or
    bytes that are not valid in `encoding` (naming the line and byte and suggesting --encoding).
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("file not found; check the path", path=name)
    if p.is_dir():
        raise InputError("is a directory, not a text file; give the path of a file", path=name)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name) from None
    if not data.strip():
        raise InputError("file is empty; nothing to check", path=name)
    sniff = data[:_BINARY_SNIFF]
    if b"\x00" in sniff and not _looks_utf16(sniff):
        raise InputError("looks like a binary file (NUL bytes), not text; give a plain-text file", path=name)
    codec = check_encoding(encoding)
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if _looks_utf16(sniff) and codec == "utf-8":
        codec = "utf-16"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {codec}; "
            f"re-save the file as UTF-8 or pass --encoding (e.g. --encoding latin-1)",
            path=name,
            line=line,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("file is empty; nothing to check", path=name)
    return text


def _looks_utf16(sniff: bytes) -> bool:
    return sniff.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
