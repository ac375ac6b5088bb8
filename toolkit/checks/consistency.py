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

from toolkit.checks.registry import Category, CheckInfo, Finding, Located, corpus_check
from toolkit.checks.sources import Record, different_sources
from toolkit.model import Article, Severity

MIN_WORDS = 3

_PUNCTUATION = regex.compile(r"\p{P}+")
"""Punctuation only: ``split()`` takes the white space out (every character the pattern module
calls white space is one ``str.isspace`` accepts), twice as fast as a class of both."""

Sentence = tuple[Located, str, str]
"""A pair of one article: where it is, its English and its translation, both normalized."""
Member = tuple[Located, str, str]
"""A pair, the other half's normalized text and its text as written."""
Grouped = dict[str, list[Member]]


@lru_cache(maxsize=1 << 16)
def normalized(text: str) -> tuple[str, int]:
    """The text case-folded with punctuation and whitespace taken out (Thai and CJK space
    phrases freely), and how many words it has."""
    words = _PUNCTUATION.sub(" ", text).split()
    return "".join(words).casefold(), len(words)


def sentences(article: Article) -> list[Sentence]:
    """The pairs both checks compare (the keys made where the article is parsed): translated
    ones, of at least :data:`MIN_WORDS` words."""
    found = []
    for segment in article.segments:
        source, target = segment.source.text, segment.target.text
        english, words = normalized(source)
        if words < MIN_WORDS or not target.strip() or segment.target.markup == segment.source.markup:
            continue  # (an untranslated pair is no way of translating: C004 speaks of it)
        found.append((Located.of(article, segment), english, normalized(target)[0]))
    return found


def _group(pairs: Sequence[Sentence], by_source: bool) -> Grouped:
    """Pairs grouped by one half's normalized text, each with its other half."""
    groups: Grouped = defaultdict(list)
    for pair, english, translation in pairs:
        if by_source:
            groups[english].append((pair, translation, pair.target))
        else:
            groups[translation].append((pair, english, pair.source))
    return groups


def _minority(groups: Grouped, info: CheckInfo, message: str) -> Iterator[Finding]:
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(other for _, other, _ in members)
        if len(counts) < 2:
            continue
        usual, usual_count = counts.most_common(1)[0]
        pair, _, written = next(member for member in members if member[1] == usual)
        where = f"{pair.path} ({pair.segment_id})"  # no line: baselines key on the message, lines move
        for pair, other, _ in members:
            if other != usual:
                yield info.finding_at(pair, message.format(usual=written, count=usual_count, where=where))


@corpus_check(
    "X001",
    "inconsistent-translation",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same English translated differently within a locale (case, punctuation and spacing ignored)",
    keys=sentences,
)
def inconsistent_translation(pairs: Sequence[Sentence], info: CheckInfo) -> Iterator[Finding]:
    yield from _minority(
        _group(pairs, by_source=True), info, "the same English is translated “{usual}” in {count} other places, e.g. {where}"
    )


@corpus_check(
    "X002",
    "inconsistent-source",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same translation used for English that differs in a number, a negation or a name within a locale "
    "(wording, case, punctuation and spacing ignored)",
    keys=sentences,
)
def inconsistent_source(pairs: Sequence[Sentence], info: CheckInfo) -> Iterator[Finding]:
    places: list[Located] = []
    records: list[Record] = []
    for translation, members in _group(pairs, by_source=False).items():
        if len({english for _, english, _ in members}) < 2:
            continue  # one English only: nothing to judge
        for pair, english, text in members:
            places.append(pair)
            records.append(Record(english, text, translation))
    for found in different_sources(records):
        pair, usual = places[found.position], places[found.usual]
        where = f"{usual.path} ({usual.segment_id})"  # no line: baselines key on the message, lines move
        yield info.finding_at(
            pair,
            f"this translation also stands for English that differs in {found.difference} "
            f"(“{records[found.usual].text}”, {found.uses} times, e.g. {where})",
        )
