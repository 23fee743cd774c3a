"""Atomic output: a report replaces an existing file only once it is complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mtqa.errors import InputError


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write `content` to a temporary file beside `path`, then rename it over `path`.

    A crash or error before the rename leaves any existing file untouched and no partial file behind.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a directory; give a file name for the report", path=str(path))
    if not parent.is_dir():
        raise InputError(f"output folder {str(parent)!r} does not exist; create it first", path=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        # mkstemp makes the file owner-only; a report gets the mode a plain write would give it
        # (the replaced file's mode, else 0666 less the umask).
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
