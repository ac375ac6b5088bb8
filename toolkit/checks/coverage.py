"""Where the locale-dependent checks are silent, said once per run rather than never.

A check that lacks a locale's data (CLDR does not know the locale, the script has no
sentence-end marks in the table, no length ratio was measured for the language) finds nothing
there; :func:`silent_notes` turns :func:`~toolkit.checks.locales.silences` into one ``info``
line per check and locale, script or language, at the first file concerned. They describe the
run, not a file's content: ``loctk check`` prints them on stderr, and they are not findings
(no report, baseline or exit code counts them).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from toolkit.checks.locales import silences
from toolkit.model import Diagnostic, Severity


def silent_notes(places: Iterable[tuple[str, str]], codes: Collection[str]) -> list[Diagnostic]:
    """One ``info`` diagnostic per check of ``codes`` and subject it is silent for, at the first
    of ``places`` (each a file's path and locale) concerned."""
    said: set[tuple[str, str]] = set()
    notes: list[Diagnostic] = []
    for path, locale in places:
        for silence in silences(locale):
            key = (silence.code, silence.subject)
            if silence.code in codes and key not in said:
                said.add(key)
                notes.append(Diagnostic(path, 1, 1, Severity.INFO, silence.code, silence.message))
    return notes
