"""Typed exceptions. Each class carries the exit code the CLI turns it into (click's pattern)."""

from __future__ import annotations


class MtqaError(Exception):
    """Base of every error mtqa raises on purpose. The message is shown to the user as one line."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(MtqaError):
    """The command was called wrongly: a missing argument, an unknown option, scorer, issue code or
    threshold name, or any bad option value (a --format, --src-lang, --fail-on, --severity value...).
    Exit 2."""

    exit_code = 2


class InputError(MtqaError):
    """A file the user gave is missing or cannot be read as what it should be (encoding, columns,
    a malformed line); the message names the file and, where known, the line. Exit 3."""

    exit_code = 3

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class ModelUnavailableError(MtqaError):
    """A requested model or scorer cannot be loaded here. Exit 4."""

    exit_code = 4


class MtqaWarning(UserWarning):
    """Something the user should know that does not stop the run (e.g. a fallback cache folder).
    The CLI prints it as one `mtqa: warning:` line."""


EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_MODEL_UNAVAILABLE = 4
