"""Rules kept in translation: every rule sentence's negation, obligation and "only", per pair.

The same judgement as ``loctk rules modality`` (:func:`toolkit.rules.modality.shifts`, cue
lexicons per language in ``toolkit/rules/cues``), run on every pair whose English states a
rule (:func:`toolkit.rules.extract.classify`) so that ``loctk check`` reports it in CI. A
locale whose language has no lexicon is not judged. The English analysis is memoized, and
the four checks of one pair share one judgement
(:func:`judged`, which the runner calls once per pair).
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.checks.profile import Profile
from toolkit.checks.registry import Category, Context, segment_check
from toolkit.model import Segment, Severity
from toolkit.rules.extract import RULE_BLOCKS
from toolkit.rules.modality import is_judged, lexicon, shifts

_NOTHING: Mapping[str, str] = {}


def judged(segment: Segment, context: Context) -> Mapping[str, str]:
    """The message of each rule check the pair fails, by code: one judgement for the four
    checks, made only for a rule sentence (memoized by its English) in a block that states rules."""
    if segment.block.kind not in RULE_BLOCKS or not is_judged(segment.source.text) or segment.number is None:
        return _NOTHING
    return {shift.code: shift.message() for shift in shifts(segment.source.text, context.rules.language, segment.target.text)}


def _cued(context: Context) -> bool:
    """The locale's language has a cue lexicon (else nothing is judged)."""
    return lexicon(context.rules.language) is not None


def _message(code: str, segment: Segment, context: Context) -> str | None:
    return judged(segment, context).get(code)


@segment_check(
    "R201",
    "negation-kept",
    Severity.WARNING,
    Category.MISTRANSLATION,
    "negation of a rule lost in translation",
    when=_cued,
    judge=judged,
)
def negation_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R201", segment, context)


@segment_check(
    "R202",
    "obligation-kept",
    Severity.WARNING,
    Category.MISTRANSLATION,
    "obligation of a rule rendered as a possibility",
    when=_cued,
    judge=judged,
)
def obligation_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R202", segment, context)


@segment_check(
    "R203",
    "only-kept",
    Severity.WARNING,
    Category.MISTRANSLATION,
    '"only" of a rule lost in translation',
    when=_cued,
    judge=judged,
)
def only_kept(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R203", segment, context)


@segment_check(
    "R204",
    "negation-added",
    Severity.WARNING,
    Category.MISTRANSLATION,
    "permission or possibility of a rule rendered as a prohibition",
    when=_cued,
    judge=judged,
)
def negation_added(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    return _message("R204", segment, context)
