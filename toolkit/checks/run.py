"""Running the registered checks over articles: selection, per-locale context, ordering."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import cast

from toolkit.checks.locales import rules_for
from toolkit.checks.profile import profile
from toolkit.checks.registry import CHECKS, ArticleFunc, CheckInfo, Context, CorpusFunc, Finding, Scope, SegmentFunc
from toolkit.errors import UsageError
from toolkit.model import Article


def selected(select: Collection[str] | None = None, ignore: Collection[str] = ()) -> list[CheckInfo]:
    """The checks named by ``select`` (all when None) minus ``ignore``; a prefix such as ``M`` names a family."""
    for code in [*(select or ()), *ignore]:
        if not any(known.startswith(code.upper()) for known in CHECKS):
            raise UsageError(f"no check has the code {code!r} (see loctk check --list)")
    chosen = [info for code, info in CHECKS.items() if select is None or code.startswith(tuple(c.upper() for c in select))]
    return [info for info in chosen if not info.code.startswith(tuple(c.upper() for c in ignore))]


def run_checks(
    articles: Sequence[Article],
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    terms: Sequence[str] = (),
    allowlist: Collection[str] = (),
) -> list[Finding]:
    """Findings of the selected checks over ``articles``, sorted by path, line, column and code."""
    checks = selected(select, ignore)
    return _run(articles, checks, tuple(terms), frozenset(allowlist))


def _run(articles: Sequence[Article], checks: list[CheckInfo], terms: tuple[str, ...], extra: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    per_segment = [(info, cast(SegmentFunc, info.func)) for info in checks if info.scope is Scope.SEGMENT]
    plain_only = [(info, func) for info, func in per_segment if not info.markup]
    contexts: dict[str, Context] = {}
    for article in articles:
        for info in checks:
            if info.scope is Scope.ARTICLE:
                findings.extend(cast(ArticleFunc, info.func)(article, info))
        if not per_segment:
            continue
        context = contexts.get(article.locale)
        if context is None:
            context = contexts[article.locale] = Context(rules_for(article.locale), terms, extra)
        for segment in article.segments:
            target_markup = segment.target.markup
            if not target_markup or target_markup.isspace():
                continue
            source, target = profile(segment.source), profile(segment.target)
            for info, func in per_segment if source.codes or target.codes else plain_only:
                message = func(segment, source, target, context)
                if message is not None:
                    findings.append(info.finding(article, segment, message))
    corpus_checks = [info for info in checks if info.scope is Scope.CORPUS]
    if corpus_checks:
        by_locale: dict[str, list[Article]] = defaultdict(list)
        for article in articles:
            by_locale[article.locale.lower()].append(article)
        for group in by_locale.values():
            for info in corpus_checks:
                findings.extend(cast(CorpusFunc, info.func)(group, info))
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return findings
