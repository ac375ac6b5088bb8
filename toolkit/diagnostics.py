"""Input problems the reader reports: one table of stable codes, one way to make them.

The reader never raises for bad content; it records a :class:`~toolkit.model.Diagnostic`
and goes on, so one broken file never hides the pairs of the others. The codes are
stable: CI baselines and the QA checks refer to them.
"""

from __future__ import annotations

from typing import NamedTuple

from toolkit.model import Diagnostic, Severity


class Problem(NamedTuple):
    severity: Severity
    title: str


CODES: dict[str, Problem] = {
    "P001": Problem(Severity.ERROR, "invalid UTF-8"),
    "P002": Problem(Severity.INFO, "byte order mark"),
    "P003": Problem(Severity.INFO, "CRLF line endings"),
    "P004": Problem(Severity.ERROR, "front matter is not valid YAML"),
    "P005": Problem(Severity.ERROR, "front matter is not a mapping"),
    "P006": Problem(Severity.ERROR, "front matter is not closed"),
    "P010": Problem(Severity.WARNING, "translation without sxs-lookup half"),
    "P011": Problem(Severity.WARNING, "data-stu-id differs from data-ttu-id"),
    "P012": Problem(Severity.WARNING, "duplicate segment id"),
    "P013": Problem(Severity.WARNING, "unclosed span"),
    "P014": Problem(Severity.WARNING, "stray span"),
    "P015": Problem(Severity.WARNING, "attribute quoted with &quot;"),
    "P016": Problem(Severity.WARNING, "empty translation"),
    "P017": Problem(Severity.WARNING, "empty English source"),
    "P018": Problem(Severity.WARNING, "segment nested inside another"),
    "P019": Problem(Severity.WARNING, "data-ttu-id in the front matter"),
    "P020": Problem(Severity.ERROR, "no Markdown files"),
    "P021": Problem(Severity.ERROR, "unreadable file"),
    "P022": Problem(Severity.ERROR, "internal error while reading"),
    "P023": Problem(Severity.WARNING, "symbolic link leads out of the input folder; not followed"),
    "P024": Problem(Severity.INFO, "output folder of an earlier run; not read as input"),
    "O001": Problem(Severity.ERROR, "output name refused (not a plain name, outside -o, or an input)"),
    "M001": Problem(Severity.WARNING, "translation unit matches no segment"),
    "M002": Problem(Severity.WARNING, "translation unit's source no longer matches"),
}


class Finding(NamedTuple):
    """A problem at an offset of a text, before it is located by line and column."""

    offset: int
    code: str
    message: str


def diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """A diagnostic whose severity comes from the code table."""
    return Diagnostic(path, line, column, CODES[code].severity, code, message)
