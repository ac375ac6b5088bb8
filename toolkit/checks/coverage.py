"""Where the locale-dependent checks are silent, said once per run rather than never.

A check that lacks a locale's data (CLDR does not know the locale, the script has no
sentence-end marks in the table, no length ratio was measured for the language, no cue
lexicon tells the rule checks R201-R204 its negations) finds nothing there; :func:`silent_notes`
turns :func:`~toolkit.checks.locales.silences` and :func:`rule_silences` into one ``info``
line per check and locale, script or language, at the first file concerned. They describe the
run, not a file's content: ``loctk check`` prints them on stderr, and they are not findings
(no report, baseline or exit code counts them).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache

from toolkit.checks.locales import Silence, rules_for, silences
from toolkit.checks.registry import CHECKS
from toolkit.model import Diagnostic, Severity
from toolkit.rules.modality import lexicon

_RULE_CHECKS = ("R201", "R202", "R203", "R204")
"""The checks that read a rule's negation, obligation and "only" with a language's cue lexicon."""


@lru_cache(maxsize=256)
def rule_silences(locale: str) -> tuple[Silence, ...]:
    """The rule checks (R201-R204) for a locale whose language has no cue lexicon."""
    if lexicon(locale) is not None:
        return ()
    language = rules_for(locale).language or "files with no locale"
    said = f"{language} ({locale})" if locale else language
    return tuple(
        Silence(code, language, f"{CHECKS[code].name} is silent for {said}: no cue lexicon in toolkit/rules/cues")
        for code in _RULE_CHECKS
    )


def silent_notes(places: Iterable[tuple[str, str]], codes: Collection[str]) -> list[Diagnostic]:
    """One ``info`` diagnostic per check of ``codes`` and subject it is silent for, at the first
    of ``places`` (each a file's path and locale) concerned."""
    said: set[tuple[str, str]] = set()
    notes: list[Diagnostic] = []
    for path, locale in places:
        for silence in silences(locale) + rule_silences(locale):
            key = (silence.code, silence.subject)
            if silence.code in codes and key not in said:
                said.add(key)
                notes.append(Diagnostic(path, 1, 1, Severity.INFO, silence.code, silence.message))
    return notes
