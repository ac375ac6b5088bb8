"""Does every translation of a rule still state the same rule? Polarity and modality across locales.

A rule survives translation only if its deontic force does: a prohibition rendered without
its negation reads as a permission, an obligation rendered with "can" reads as a possibility,
and "only if" rendered as "if" turns a restriction into a sufficient condition. No parser
reads twelve languages, but each of these shows on the surface as a cue word the English has
and the translation lacks. The cue lexicons are data (``toolkit/rules/cues/<language>.json``,
described in the README there), so a language is added without code.

Two equivalences are accepted: a negation with "until" or "unless" may come out as an "only"
("can't invoice until it is complete" = "can only invoice once it is complete"), and an
obligation restricted by "only" may come out as a restricted permission ("should attach only
when" = "may attach only when"). The check is deliberately one-sided: a cue *present* in the translation only ever silences a
finding, so broad lexicons cost recall, never precision. English cues inside a "not only"
are not negations.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from toolkit.model import Article, Diagnostic, Segment
from toolkit.rules.cite import cited, matching
from toolkit.rules.extract import RULE_BLOCKS, classify, clauses
from toolkit.rules.findings import rule_diagnostic
from toolkit.rules.model import Spec

KINDS = ("negation", "obligation", "possibility", "only", "condition", "prohibition", "reversal")
ALIASES = {"no": "nb", "nn": "nb", "zh-hans": "zh", "zh-hant": "zh"}
"""Language subtags served by another file (Norwegian Bokmål for generic Norwegian)."""

_UNTIL = re.compile(r"\b(?:until|unless)\b", re.IGNORECASE)
"""A negation with these reads the same as an "only" ("not until approved" = "only once approved")."""
_NOT_CUES = re.compile(
    r"\bnot only\b|\bif only\b|\bread[- ]only\b|\w-only\b|\bnot-to-\w+|\bNo\.? of\b"
    r"|\bno (?:later|earlier|sooner|more|less|fewer|greater|higher|lower|longer|shorter) than\b"
    r"|\bshould (?:now |also )?(?:see|have|be able|appear|look|receive|get|display)\b",
    re.IGNORECASE,
)
"""English that looks like a cue but is none: "not only … but", "read-only", "not-to-exceed", "No of
Users", a bound ("no later than", "no more than"), and the "should see" of a tutorial's expected result."""
_NOT_OWN_OBLIGATION = re.compile(
    r"(?:\bto|\b(?:that|which|who)(?: (?:is|are))?|\b(?:a|an|the|any|no))\s*$|\b(?:so that|in case)\b[^,;:]*$", re.IGNORECASE
)
"""Before an obligation cue: a purpose clause ("to make sure", "so that each resource must"), a relative
clause ("fields that must be set", "that is required"), a case ("in case you need to"): the rule is the
main clause's; or a noun ("a need to", "the must-have")."""
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(]\s*)$")
"""What may come before a cue that starts with a capital and is still a word of the sentence."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's cues, each kind compiled into one alternation."""

    language: str
    patterns: dict[str, re.Pattern[str]]

    def find(self, kind: str, text: str) -> list[str]:
        return [m.group(0).strip() for m in self.matches(kind, text)]

    def matches(self, kind: str, text: str) -> list[re.Match[str]]:
        pattern = self.patterns.get(kind)
        return list(pattern.finditer(text)) if pattern is not None else []


def _compile(data: dict[str, object]) -> Lexicon:
    language = str(data["language"])
    prefixes = str(data.get("prefixes", ""))
    # a cue ending in an apostrophe (French qu', n') is followed by its word: no boundary after it
    left, right = (r"(?<!\w)" + prefixes, r"(?:(?<!\w)|(?!\w))") if data.get("word_boundaries", True) else ("", "")
    patterns = {}
    for kind in KINDS:
        words = data.get(kind, [])
        if isinstance(words, list) and words:
            patterns[kind] = re.compile(left + "(?:" + "|".join(str(w) for w in words) + ")" + right, re.IGNORECASE)
    return Lexicon(language, patterns)


@cache
def lexicon(locale: str) -> Lexicon | None:
    """The cues for a locale's language (``fr-FR`` -> ``fr.json``), or None when none are shipped."""
    tag = locale.lower().replace("_", "-")
    language = ALIASES.get(tag, ALIASES.get(tag.split("-")[0], tag.split("-")[0]))
    cues = resources.files("toolkit.rules").joinpath("cues", f"{language}.json")
    if not cues.is_file():
        return None
    return _compile(json.loads(cues.read_text("utf-8")))


MESSAGES = {
    "R201": "English negation {cue!r} is not in the {where}, which has {instead}",
    "R202": "English obligation {cue!r} is not in the {where}, which has {instead}",
    "R203": 'English "only" {cue!r} is not in the {where}, which has {instead}',
    "R204": "English {cue!r} states no negation but the {where} has {instead}",
}
"""One message per code; ``where`` names the translation (``de-DE translation``)."""


@dataclass(frozen=True, slots=True)
class Shift:
    """One way a translation states a different rule than the English."""

    code: str
    cue: str
    """The English words that carry what was lost (``won't``, ``must``, ``only``), or the
    permission a translation turned into a prohibition (``can``)."""
    instead: str
    """What the translation has in their place, as its own words, or a note that it has nothing."""

    def message(self, locale: str = "") -> str:
        where = f"{locale} translation" if locale else "translation"
        return MESSAGES[self.code].format(cue=self.cue, where=where, instead=self.instead)


def _instead(found: Sequence[tuple[str, str]], fallback: str) -> str:
    return ", ".join(f"{kind} {word!r}" for kind, word in found) if found else fallback


def _own(matches: Iterable[re.Match[str]], text: str) -> tuple[str, ...]:
    """The matched cues that are words of the sentence, not a capitalized name in it ("the None
    method", "Not Started", "Can Edit"): a cue in capitals after the sentence's start is a label."""
    return tuple(
        m.group(0).strip() for m in matches if not (m.group(0)[:1].isupper() and not _SENTENCE_START.search(text[: m.start()]))
    )


@lru_cache(maxsize=1 << 14)
def english_cues(english: str) -> Mapping[str, tuple[str, ...]]:
    """The cues of each kind in an English sentence, lookalikes ("read-only", "should see") and
    capitalized names left out. Memoized: every locale's translation is judged against the same English.
    """
    source = lexicon("en")
    assert source is not None, "the English lexicon ships with the package"
    text = _cue_text(english)
    cues = {kind: _own(source.matches(kind, text), text) for kind in KINDS}
    cues["until"] = tuple(_UNTIL.findall(text))
    # anything that could come out as a negation, names and quoted messages included ("the None
    # method", "the error "Cannot change…""), "non-chargeable", "whether": not judged for R204
    contrary = (_UNTIL.findall(english), *(source.find(kind, english) for kind in ("negation", "only", "reversal")))
    cues["contrary"] = tuple(word for words in contrary for word in words)
    # an obligation inside a condition, purpose or relative clause ("if you need to", "to make sure",
    # "fields that must be set") is not the rule's own; "should" is advice, which "can" renders weaker
    # but does not turn into another rule
    spans = [c.span for c in clauses(text)]
    cues["obligation"] = _own(
        (
            m
            for m in source.matches("obligation", text)
            if m.group(0).lower() != "should"
            and not any(start < m.start() < end for start, end in spans)
            and not _NOT_OWN_OBLIGATION.search(text[: m.start()])
        ),
        text,
    )
    return cues


@dataclass(slots=True)
class _Reading:
    """One translation read against its English's cues; each cue kind looked up once."""

    cues: Mapping[str, tuple[str, ...]]
    source: Lexicon
    target: Lexicon
    translation: str
    found: dict[str, list[str]] = field(default_factory=dict)

    def has(self, kind: str) -> list[str]:
        """The translation's words of a kind, in its language or (loanwords, untranslated text) in English."""
        if kind not in self.found:
            self.found[kind] = self.target.find(kind, self.translation) or self.source.find(kind, self.translation)
        return self.found[kind]

    def modal(self) -> list[tuple[str, str]]:
        return [(kind, word) for kind in ("possibility", "obligation") for word in self.has(kind)[:1]]


def _lost_negation(r: _Reading) -> Shift | None:
    negations = r.cues["negation"]
    restricted = bool(r.cues["until"]) and bool(r.has("only"))  # "can't … until" read as "can only … after"
    if negations and not r.has("negation") and not restricted:
        return Shift("R201", negations[0], _instead(r.modal(), "no negation and no modal word"))
    return None


def _obligation_made_possibility(r: _Reading) -> Shift | None:
    cues = r.cues
    if not cues["obligation"] or cues["negation"] or cues["only"] or cues["possibility"] or r.has("obligation"):
        return None
    possibility = r.has("possibility")
    return Shift("R202", cues["obligation"][0], _instead([("possibility", possibility[0])], "")) if possibility else None


def _lost_only(r: _Reading) -> Shift | None:
    only = r.cues["only"]
    if only and not r.has("only"):
        conditions = [("condition", word) for word in r.has("condition")[:1]]
        return Shift("R203", only[0], _instead(conditions, 'no "only" word'))
    return None


def _possibility_made_prohibition(r: _Reading) -> Shift | None:
    possibility = r.cues["possibility"]
    if not possibility or r.cues["contrary"] or r.has("only"):
        return None
    prohibition = r.target.find("prohibition", r.translation)
    return Shift("R204", possibility[0], f"prohibition {prohibition[0]!r}") if prohibition else None


_SHIFTS = (_lost_negation, _obligation_made_possibility, _lost_only, _possibility_made_prohibition)
"""One function per rule check, R201 to R204, in code order."""


_JUDGED = ("negation", "obligation", "only", "possibility")
"""The English cues a shift starts from: without any, a translation has nothing to lose."""


def _cue_text(english: str) -> str:
    """The English the cues are read in: lookalikes taken out, white space collapsed."""
    return " ".join(_NOT_CUES.sub("", english).split())


@cache
def is_judged(english: str) -> bool:
    """Whether :func:`shifts` can find anything in a translation of this English: a rule
    sentence (:func:`~toolkit.rules.extract.classify`) with a cue it starts from. Memoized:
    the checks ask it for every pair, and every locale has the same English. Most sentences
    have no such cue at all, which one search per kind tells before they are classified."""
    source = lexicon("en")
    assert source is not None, "the English lexicon ships with the package"
    text = _cue_text(english)
    if not any(source.patterns[kind].search(text) for kind in _JUDGED if kind in source.patterns):
        return False
    return classify(english) is not None and _cued(english_cues(english))


def _cued(cues: Mapping[str, tuple[str, ...]]) -> bool:
    return any(cues[kind] for kind in _JUDGED)


def shifts(english: str, locale: str, translation: str) -> list[Shift]:
    """Every polarity or modality the English states and the translation lacks, or a prohibition
    the translation states that the English does not (empty when unsure)."""
    source = lexicon("en")
    target = lexicon(locale)
    if source is None or target is None or not translation.strip():
        return []
    cues = english_cues(english)
    if not _cued(cues):
        return []
    reading = _Reading(cues, source, target, translation)
    return [shift for rule in _SHIFTS if (shift := rule(reading)) is not None]


@dataclass(frozen=True, slots=True)
class Kept:
    """What :func:`kept` found over a set of articles, with the denominators for rates."""

    findings: list[Diagnostic]
    sentences: Counter[str] = field(default_factory=Counter)
    """Translated rule sentences checked, per locale."""
    found: Counter[str] = field(default_factory=Counter)
    """Findings per locale."""
    unsupported: tuple[str, ...] = ()
    """Locales whose language has no cue file (not checked)."""

    def per_thousand(self) -> dict[str, float]:
        """Findings per 1,000 rule sentences, per locale."""
        return {locale: 1000 * self.found[locale] / n for locale, n in sorted(self.sentences.items()) if n}


def kept(articles: Iterable[Article]) -> Kept:
    """Every rule candidate's translation in every article checked against its English.

    A candidate is what :func:`~toolkit.rules.extract.classify` picks, so this covers every
    sentence ``loctk rules extract`` would propose, in every locale present.
    """
    findings: list[Diagnostic] = []
    sentences: Counter[str] = Counter()
    found: Counter[str] = Counter()
    unsupported: set[str] = set()
    for article in articles:
        if lexicon(article.locale) is None:
            unsupported.add(article.locale)
            continue
        for segment in article.segments:
            if segment.number is None or segment.block.kind not in RULE_BLOCKS or not segment.target.text.strip():
                continue
            if _is_rule(segment.source.text):
                sentences[article.locale] += 1
                shifted = located(article, segment)
                found[article.locale] += len(shifted)
                findings.extend(shifted)
    return Kept(findings, sentences, found, tuple(sorted(unsupported)))


@cache
def _is_rule(english: str) -> bool:
    return classify(english) is not None


def located(article: Article, segment: Segment, rule: str = "") -> list[Diagnostic]:
    """The shifts of one segment's translation as diagnostics at it (``rule`` names a spec rule)."""
    prefix = f"rule {rule}: " if rule else ""
    return [
        rule_diagnostic(
            article.path, segment.line, segment.column, shift.code, f"{prefix}{segment.id}: {shift.message(article.locale)}"
        )
        for shift in shifts(segment.source.text, article.locale, segment.target.text)
    ]


def spec_shifts(spec: Spec, articles: Sequence[Article]) -> list[Diagnostic]:
    """The shifts of every spec rule's translation in the articles (the part of ``rules check``).

    Only segments whose English still is the rule's statement are judged; drift is R002's.
    """
    found: list[Diagnostic] = []
    for rule in spec.rules:
        for article in matching(rule, articles):
            segment = cited(article, rule.citation.number)
            if segment is not None and segment.source.text == rule.statement:
                found.extend(located(article, segment, rule.id))
    return found
