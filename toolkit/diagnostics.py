"""Every code the toolkit reports, in one table, and one way to make a diagnostic.

A code is a family letter and three digits, unique across the toolkit; codes are stable
(CI baselines and specs refer to them) and never change meaning. The reader, merge and the
rules checker list theirs here; the QA checks declare theirs through
:mod:`toolkit.checks.registry`, which adds them to the same table. ``python -m toolkit.codes``
writes the table as ``docs/codes.md``.

The reader never raises for bad content; it records a problem at an offset and goes on, so
one broken file never hides the pairs of the others.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from toolkit.model import Diagnostic, Severity

FAMILIES: Final = {
    "P": "Reading the articles",
    "S": "QA checks: structure and front matter",
    "M": "QA checks: Markdown and Docs markup",
    "C": "QA checks: content and locale typography",
    "X": "QA checks: consistency within a locale",
    "T": "Translation files (merge and export)",
    "O": "Writing outputs",
    "R": "Business rules",
}
"""Each family's letter and what it is about, in the order the codes page lists them."""


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
    "P007": Problem(Severity.ERROR, "front matter refused: aliases expand too far"),
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
    "P025": Problem(Severity.INFO, "not a bilingual article"),
    "T001": Problem(Severity.ERROR, "translation file cannot be read"),
    "T002": Problem(Severity.WARNING, "translation unit matches no segment"),
    "T003": Problem(Severity.WARNING, "translation unit's source no longer matches"),
    "T004": Problem(Severity.ERROR, "translation changes the segment's markup"),
    "T005": Problem(Severity.ERROR, "translation unit cannot be taken as it stands"),
    "T006": Problem(Severity.ERROR, "translation holds a character an article cannot"),
    "T007": Problem(Severity.ERROR, "segment given twice in the translation files"),
    "T008": Problem(Severity.WARNING, "segment id repeats in the article"),
    "T009": Problem(Severity.WARNING, "segment the format cannot carry exactly"),
    "R001": Problem(Severity.ERROR, "cited article or segment not found"),
    "R002": Problem(Severity.ERROR, "English of a cited segment differs from the statement"),
    "R003": Problem(Severity.ERROR, "locale lacks the rule's translation"),
    "R004": Problem(Severity.ERROR, "translation of a rule fails a QA check"),
    "R005": Problem(Severity.WARNING, "translation differs from the one recorded in the spec"),
    "R006": Problem(Severity.WARNING, "article found by name: its identity differs from the spec's"),
    "R007": Problem(Severity.WARNING, "locale has the article but the spec records no translation"),
    "R101": Problem(Severity.ERROR, "formal part names an unknown entity, state or action"),
    "R102": Problem(Severity.ERROR, "prohibition violated in a reachable state"),
    "R103": Problem(Severity.ERROR, "permission never reachable"),
    "R104": Problem(Severity.ERROR, "stated consequence does not follow"),
    "R105": Problem(Severity.ERROR, "two rules contradict each other"),
    "R106": Problem(Severity.ERROR, "obligation not met by the model"),
    "R107": Problem(Severity.ERROR, "definition differs from the model"),
    "R108": Problem(Severity.WARNING, "exploration stopped at the state limit"),
}
"""Every code by name; the QA checks' codes (the rules-kept checks R201 to R204 among them) are added
when :mod:`toolkit.checks` is imported."""

_CODE = re.compile(rf"[{''.join(FAMILIES)}]\d{{3}}")


NOT_BILINGUAL = "P025"
"""A Markdown file without a single ``data-ttu-id``: reported once, and commands write nothing
for it. Information, not a warning: a docset mixes translated articles with files left in
English (the 12-locale corpus has four), and such a file is not wrong, only not for
``loctk``; it must not fail a run, even a strict one, while the line still tells a user
who pointed at an English tree why nothing came out."""


def declare(code: str, severity: Severity, title: str) -> None:
    """Add a code to the table; a code of no family, or one already taken, is a programming error."""
    if _CODE.fullmatch(code) is None:
        raise ValueError(f"code {code!r} is not a family letter ({', '.join(FAMILIES)}) and three digits")
    if code in CODES:
        raise ValueError(f"code {code} declared twice")
    CODES[code] = Problem(severity, title)


class Unlocated(NamedTuple):
    """A problem at an offset of a text, before it is located by line and column."""

    offset: int
    code: str
    message: str
    segment_id: str = ""
    """The ``data-ttu-id`` it concerns, when there is one."""


def diagnostic(path: str, line: int, column: int, code: str, message: str, segment_id: str = "") -> Diagnostic:
    """A diagnostic whose severity comes from the code table."""
    return Diagnostic(path, line, column, CODES[code].severity, code, message, segment_id)
