"""Consistency across a whole locale, the way a reviewer with a concordance sees it.

Both checks group every pair of one locale by one half and report the minority: the
translations that differ from the one most used for the same English, and the English
sentences that share a translation with other English. Texts are compared normalized (case,
punctuation and whitespace ignored), so ``- Select the Save button.`` and ``select the save
button`` are one sentence. Each finding names a place where the usual text is (file and
segment id). Sentences of one or two words are left out: a short UI label rightly changes
with context.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex

from toolkit.checks.registry import Category, CheckInfo, Finding, corpus_check
from toolkit.model import Article, Segment, Severity

MIN_WORDS = 3

_PUNCTUATION = regex.compile(r"[\p{P}\s]+")

Member = tuple[Article, Segment, str, str]
"""An article, a pair, the other half's normalized text and its text as written."""
Grouped = dict[str, list[Member]]


@lru_cache(maxsize=1 << 16)
def normalized(text: str) -> tuple[str, int]:
    """The text case-folded with punctuation and whitespace taken out (Thai and CJK space
    phrases freely), and how many words it has."""
    words = _PUNCTUATION.sub(" ", text).split()
    return "".join(words).casefold(), len(words)


def _group(articles: Sequence[Article], by_source: bool) -> Grouped:
    """Pairs grouped by one half's normalized text, each with its other half."""
    groups: Grouped = defaultdict(list)
    for article in articles:
        for segment in article.segments:
            source, target = segment.source.text, segment.target.text
            english, words = normalized(source)
            if words < MIN_WORDS or not target.strip():
                continue
            translation = normalized(target)[0]
            key, other, written = (english, translation, target) if by_source else (translation, english, source)
            groups[key].append((article, segment, other, written))
    return groups


def _minority(groups: Grouped, info: CheckInfo, message: str) -> Iterator[Finding]:
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(other for _, _, other, _ in members)
        if len(counts) < 2:
            continue
        usual, usual_count = counts.most_common(1)[0]
        article, segment, _, written = next(member for member in members if member[2] == usual)
        where = f"{article.path} ({segment.id})"  # no line: baselines key on the message, lines move
        for article, segment, other, _ in members:
            if other != usual:
                yield info.finding(article, segment, message.format(usual=written, count=usual_count, where=where))


@corpus_check(
    "X001",
    "inconsistent-translation",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same English translated differently within a locale (case, punctuation and spacing ignored)",
)
def inconsistent_translation(articles: Sequence[Article], info: CheckInfo) -> Iterator[Finding]:
    yield from _minority(
        _group(articles, by_source=True), info, "the same English is translated “{usual}” in {count} other places, e.g. {where}"
    )


@corpus_check(
    "X002",
    "inconsistent-source",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same translation used for different English within a locale (case, punctuation and spacing ignored)",
)
def inconsistent_source(articles: Sequence[Article], info: CheckInfo) -> Iterator[Finding]:
    yield from _minority(
        _group(articles, by_source=False),
        info,
        "this translation also stands for different English (“{usual}”, {count} times, e.g. {where})",
    )
