"""Running the registered checks: selection, per-locale context, the per-file part and the
per-locale part, ordering.

:class:`CheckPart` is the work done on one parsed article (segment and article checks, and
the keys of the corpus checks); it runs where the file is parsed (:mod:`toolkit.work`).
:class:`CheckSink` gathers the parts' results, keeps the keys in a
:class:`~toolkit.spool.Spool` by locale, and judges each locale once all are in.
:func:`run_checks` is both over articles already parsed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
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
from toolkit.errors import UsageError
from toolkit.model import Article
from toolkit.spool import Spool, dumps


def selected(select: Collection[str] | None = None, ignore: Collection[str] = ()) -> list[CheckInfo]:
    """The checks named by ``select`` (all when None) minus ``ignore``; a prefix such as ``M`` names a family."""
    for code in [*(select or ()), *ignore]:
        if not any(known.startswith(code.upper()) for known in CHECKS):
            raise UsageError(f"no check has the code {code!r} (see loctk check --list)")
    chosen = [info for code, info in CHECKS.items() if select is None or code.startswith(tuple(c.upper() for c in select))]
    return [info for info in chosen if not info.code.startswith(tuple(c.upper() for c in ignore))]


@dataclass(frozen=True, slots=True)
class Plan:
    """The selected checks by scope, worked out once per process."""

    articles: tuple[CheckInfo, ...]
    segments: tuple[tuple[CheckInfo, SegmentFunc], ...]
    """The segment checks that compare the halves' profiles."""
    plain: tuple[tuple[CheckInfo, SegmentFunc], ...]
    """The segment checks that look at more than inline codes."""
    judges: tuple[tuple[JudgeFunc, tuple[CheckInfo, ...]], ...]
    """The shared judgements of a pair, each with its selected checks."""
    corpus: tuple[CheckInfo, ...]
    keys: tuple[KeysFunc, ...]
    """The distinct ``keys`` functions of the corpus checks."""


@lru_cache(maxsize=32)
def plan(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> Plan:
    checks = selected(select, ignore)
    segments = tuple(
        (info, cast(SegmentFunc, info.func)) for info in checks if info.scope is Scope.SEGMENT and info.judge is None
    )
    judges: dict[JudgeFunc, list[CheckInfo]] = {}
    for info in checks:
        if info.judge is not None:
            judges.setdefault(info.judge, []).append(info)
    corpus = tuple(info for info in checks if info.scope is Scope.CORPUS)
    return Plan(
        tuple(info for info in checks if info.scope is Scope.ARTICLE),
        segments,
        tuple(pair for pair in segments if not pair[0].markup),
        tuple((judge, tuple(infos)) for judge, infos in judges.items()),
        corpus,
        tuple(dict.fromkeys(cast(KeysFunc, info.keys) for info in corpus)),
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
        if chosen.segments or chosen.judges:
            context = _context(article.locale, self.terms, self.allowlist)
            for segment in article.segments:
                target_markup = segment.target.markup
                if not target_markup or target_markup.isspace():
                    continue
                if chosen.segments:
                    source, target = profile(segment.source), profile(segment.target)
                    for info, func in chosen.segments if source.codes or target.codes else chosen.plain:
                        message = func(segment, source, target, context)
                        if message is not None:
                            findings.append(info.finding(article, segment, message))
                for judge, infos in chosen.judges:
                    found = judge(segment, context)
                    if found:
                        findings.extend(info.finding(article, segment, found[info.code]) for info in infos if info.code in found)
        keys = dumps(tuple(keys(article) for keys in chosen.keys)) if chosen.keys else b""
        return Checked(article.locale, tuple(findings), keys)


@lru_cache(maxsize=256)
def _context(locale: str, terms: tuple[str, ...], allowlist: frozenset[str]) -> Context:
    return Context(rules_for(locale), terms, allowlist)


class CheckSink:
    """The findings of every article, and the corpus checks judged per locale at the end."""

    def __init__(self, part: CheckPart) -> None:
        self.plan = plan(part.select, part.ignore)
        self.findings: list[Finding] = []
        self._keys: Spool[tuple[Sequence[Any], ...]] = Spool()

    def add(self, checked: Checked) -> None:
        self.findings.extend(checked.findings)
        if self.plan.corpus:
            self._keys.add_pickled(checked.locale.lower(), checked.keys)

    def close(self) -> list[Finding]:
        """Every finding, sorted by path, line, column and code."""
        with self._keys:
            for locale in sorted(self._keys):
                held = list(self._keys.values(locale))
                for info in self.plan.corpus:
                    index = self.plan.keys.index(cast(KeysFunc, info.keys))
                    self.findings.extend(cast(CorpusFunc, info.func)(_joined(each[index] for each in held), info))
        self.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
        return self.findings


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
