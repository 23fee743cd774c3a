"""mtqa's cache folder and how files are written into it.

Everything kept there (converted models, tables derived from packaged data, the bench's results) can
be rebuilt, and several processes may fill it at once (`--jobs`): a file appears whole under its
final name or not at all, written to a temporary file beside it and renamed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def cache_root() -> Path:
    """mtqa's cache folder: $MTQA_CACHE, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa."""
    env = os.environ.get("MTQA_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mtqa"


def write_atomically(path: Path, write: Callable[[IO[bytes]], object], *, prefix: str = ".tmp-") -> None:
    """Create `path`'s folder, then `write` into a temporary file beside `path` and rename it to
    `path`; the temporary file is removed if anything fails. Raises OSError (a read-only or full
    cache): callers that can do without the file catch it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
