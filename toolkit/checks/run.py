"""Running the registered checks: selection, per-locale context, the per-file part and the
per-locale part, ordering.

:class:`CheckPart` is the work done on one parsed article (segment and article checks, and
the keys of the corpus checks); it runs where the file is parsed (:mod:`toolkit.work`).
:class:`CheckSink` gathers the parts' results, keeps the keys in a
:class:`~toolkit.spool.Spool` by locale, and judges each locale once all are in.
:func:`run_checks` is both over articles already parsed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

from toolkit.checks.locales import rules_for
from toolkit.checks.profile import profile
from toolkit.checks.registry import (
    CHECKS,
    ArticleFunc,
    CheckInfo,
    Context,
    CorpusFunc,
    Finding,
    JudgeFunc,
    KeysFunc,
    Scope,
    SegmentFunc,
)
from toolkit.corpus import run
from toolkit.errors import UsageError
from toolkit.model import Article, Segment
from toolkit.spool import Spool, dumps, read


def selected(select: Collection[str] | None = None, ignore: Collection[str] = ()) -> list[CheckInfo]:
    """The checks named by ``select`` (all when None) minus ``ignore``; a prefix such as ``M`` names a family."""
    for code in [*(select or ()), *ignore]:
        if not any(known.startswith(code.upper()) for known in CHECKS):
            raise UsageError(f"no check has the code {code!r} (see loctk check --list)")
    chosen = [info for code, info in CHECKS.items() if select is None or code.startswith(tuple(c.upper() for c in select))]
    return [info for info in chosen if not info.code.startswith(tuple(c.upper() for c in ignore))]


Pairs = tuple[tuple[CheckInfo, SegmentFunc], ...]
Judges = tuple[tuple[JudgeFunc, tuple[CheckInfo, ...]], ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The selected checks by scope, worked out once per process."""

    articles: tuple[CheckInfo, ...]
    segments: tuple[CheckInfo, ...]
    corpus: tuple[CheckInfo, ...]
    keys: tuple[KeysFunc, ...]
    """The distinct ``keys`` functions of the corpus checks."""


@lru_cache(maxsize=32)
def plan(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> Plan:
    checks = selected(select, ignore)
    corpus = tuple(info for info in checks if info.scope is Scope.CORPUS)
    return Plan(
        tuple(info for info in checks if info.scope is Scope.ARTICLE),
        tuple(info for info in checks if info.scope is Scope.SEGMENT),
        corpus,
        tuple(dict.fromkeys(cast(KeysFunc, info.keys) for info in corpus)),
    )


@dataclass(frozen=True, slots=True)
class PairPlan:
    """The segment checks that can fire in one locale with one configuration, by what lets
    them fire (the runner skips the others: see :class:`~toolkit.checks.registry.CheckInfo`)."""

    context: Context
    parity: Pairs
    """Parity checks: run only when the halves keep different things."""
    plain_parity: Pairs
    """The parity checks that look at more than inline codes (when neither half has any)."""
    rest: Pairs
    """The other checks, run on every pair."""
    plain_rest: Pairs
    """The other checks that look at more than inline codes."""
    judges: Judges
    """The shared judgements of a pair, each with its selected checks."""
    identical: Pairs
    """The checks run on a pair whose translation is its English (see ``CheckInfo.identical``)."""

    @property
    def profiled(self) -> bool:
        """Whether any check compares the halves' profiles."""
        return bool(self.parity or self.rest)


@lru_cache(maxsize=256)
def pair_plan(
    select: tuple[str, ...] | None, ignore: tuple[str, ...], locale: str, terms: tuple[str, ...], allowlist: frozenset[str]
) -> PairPlan:
    context = Context(rules_for(locale), terms, allowlist)
    live = [info for info in plan(select, ignore).segments if info.when is None or info.when(context)]
    parity = tuple((info, cast(SegmentFunc, info.func)) for info in live if info.parity and info.judge is None)
    rest = tuple((info, cast(SegmentFunc, info.func)) for info in live if not info.parity and info.judge is None)
    judges: dict[JudgeFunc, list[CheckInfo]] = {}
    for info in live:
        if info.judge is not None:
            judges.setdefault(info.judge, []).append(info)
    return PairPlan(
        context,
        parity,
        tuple(pair for pair in parity if not pair[0].markup),
        rest,
        tuple(pair for pair in rest if not pair[0].markup),
        tuple((judge, tuple(infos)) for judge, infos in judges.items()),
        tuple((info, cast(SegmentFunc, info.func)) for info in live if info.identical),
    )


@dataclass(frozen=True, slots=True)
class Checked:
    """What the checks made of one article."""

    locale: str
    findings: tuple[Finding, ...]
    keys: bytes
    """One entry per ``keys`` function of the plan, pickled where they were made: the
    process that gathers them only stores them until their locale is judged."""


@dataclass(frozen=True, slots=True)
class CheckPart:
    """The checks' work on one article (see :mod:`toolkit.work`)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    allowlist: frozenset[str] = frozenset()

    def __call__(self, article: Article) -> Checked:
        chosen = plan(self.select, self.ignore)
        findings: list[Finding] = []
        for info in chosen.articles:
            findings.extend(cast(ArticleFunc, info.func)(article, info))
        if chosen.segments:
            findings.extend(self._segments(article))
        keys = dumps(tuple(keys(article) for keys in chosen.keys)) if chosen.keys else b""
        return Checked(article.locale, tuple(findings), keys)

    def _segments(self, article: Article) -> Iterator[Finding]:
        """The findings of the segment checks, pair by pair (each pair's in the plan's order)."""
        pairs = pair_plan(self.select, self.ignore, article.locale, self.terms, self.allowlist)
        context, judges, profiled = pairs.context, pairs.judges, pairs.profiled
        for segment in article.segments:
            target_markup = segment.target.markup
            if not target_markup or target_markup.isspace():
                continue
            if target_markup == segment.source.markup:
                yield from self._identical(article, segment, pairs)
                continue
            if profiled:
                source, target = profile(segment.source, english=True), profile(segment.target)
                coded = source.codes or target.codes
                if source.kept != target.kept:
                    for info, func in pairs.parity if coded else pairs.plain_parity:
                        message = func(segment, source, target, context)
                        if message is not None:
                            yield info.finding(article, segment, message)
                for info, func in pairs.rest if coded else pairs.plain_rest:
                    message = func(segment, source, target, context)
                    if message is not None:
                        yield info.finding(article, segment, message)
            for judge, infos in judges:
                found = judge(segment, context)
                if found:
                    yield from (info.finding(article, segment, found[info.code]) for info in infos if info.code in found)

    @staticmethod
    def _identical(article: Article, segment: Segment, pairs: PairPlan) -> Iterator[Finding]:
        if pairs.identical:
            source = profile(segment.source, english=True)
            for info, func in pairs.identical:
                message = func(segment, source, source, pairs.context)
                if message is not None:
                    yield info.finding(article, segment, message)


@dataclass(frozen=True, slots=True)
class LocaleJudge:
    """The corpus checks over one locale's keys, read back from a sink's spool (in a worker
    process when the sink closes with ``jobs > 1``)."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]

    def __call__(self, spooled: tuple[str, Sequence[int]]) -> list[Finding]:
        """``spooled``: the spool's file and where each article's keys start, in path order."""
        chosen = plan(self.select, self.ignore)
        held: list[tuple[Sequence[Any], ...]] = list(read(*spooled))
        findings: list[Finding] = []
        for info in chosen.corpus:
            index = chosen.keys.index(cast(KeysFunc, info.keys))
            findings.extend(cast(CorpusFunc, info.func)(_joined(each[index] for each in held), info))
        return findings


class CheckSink:
    """The findings of every article, and the corpus checks judged per locale at the end."""

    def __init__(self, part: CheckPart) -> None:
        self.plan = plan(part.select, part.ignore)
        self.findings: list[Finding] = []
        self._judge = LocaleJudge(part.select, part.ignore)
        self._keys: Spool[tuple[Sequence[Any], ...]] = Spool(shared=True)
        self._ranks: dict[str, list[int]] = {}
        self._judged: Iterator[list[Finding]] | None = None

    def add(self, checked: Checked, rank: int | None = None) -> None:
        """One article's results; ``rank`` is its place in path order when articles come in
        another order (the corpus checks judge a locale's keys in path order), else the order of adding."""
        self.findings.extend(checked.findings)
        if self.plan.corpus:
            locale = checked.locale.lower()
            ranks = self._ranks.setdefault(locale, [])
            ranks.append(len(ranks) if rank is None else rank)
            self._keys.add_pickled(locale, checked.keys)

    def start(self, jobs: int = 1) -> None:
        """Hand the locales' corpus checks out once every article is added: with ``jobs > 1``
        they are judged side by side in worker processes of this machine, which read the keys
        from the spool themselves (nothing but places travels), while this process goes on
        (inside :func:`~toolkit.corpus.shared_workers`) until :meth:`close`."""
        todo = [self._in_path_order(locale) for locale in sorted(self._keys)]
        self._judged = iter(run(self._judge, todo, jobs=jobs) if jobs > 1 else map(self._judge, todo))

    def close(self, jobs: int = 1) -> list[Finding]:
        """Every finding, sorted by path, line, column and code; the corpus checks judged as
        :meth:`start` handed them out (started here with ``jobs`` when it was not called)."""
        with self._keys:
            if self._judged is None:
                self.start(jobs)
            assert self._judged is not None
            for findings in self._judged:
                self.findings.extend(findings)
        self.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
        return self.findings

    def _in_path_order(self, locale: str) -> tuple[str, list[int]]:
        name, places = self._keys.places(locale)
        ranked = sorted(zip(self._ranks[locale], places, strict=True), key=itemgetter(0))
        return name, [place for _, place in ranked]


def _joined(parts: Iterable[Sequence[Any]]) -> list[Any]:
    return [key for part in parts for key in part]


def check_part(
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    terms: Sequence[str] = (),
    allowlist: Collection[str] = (),
) -> CheckPart:
    """The part for these settings (an unknown code raises :class:`~toolkit.errors.UsageError` here, not in a worker)."""
    part = CheckPart(tuple(select) if select is not None else None, tuple(ignore), tuple(terms), frozenset(allowlist))
    plan(part.select, part.ignore)
    return part


def run_checks(
    articles: Sequence[Article],
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    terms: Sequence[str] = (),
    allowlist: Collection[str] = (),
) -> list[Finding]:
    """Findings of the selected checks over ``articles``, sorted by path, line, column and code."""
    part = check_part(select, ignore, terms, allowlist)
    sink = CheckSink(part)
    for article in sorted(articles, key=lambda a: a.path):
        sink.add(part(article))
    return sink.close()
