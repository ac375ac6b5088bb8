"""The table of checks: each declared once, with its code, name, severity and ITS 2.0 category.

A check is a small function registered with :func:`segment_check`, :func:`article_check` or
:func:`corpus_check`. Three scopes exist because
they need different input: a *segment* check sees one pair (and the markup profiles of its
halves), an *article* check sees one file (front matter, parser diagnostics, block
markers), a *corpus* check sees what its ``keys`` function took from every article of one
locale (consistency): the keys are made where each file is parsed, so the whole locale is
never held as articles, only as the few facts the check compares.
Checks return messages (or findings); they never raise to report a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, NamedTuple, TypeAlias, TypeVar

from toolkit.checks.locales import LocaleRules
from toolkit.checks.profile import Profile
from toolkit.diagnostics import declare as declare_code
from toolkit.model import Article, Diagnostic, Segment, Severity


class Category(StrEnum):
    """ITS 2.0 Localization Quality Issue types (``its:locQualityIssueType``)."""

    MISTRANSLATION = "mistranslation"
    OMISSION = "omission"
    ADDITION = "addition"
    UNTRANSLATED = "untranslated"
    MARKUP = "markup"
    WHITESPACE = "whitespace"
    PATTERN_PROBLEM = "pattern-problem"
    LENGTH = "length"
    TERMINOLOGY = "terminology"
    LOCALE_VIOLATION = "locale-violation"
    INCONSISTENCY = "inconsistency"
    TYPOGRAPHICAL = "typographical"
    DUPLICATION = "duplication"
    CHARACTERS = "characters"
    INTERNATIONALIZATION = "internationalization"
    FORMATTING = "formatting"
    OTHER = "other"


class Scope(StrEnum):
    SEGMENT = "segment"
    ARTICLE = "article"
    CORPUS = "corpus"


@dataclass(frozen=True, slots=True)
class Finding(Diagnostic):
    """A diagnostic of a QA check, with the pair's text and locale for reports.

    ``segment_id`` is empty for file-level findings (front matter, markers).
    """

    source: str = ""
    """The English plain text, when the finding is about a segment."""
    target: str = ""
    """The translated plain text, when the finding is about a segment."""
    locale: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a finding across runs (no line numbers, which move): for baselines."""
        return self.path, self.segment_id, self.code, self.message


@dataclass(frozen=True, slots=True)
class Context:
    """What a segment check knows besides the pair: the locale's rules and the configuration."""

    rules: LocaleRules
    terms: tuple[str, ...] = ()
    """Do-not-translate terms (glossary): kept verbatim wherever the English has them."""
    allowlist: frozenset[str] = frozenset()
    """Extra names that may stay in English (added to the built-in product names)."""


SegmentFunc: TypeAlias = Callable[[Segment, Profile, Profile, Context], str | None]
"""Returns the message when the pair has the problem, else None."""
JudgeFunc: TypeAlias = Callable[[Segment, Context], Mapping[str, str]]
"""One judgement of a pair shared by several segment checks: each problem's message by code."""
ArticleFunc: TypeAlias = Callable[[Article, "CheckInfo"], Iterable[Finding]]
CorpusFunc: TypeAlias = Callable[[Sequence[Any], "CheckInfo"], Iterable[Finding]]
"""Judges the keys of every article of one locale (in path order, concatenated)."""
KeysFunc: TypeAlias = Callable[[Article], Sequence[Any]]
"""What a corpus check needs of one article: small and picklable."""


class Located(NamedTuple):
    """A pair reduced to what a finding about it says: where it is and its two texts (corpus
    checks make one for each pair a finding names, from their keys)."""

    path: str
    locale: str
    line: int
    column: int
    segment_id: str
    source: str
    target: str

    @classmethod
    def of(cls, article: Article, segment: Segment) -> Located:
        return cls(
            article.path, article.locale, segment.line, segment.column, segment.id, segment.source.text, segment.target.text
        )


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A registered check."""

    code: str
    name: str
    """Short kebab-case name, e.g. ``link-target``."""
    severity: Severity
    category: Category
    description: str
    """One line, shown by ``loctk check --list``."""
    scope: Scope
    func: SegmentFunc | ArticleFunc | CorpusFunc
    markup: bool = False
    """A segment check that can only fire when a half has inline codes (skipped cheaply otherwise)."""
    keys: KeysFunc | None = None
    """A corpus check's per-article part."""
    parity: bool = False
    """A segment check silent whenever both halves' :attr:`~toolkit.checks.profile.Profile.kept`
    are equal (it compares what translation must keep): skipped then."""
    when: Callable[[Context], bool] | None = None
    """For a segment check that can only fire with some locales or settings (French spacing,
    a glossary): false skips it for every pair of the locale."""
    judge: JudgeFunc | None = None
    """For segment checks that share one judgement of the pair (R201-R204): the runner calls
    it once per pair, without profiles, and takes each selected check's message from it;
    ``func`` gives the same message for the check alone."""
    identical: bool = False
    """A segment check about a translation that is the English itself (untranslated): the
    only kind the runner runs on such a pair. Every other check would only restate it, in
    its own words (a full stop where Japanese writes 。, a length ratio of 1, "translated
    differently" beside its translated occurrences)."""

    def finding(self, article: Article, segment: Segment | None, message: str, line: int = 0, column: int = 0) -> Finding:
        """A finding of this check, at the segment (or at ``line``/``column`` of the file)."""
        if segment is None:
            return Finding(article.path, line or 1, column or 1, self.severity, self.code, message, locale=article.locale)
        return Finding(
            article.path,
            line or segment.line,
            column or segment.column,
            self.severity,
            self.code,
            message,
            segment.id,
            segment.source.text,
            segment.target.text,
            article.locale,
        )

    def finding_at(self, pair: Located, message: str) -> Finding:
        """A finding of this check about a pair known by its :class:`Located`."""
        return Finding(
            pair.path,
            pair.line,
            pair.column,
            self.severity,
            self.code,
            message,
            pair.segment_id,
            pair.source,
            pair.target,
            pair.locale,
        )


CHECKS: Final[dict[str, CheckInfo]] = {}
"""Every check by code, in registration order."""

LISTING: Final = "SMCXR"
"""The order families are listed in (``--list``, the reference): structure, markup, content,
consistency, then the rules kept in translation."""


def listing_key(info: CheckInfo) -> tuple[int, str]:
    return LISTING.find(info.code[0]), info.code


F = TypeVar("F", SegmentFunc, ArticleFunc, CorpusFunc)


def _declare(
    scope: Scope,
    code: str,
    name: str,
    severity: Severity,
    category: Category,
    description: str,
    markup: bool = False,
    keys: KeysFunc | None = None,
    parity: bool = False,
    when: Callable[[Context], bool] | None = None,
    judge: JudgeFunc | None = None,
    identical: bool = False,
) -> Callable[[F], F]:
    def declare(func: F) -> F:
        declare_code(code, severity, description)
        CHECKS[code] = CheckInfo(
            code, name, severity, category, description, scope, func, markup, keys, parity, when, judge, identical
        )
        return func

    return declare


def segment_check(
    code: str,
    name: str,
    severity: Severity,
    category: Category,
    description: str,
    *,
    markup: bool = False,
    parity: bool = False,
    when: Callable[[Context], bool] | None = None,
    judge: JudgeFunc | None = None,
    identical: bool = False,
) -> Callable[[SegmentFunc], SegmentFunc]:
    """Declare a per-pair check; ``markup=True`` when it compares inline codes only,
    ``parity=True`` when it is silent for halves that keep the same, ``when`` when only some
    locales or settings let it fire, ``judge`` when its message is one of those a shared
    judgement of the pair gives, ``identical`` when it is about an untranslated pair (see
    :class:`CheckInfo`)."""
    return _declare(
        Scope.SEGMENT,
        code,
        name,
        severity,
        category,
        description,
        markup,
        parity=parity,
        when=when,
        judge=judge,
        identical=identical,
    )


def article_check(
    code: str, name: str, severity: Severity, category: Category, description: str
) -> Callable[[ArticleFunc], ArticleFunc]:
    """Declare a per-file check."""
    return _declare(Scope.ARTICLE, code, name, severity, category, description)


def corpus_check(
    code: str, name: str, severity: Severity, category: Category, description: str, *, keys: KeysFunc
) -> Callable[[CorpusFunc], CorpusFunc]:
    """Declare a check over all articles of one locale: ``keys`` takes what it needs from
    each article (checks sharing one ``keys`` function share its result)."""
    return _declare(Scope.CORPUS, code, name, severity, category, description, keys=keys)
