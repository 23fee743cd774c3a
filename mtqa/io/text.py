"""Decoding user files: UTF-8 (BOM tolerated) or a named encoding, with errors that say where and how to fix."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from typing import BinaryIO

from mtqa.config import check_encoding
from mtqa.errors import InputError

# The path that means standard input, as in most Unix tools.
STDIN = "-"
# Inputs are read whole; a bound keeps a wrong path (a disk image, a log) from filling memory.
# 512 MiB is a hundred times a long book; split anything larger.
MAX_INPUT_BYTES = 512 * 1024 * 1024
# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Codecs whose text legitimately contains NUL bytes (every ASCII character in UTF-16 does).
_WIDE_CODECS = ("utf-16", "utf-32")


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, or of standard input when `path` is '-', at most MAX_INPUT_BYTES.

    FIFOs, devices and sockets are refused before they are opened: opening a FIFO with no writer
    blocks forever and /dev/zero never ends.
    """
    name = str(path)
    if name == STDIN:
        return _bounded_read(sys.stdin.buffer, name)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("file not found; check the path", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a text file; give the path of a file", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            "is not a regular file (a FIFO, device or socket); save the text to a file, or pipe it in and pass '-'",
            path=name,
        )
    if info.st_size > MAX_INPUT_BYTES:
        raise InputError(_too_large(), path=name)
    try:
        with open(path, "rb") as handle:
            return _bounded_read(handle, name)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name) from None


def _bounded_read(handle: BinaryIO, name: str) -> bytes:
    data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_large(), path=name)
    return data


def _too_large() -> str:
    return f"is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; split it into smaller files"


def read_text(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> str:
    """Read a whole text file ('-' for standard input); normalise CRLF/CR to LF and drop a BOM.

    With the default utf-8, a UTF-8, UTF-16 or UTF-32 byte-order mark selects the codec. Raises
    InputError (exit 3) for a missing file, a directory, a non-regular file, a binary file (a NUL
    byte anywhere in a file that is not UTF-16/32), an empty file, or bytes that are not valid in
    the encoding (naming the line and byte and suggesting --encoding).
    """
    name = str(path)
    codec = check_encoding(encoding)
    data = read_bytes(path)
    if not data.strip():
        raise InputError("file is empty; nothing to check", path=name)
    if codec == "utf-8":
        codec = next((c for bom, c in _BOMS if data.startswith(bom)), codec)
    if b"\x00" in data and not codec.startswith(_WIDE_CODECS):
        raise InputError(
            "looks like a binary file (NUL bytes), not text; give a plain-text file "
            "(for UTF-16 or UTF-32 without a byte-order mark pass --encoding utf-16-le or similar)",
            path=name,
            line=data[: data.index(b"\x00")].count(b"\n") + 1,
        )
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
    if "\x00" in text:
        raise InputError("contains NUL characters, not text; check --encoding or give a plain-text file", path=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("file is empty; nothing to check", path=name)
    return text


def is_stdin(path: str | os.PathLike[str]) -> bool:
    return str(path) == STDIN
