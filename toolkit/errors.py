"""The toolkit's one exception family: messages read ``path:line:col: message``."""

from __future__ import annotations


class ToolkitError(Exception):
    """Base of every error the toolkit raises on purpose."""


class InputError(ToolkitError):
    """Input that cannot be read at all (bad content is reported, not raised)."""

    def __init__(self, path: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: error: {message}")
        self.path = path
        self.line = line
        self.column = column


class UsageError(ToolkitError):
    """The command line asks for something impossible (exit code 2)."""
