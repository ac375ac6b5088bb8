"""The toolkit's one exception family, and the exit codes every command shares.

Exit codes (one rule for every command):

* 0 — done; nothing worse than a warning (``--strict``: nothing worse than information);
* 1 — errors in the input (``check``: findings at or above ``--fail-on``; ``roundtrip``:
  some file's bytes differ; ``align``: translations out of date);
* 2 — usage: the command line asks for something impossible;
* 3 — an output could not be written (disk full, read-only folder, a file in the way);
* 4 — an internal error: a bug in the toolkit, not a problem of the input.
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_INTERNAL = 4


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` on one line and encodable: line breaks, other control characters and the
    surrogates that stand for undecodable bytes escaped (``\\n``, ``\\x00``, ``\\udcff``)."""
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


class ToolkitError(Exception):
    """Base of every error the toolkit raises on purpose."""

    exit_code = EXIT_PROBLEMS


class InputError(ToolkitError):
    """Input that cannot be read at all (bad content is reported, not raised)."""

    def __init__(self, path: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: error: {message}")
        self.path = path
        self.line = line
        self.column = column


class UsageError(ToolkitError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = EXIT_USAGE


class OutputError(ToolkitError):
    """An output could not be written (exit code 3); the partial file is already removed."""

    exit_code = EXIT_OUTPUT
