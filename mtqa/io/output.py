"""Safe output: a report replaces an existing file only once it is complete, and never damages what
it is written to.

- A regular file (or a symlink to one) is written to a temporary file beside the real file and
  renamed over it: a crash or error leaves the previous report untouched and no partial file behind.
  A symlink is resolved first, so the link stays a link and the file it points at is replaced.
- A character device, FIFO or socket (/dev/null, a named pipe, /dev/stdout) is written directly:
  renaming a file over it would replace the device node or the link with a regular file.
- The path is checked before any work is done (`check_output`), so a typo costs no computation.
- SIGINT and SIGTERM that arrive while the report is being committed are held until the rename has
  happened or the temporary file is gone, then acted on: SIGTERM still ends the process, and SIGINT
  raises `Interrupted` saying whether the report was written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from mtqa.errors import InputError

# Paths that name a file descriptor of this process: written through, never resolved or renamed over
# (resolving /dev/stdout gives /proc/self/fd/1, then "pipe:[…]" or the shell's redirect target).
_FD_PREFIXES = ("/dev/fd/", "/proc/")
_FD_NAMES = ("/dev/stdout", "/dev/stderr")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while a report was being committed; `written` says whether it reached its path."""

    def __init__(self, path: str, *, written: bool) -> None:
        super().__init__(path)
        self.path = path
        self.written = written


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """`-o -` (or no -o) means standard output."""
    return path is None or str(path) == "-"


def is_stream(path: str | os.PathLike[str]) -> bool:
    """A path to write straight to: a device, FIFO or socket, or a descriptor of this process."""
    text = os.fspath(path)
    if text in _FD_NAMES or text.startswith(_FD_PREFIXES):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def _real_target(path: Path) -> Path:
    """The file a report at `path` replaces: the end of its symlink chain (dangling links included)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_output(path: str | os.PathLike[str], *, what: str = "-o") -> None:
    """Refuse an output path that cannot take a report, before any work is done."""
    text = os.fspath(path)
    target = Path(text)
    if not text:
        raise InputError(f"{what} is empty; give a file name for the report, or - for standard output")
    if text.endswith(("/", os.sep)):
        raise InputError(f"{what} {text!r} ends with a slash; give a file name for the report, not a folder")
    if is_stream(target):
        if not os.access(target, os.W_OK) and not text.startswith(_FD_PREFIXES) and text not in _FD_NAMES:
            raise InputError(f"{what} {text!r} is not writable by this user; choose another report path")
        return
    if target.is_dir():
        raise InputError(f"{what} {text!r} is a directory; give a file name for the report")
    real = _real_target(target)
    parent = real.parent if str(real.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{what} {text!r}: output folder {str(parent)!r} does not exist; create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"{what} {text!r}: cannot create files in {str(parent)!r} (no write permission); choose another folder"
        )
    if real.exists() and not real.is_file():
        raise InputError(f"{what} {text!r} exists and is not a regular file; choose another report path")
    if real.is_file() and not os.access(real, os.W_OK):
        # A rename could replace it, but a read-only file is one its owner meant to keep.
        raise InputError(f"{what} {text!r} is read-only; make it writable or choose another report path")


def write_atomic(path: str | os.PathLike[str], content: str | Iterable[str]) -> None:
    """Write `content` (a text, or its parts in order) to `path` as described in the module
    docstring. A failed write (disk full, permission, a FIFO whose reader went away) is an
    InputError naming the path and the errno text."""
    check_output(path)
    try:
        _write(path, content)
    except OSError as exc:
        kept = "" if is_stream(path) else "; any previous report there is intact"
        raise InputError(
            f"cannot write the report ({exc.strerror or exc}){kept}; free space or choose another -o path",
            path=os.fspath(path),
        ) from None


def _write(path: str | os.PathLike[str], content: str | Iterable[str]) -> None:
    parts = (content,) if isinstance(content, str) else content
    given = Path(os.fspath(path))
    if is_stream(given):
        with _held_signals(str(given)) as held:
            with open(given, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(parts)
            held.written = True
        return
    target = _real_target(given)
    parent = target.parent if str(target.parent) else Path(".")
    mode = _mode_for(target)
    with _held_signals(str(given)) as held:
        # A short fixed-length name: a 255-byte report name must still leave room for it.
        fd, tmp = tempfile.mkstemp(prefix=".mtqa-", suffix=".tmp", dir=parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(parts)
            # mkstemp makes the file owner-only; a report gets the mode a plain write would give it
            # (the replaced file's mode, else 0666 less the umask).
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            held.written = True
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class _Held:
    def __init__(self) -> None:
        self.written = False
        self.signals: list[int] = []


@contextlib.contextmanager
def _held_signals(path: str) -> Iterator[_Held]:
    """Hold SIGINT/SIGTERM for the duration of the commit, then act on them.

    Outside the main thread signal handlers cannot be set; the commit then runs unguarded."""
    held = _Held()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        held.signals.append(signum)

    if any(signal.getsignal(sig) is None for sig in (signal.SIGINT, signal.SIGTERM)):
        yield held  # a handler installed outside Python cannot be restored afterwards: leave it be
        return
    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield held
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if signal.SIGTERM in held.signals:
        # The commit is settled (renamed, or the temporary file removed): now end as SIGTERM asks.
        os.kill(os.getpid(), signal.SIGTERM)
    if signal.SIGINT in held.signals:
        raise Interrupted(path, written=held.written)
