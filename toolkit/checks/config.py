"""Settings of ``loctk check`` from the nearest configuration file.

Looked for in the folder of the first checked path and then its parents, first found wins;
in one folder ``loctk.toml`` comes before ``.loctk.toml``, which comes before a
``pyproject.toml`` that has a ``[tool.loctk]`` table (a docs repository seldom has a
``pyproject.toml``; a Python project keeps everything in one). Keys (all optional)::

    select = ["S", "M", "C001"]      # codes or family prefixes
    ignore = ["C013"]
    fail-on = "error"                # or "warning" (the default)
    format = "sarif"                 # text, json, junit, sarif, github or gitlab
    baseline = "loctk-baseline.json" # relative to the configuration file
    glossary = "dnt.txt"             # do-not-translate terms, one a line, '#' comments
    allowlist = ["Contoso"]          # names that may stay in English

in ``loctk.toml`` at the top level, in ``pyproject.toml`` under ``[tool.loctk]``. An unknown
key or a bad value is a usage error naming the file and the key. Command-line options win.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.model import Severity

FORMATS = ("text", "json", "junit", "sarif", "github", "gitlab")
NAMES = ("loctk.toml", ".loctk.toml", "pyproject.toml")
"""Configuration files in the order one folder is searched."""
KEYS = ("select", "ignore", "fail-on", "format", "baseline", "glossary", "allowlist")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of one ``loctk check`` run."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    """Findings at this severity or above make the exit code 1."""
    format: str = "text"
    baseline: str = ""
    terms: tuple[str, ...] = ()
    allowlist: tuple[str, ...] = ()
    origin: str = ""
    """The configuration file the settings came from, if any."""


def _table(path: Path) -> dict[str, object] | None:
    """The loctk settings in ``path``: the whole file, or ``[tool.loctk]`` of a pyproject (None without one)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from error
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("loctk") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.loctk] must be a table")
    return table


def find_config(paths: Sequence[str]) -> tuple[Path, dict[str, object]] | None:
    """The nearest configuration file for ``paths`` and its loctk table."""
    start = Path(paths[0] if paths else ".").resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        for name in NAMES:
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
    return None


def read_glossary(path: Path) -> tuple[str, ...]:
    """Do-not-translate terms: one a line, blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read glossary: {getattr(error, 'strerror', None) or error}") from error
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


class _Reader:
    """Typed access to one table, every error naming the file and the key."""

    def __init__(self, origin: Path, table: dict[str, object]) -> None:
        self.origin = origin
        self.table = table
        self.where = "[tool.loctk] " if origin.name == "pyproject.toml" else ""
        unknown = [key for key in table if key not in KEYS]
        if unknown:
            raise UsageError(f"{origin}: unknown key {self.where}{unknown[0]!r} (known: {', '.join(KEYS)})")

    def fail(self, key: str, problem: str) -> UsageError:
        return UsageError(f"{self.origin}: {self.where}{key} {problem}")

    def strings(self, key: str, check: Callable[[str], bool] = lambda value: True, what: str = "") -> tuple[str, ...] | None:
        value = self.table.get(key)
        if value is None:
            return None
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(key, "must be a string or a list of strings")
        for item in values:
            if not check(item):
                raise self.fail(key, f"has {item!r}, {what}")
        return tuple(values)

    def choice(self, key: str, choices: Sequence[str], default: str, hint: str = "") -> str:
        value = self.table.get(key, default)
        if value not in choices:
            raise self.fail(key, f"is {value!r}; use one of {', '.join(repr(c) for c in choices)}{hint}")
        return str(value)

    def path(self, key: str) -> Path | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(key, "must be a file name (relative to this file)")
        return self.origin.parent / value


def known_code(code: str) -> bool:
    """Whether some check's code starts with ``code`` (a code or a family prefix)."""
    from toolkit.checks.registry import CHECKS

    return any(known.startswith(code.upper()) for known in CHECKS) if code else False


def load_config(paths: Sequence[str]) -> Config:
    """The settings for ``paths`` (defaults when no configuration file applies)."""
    found = find_config(paths)
    if found is None:
        return Config()
    origin, table = found
    read = _Reader(origin, table)
    codes = "which no check's code starts with (see loctk check --list)"
    levels = [s.value for s in Severity if s is not Severity.INFO]
    fail_on = read.choice("fail-on", levels, "warning", " (the lowest severity that fails the run)")
    glossary = read.path("glossary")
    baseline = read.path("baseline")
    return Config(
        select=read.strings("select", known_code, codes),
        ignore=read.strings("ignore", known_code, codes) or (),
        fail_on=Severity(fail_on),
        format=read.choice("format", FORMATS, "text"),
        baseline=str(baseline) if baseline else "",
        terms=read_glossary(glossary) if glossary else (),
        allowlist=read.strings("allowlist") or (),
        origin=str(origin),
    )
