"""The numbers of the report, gathered once from the articles, findings, alignment and spec.

Everything here is plain frozen data in the order it is shown; :mod:`toolkit.report.page`
only lays it out. Counts are the same values ``loctk check --format json`` and ``loctk
align --format json`` give for the same input, so the page can be checked against them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import NamedTuple

from toolkit.align.source import SourceAlignment, Status, totals
from toolkit.checks.registry import CHECKS, Category, Finding
from toolkit.model import Article, Diagnostic, Inline, Severity
from toolkit.rules.model import Rule, Spec
from toolkit.rules.trace import article_name, cited
from toolkit.words import Count, count_all, count_english

MAX_ROWS = 3000
"""Findings shown in the table at most (a note says how many more there are)."""
MOST_BEHIND = 20
"""Articles listed as most behind the English."""


@dataclass(frozen=True, slots=True)
class LocaleOverview:
    locale: str
    files: int
    segments: int
    source: Count
    target: Count
    human: int
    """Segments of articles whose ``ms.translationtype`` is HT."""
    machine: int
    """Segments of articles translated by machine (MT, HT-MT)."""
    handoff: str
    """The latest ``ms.lasthandoff`` (else ``ms.date``) of the locale, ISO format; empty if none."""


@dataclass(frozen=True, slots=True)
class Behind:
    """An article with translations out of date with the English."""

    path: str
    locale: str
    counts: dict[Status, int]

    @property
    def stale(self) -> int:
        return sum(n for s, n in self.counts.items() if s is not Status.CURRENT)


@dataclass(frozen=True, slots=True)
class Freshness:
    per_locale: list[tuple[str, dict[Status, int]]]
    behind: list[Behind]
    missing: int
    """Articles whose English file is not in the source."""
    untranslated: int


class Halves(NamedTuple):
    """The two halves of the pair a finding is about, as the table shows them."""

    source: Inline
    target: Inline


@dataclass(frozen=True, slots=True)
class Row:
    """One finding in the table, with the pair it is about (None for file-level findings)."""

    finding: Finding
    segment: Halves | None


@dataclass(frozen=True, slots=True)
class Summary:
    """One article as the overview counts it (made where the article is parsed, in ``build``)."""

    locale: str
    segments: int
    source: Count
    target: Count
    kind: str
    """``ms.translationtype``, upper-cased."""
    handoff: str
    """The last hand-off date (ISO), or ``ms.date``, or empty."""


def summary(article: Article, size: Counter[str] | None = None) -> Summary:
    """The article's summary; ``size`` is its :func:`toolkit.words.sizes` when already counted."""
    if size is not None:
        source, target = Count(size["source-words"], size["source-chars"]), Count(size["target-words"], size["target-chars"])
    else:
        source = count_english("\n".join(s.source.text for s in article.segments))
        target = count_all(s.target.text for s in article.segments)
    return Summary(
        article.locale or "?",
        len(article.segments),
        source,
        target,
        str(article.metadata.get("ms.translationtype", "")).upper(),
        _date(article.metadata.get("ms.lasthandoff")) or _date(article.metadata.get("ms.date")),
    )


@dataclass(frozen=True, slots=True)
class Quality:
    total: int
    baselined: int
    locales: list[str]
    by_category: dict[tuple[str, str], int]
    """(ITS category, locale) → findings."""
    by_code: list[tuple[str, int]]
    """Codes, most findings first."""
    by_locale_code: dict[tuple[str, str], int]
    rows: list[Row]


@dataclass(frozen=True, slots=True)
class RuleCell:
    status: str
    """``stated``, ``missing``, ``fails QA`` or ``differs``."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rules:
    spec: str
    locales: list[str]
    rules: list[tuple[str, str]]
    """(id, English statement) in spec order."""
    cells: dict[tuple[str, str], RuleCell]


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    inputs: list[str]
    overview: list[LocaleOverview]
    quality: Quality
    freshness: Freshness | None = None
    rules: Rules | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)


def _date(value: object) -> str:
    """``10/16/2020`` (Docs' month/day/year) or ``2020-10-16`` as ISO; '' when neither."""
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(1)), int(match.group(2))).isoformat()
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return ""


def overview(articles: Iterable[Article]) -> list[LocaleOverview]:
    """One row per locale (sorted case-insensitively)."""
    return overview_of(summary(article) for article in articles)


def overview_of(summaries: Iterable[Summary]) -> list[LocaleOverview]:
    """:func:`overview` from the articles' :class:`Summary`."""
    rows = Overview()
    for each in summaries:
        rows.add(each)
    return rows.rows()


class Overview:
    """:func:`overview_of` folded one summary at a time: what a corpus pass holds is a few
    counters per locale, not a summary per article."""

    def __init__(self) -> None:
        self.files: Counter[str] = Counter()
        self.segments: Counter[str] = Counter()
        self.source: dict[str, Count] = defaultdict(lambda: Count(0, 0))
        self.target: dict[str, Count] = defaultdict(lambda: Count(0, 0))
        self.human: Counter[str] = Counter()
        self.machine: Counter[str] = Counter()
        self.handoff: dict[str, str] = {}

    def add(self, each: Summary) -> None:
        locale = each.locale
        self.files[locale] += 1
        self.segments[locale] += each.segments
        self.source[locale] += each.source
        self.target[locale] += each.target
        if each.kind == "HT":
            self.human[locale] += each.segments
        elif each.kind.endswith("MT"):
            self.machine[locale] += each.segments
        self.handoff[locale] = max(self.handoff.get(locale, ""), each.handoff)

    def rows(self) -> list[LocaleOverview]:
        """One row per locale (sorted case-insensitively)."""
        return [
            LocaleOverview(
                locale,
                self.files[locale],
                self.segments[locale],
                self.source[locale],
                self.target[locale],
                self.human[locale],
                self.machine[locale],
                self.handoff[locale],
            )
            for locale in sorted(self.files, key=str.lower)
        ]


def freshness(aligned: SourceAlignment, most: int = MOST_BEHIND) -> Freshness:
    behind = [Behind(a.path, a.locale, {s: a.count(s) for s in Status}) for a in aligned.articles if a.english]
    behind = sorted((b for b in behind if b.stale), key=lambda b: (-b.stale, b.path))[:most]
    return Freshness(
        list(totals(aligned.articles)), behind, sum(1 for a in aligned.articles if a.english is None), len(aligned.untranslated)
    )


def quality(findings: Sequence[Finding], articles: Sequence[Article], baselined: int = 0, max_rows: int = MAX_ROWS) -> Quality:
    """Findings counted by category, check and locale, and the table rows (errors first, every locale
    getting an equal share of ``max_rows``)."""
    locale_of = {a.path: a.locale or "?" for a in articles}
    return quality_of(findings, locale_of, partial(_segments, articles), baselined, max_rows)


def quality_of(
    findings: Sequence[Finding],
    locale_of: dict[str, str],
    halves: Callable[[Sequence[Finding]], dict[tuple[str, str], Halves]],
    baselined: int = 0,
    max_rows: int = MAX_ROWS,
) -> Quality:
    """:func:`quality` from each file's locale and a function giving the halves of the findings shown."""
    by_category: Counter[tuple[str, str]] = Counter()
    by_locale_code: Counter[tuple[str, str]] = Counter()
    per_locale: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        locale = finding.locale or locale_of.get(finding.path, "?")
        info = CHECKS.get(finding.code)
        by_category[(info.category.value if info else Category.OTHER.value, locale)] += 1
        by_locale_code[(locale, finding.code)] += 1
        per_locale[locale].append(finding)
    locales = sorted(set(locale_of.values()) | set(per_locale), key=str.lower)
    chosen = _share(per_locale, max_rows)
    segments = halves(chosen)
    rows = [Row(f, segments.get((f.path, f.segment_id))) for f in chosen]
    codes = Counter(f.code for f in findings)
    return Quality(
        len(findings),
        baselined,
        locales,
        dict(by_category),
        sorted(codes.items(), key=lambda item: (-item[1], item[0])),
        dict(by_locale_code),
        rows,
    )


def _share(per_locale: dict[str, list[Finding]], limit: int) -> list[Finding]:
    """At most ``limit`` findings, errors first, split evenly over the locales (unused shares passed on)."""
    ordered = {
        loc: sorted(found, key=lambda f: (f.severity is not Severity.ERROR, f.path, f.line, f.code))
        for loc, found in per_locale.items()
    }
    left, chosen = limit, []
    for position, locale in enumerate(sorted(ordered, key=lambda loc: len(ordered[loc]))):
        share = left // (len(ordered) - position)
        taken = ordered[locale][:share]
        chosen.extend(taken)
        left -= len(taken)
    return sorted(chosen, key=lambda f: (f.path, f.line, f.column, f.code))


def _segments(articles: Sequence[Article], findings: Sequence[Finding]) -> dict[tuple[str, str], Halves]:
    wanted = {(f.path, f.segment_id) for f in findings if f.segment_id}
    paths = {path for path, _ in wanted}
    return {
        (a.path, s.id): Halves(s.source, s.target)
        for a in articles
        if a.path in paths
        for s in a.segments
        if (a.path, s.id) in wanted
    }


_RULE_ID = re.compile(r"^rule (\S+?):")
_STATUS = {"R004": "fails QA", "R002": "differs"}
_WORST = ("fails QA", "differs", "stated")


def rules(spec: Spec, articles: Sequence[Article], problems: Sequence[Diagnostic]) -> Rules:
    """Each rule x locale: ``missing`` when no article of the locale has the cited sentence, else
    ``fails QA`` (R004), ``differs`` (R002, the English changed) or ``stated``, from the trace."""
    locale_of = {a.path: a.locale or "?" for a in articles}
    locales = sorted(set(locale_of.values()), key=str.lower)
    found: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for problem in problems:
        match = _RULE_ID.match(problem.message)
        if match and problem.path in locale_of:
            found[(match.group(1), locale_of[problem.path])].append(problem)
    cells = {}
    for rule in spec.rules:
        stating = _stating(rule, articles, locale_of)
        for locale in locales:
            said = found.get((rule.id, locale), [])
            statuses = {_STATUS.get(p.code, "stated") for p in said} | {"stated"}
            status = next(s for s in _WORST if s in statuses) if locale in stating else "missing"
            cells[(rule.id, locale)] = RuleCell(status, tuple(f"{p.code}: {p.message}" for p in said))
    return Rules(spec.path, locales, [(r.id, r.statement) for r in spec.rules], cells)


def _stating(rule: Rule, articles: Sequence[Article], locale_of: dict[str, str]) -> set[str]:
    """The locales with an article that has the sentence the rule cites (the article found by its
    identity, else by its name)."""
    matched = [a for a in articles if a.identity == rule.citation.identity] or [
        a for a in articles if article_name(a.path) == rule.citation.name
    ]
    return {locale_of[a.path] for a in matched if cited(a, rule.citation.number) is not None}
