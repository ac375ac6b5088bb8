"""Rules kept in translation: every rule sentence's negation, obligation and "only", per pair.

The same judgement as ``loctk rules modality`` (:func:`toolkit.rules.modality.shifts`, cue
lexicons per language in ``toolkit/rules/cues``), run on every pair whose English states a
rule (:func:`toolkit.rules.extract.classify`) so that ``loctk check`` reports it in CI. A
locale whose language has no lexicon is not judged. The English analysis is memoized, and
the four checks of one pair share one judgement.
"""

from __future__ import annotations

from functools import lru_cache

from toolkit.checks.profile import Profile
from toolkit.checks.registry import Category, Context, segment_check
from toolkit.model import Segment, Severity
from toolkit.rules.extract import RULE_BLOCKS, classify
from toolkit.rules.modality import Shift, shifts


@lru_cache(maxsize=64)
def _judged(english: str, language: str, translation: str) -> tuple[Shift, ...]:
    return tuple(shifts(english, language, translation)) if classify(english) is not None else ()


def _message(code: str, segment: Segment, context: Context) -> str | None:
    if segment.block.kind not in RULE_BLOCKS or segment.number is None:
        return None
    found = _judged(segment.source.text, context.rules.language, segment.target.text)
    return next((shift.message() for shift in found if shift.code == code), None)


@segment_check("R201", "negation-kept", Severity.WARNING, Category.MISTRANSLATION, "negation of a rule lost in translation")
def negation_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R201", segment, context)


@segment_check(
    "R202", "obligation-kept", Severity.WARNING, Category.MISTRANSLATION, "obligation of a rule rendered as a possibility"
)
def obligation_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R202", segment, context)


@segment_check("R203", "only-kept", Severity.WARNING, Category.MISTRANSLATION, '"only" of a rule lost in translation')
def only_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R203", segment, context)


@segment_check(
    "R204",
    "negation-added",
    Severity.WARNING,
    Category.MISTRANSLATION,
    "permission or possibility of a rule rendered as a prohibition",
)
def negation_added(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R204", segment, context)
