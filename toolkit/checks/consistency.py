"""Consistency across a whole locale, the way a reviewer with a concordance sees it.

Both checks group every pair of one locale by its text and report
the minority: the translations that differ from the one most used for the same English,
and the English sentences that share a translation with other English. Sentences of one
or two words are left out: a short UI label rightly changes with context.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from toolkit.checks.registry import Category, CheckInfo, Finding, corpus_check
from toolkit.model import Article, Segment, Severity

MIN_WORDS = 3

Grouped = dict[str, list[tuple[Article, Segment, str]]]


def _group(articles: Sequence[Article], by_source: bool) -> Grouped:
    """Pairs grouped by one half's text, each with its other half."""
    groups: Grouped = defaultdict(list)
    for article in articles:
        for segment in article.segments:
            source, target = segment.source.text, segment.target.text
            if source.count(" ") < MIN_WORDS - 1 or not target.strip():
                continue
            if by_source:
                groups[source].append((article, segment, target))
            else:
                groups[target].append((article, segment, source.casefold().rstrip(".:!? ")))
    return groups


def _minority(groups: Grouped, info: CheckInfo, message: str) -> Iterator[Finding]:
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(other for _, _, other in members)
        if len(counts) < 2:
            continue
        usual, usual_count = counts.most_common(1)[0]
        for article, segment, other in members:
            if other != usual:
                yield info.finding(article, segment, message.format(usual=usual, count=usual_count))


@corpus_check("X001", "inconsistent-translation", Severity.WARNING, Category.INCONSISTENCY,
              "the same English translated differently within a locale")
def inconsistent_translation(articles: Sequence[Article], info: CheckInfo) -> Iterator[Finding]:
    yield from _minority(_group(articles, by_source=True), info,
                         "the same English is translated “{usual}” in {count} other places")


@corpus_check("X002", "inconsistent-source", Severity.WARNING, Category.INCONSISTENCY,
              "the same translation used for different English within a locale")
def inconsistent_source(articles: Sequence[Article], info: CheckInfo) -> Iterator[Finding]:
    yield from _minority(_group(articles, by_source=False), info,
                         "this translation also stands for different English (“{usual}”, {count} times)")
