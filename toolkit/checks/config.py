"""``[tool.loctk]`` in the ``pyproject.toml`` nearest to the checked paths.

Keys (all optional)::

    [tool.loctk]
    select = ["S", "M", "C001"]      # codes or family prefixes
    ignore = ["C013"]
    fail-on = "error"                # or "warning" (the default)
    format = "sarif"                 # text, json, junit or sarif
    baseline = "loctk-baseline.json" # relative to the pyproject.toml
    glossary = "dnt.txt"             # do-not-translate terms, one a line, '#' comments
    allowlist = ["Contoso"]          # names that may stay in English

Command-line options win over the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.model import Severity

FORMATS = ("text", "json", "junit", "sarif")


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
    """The ``pyproject.toml`` the settings came from, if any."""


def find_pyproject(paths: Sequence[str]) -> Path | None:
    """The nearest ``pyproject.toml`` in the folders enclosing the first path."""
    start = Path(paths[0] if paths else ".").resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def read_glossary(path: Path) -> tuple[str, ...]:
    """Do-not-translate terms: one a line, blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"{path}: cannot read glossary: {error.strerror or error}") from error
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _strings(table: dict[str, object], key: str, origin: Path) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(str(v) for v in value)
    raise UsageError(f"{origin}: [tool.loctk] {key} must be a string or a list of strings")


def load_config(paths: Sequence[str]) -> Config:
    """The ``[tool.loctk]`` settings for ``paths`` (defaults when there are none)."""
    origin = find_pyproject(paths)
    if origin is None:
        return Config()
    try:
        data = tomllib.loads(origin.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{origin}: cannot read: {error}") from error
    tool = data.get("tool", {})
    table = tool.get("loctk", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict) or not table:
        return Config(origin=str(origin))
    fail_on = table.get("fail-on", "warning")
    output = table.get("format", "text")
    if fail_on not in {"warning", "error"} or output not in FORMATS:
        raise UsageError(f"{origin}: [tool.loctk] fail-on must be warning or error, format one of {', '.join(FORMATS)}")
    glossary = table.get("glossary")
    baseline = table.get("baseline", "")
    return Config(
        select=_strings(table, "select", origin),
        ignore=_strings(table, "ignore", origin) or (),
        fail_on=Severity(fail_on),
        format=str(output),
        baseline=str(origin.parent / baseline) if isinstance(baseline, str) and baseline else "",
        terms=read_glossary(origin.parent / glossary) if isinstance(glossary, str) else (),
        allowlist=_strings(table, "allowlist", origin) or (),
        origin=str(origin),
    )
