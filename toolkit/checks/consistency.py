"""Consistency across a whole locale, the way a reviewer with a concordance sees it.

Both checks group every pair of one locale by one half and report the minority: the
translations that differ from the one most used for the same English, and the English
sentences that share a translation with other English. Texts are compared normalized (case,
punctuation and whitespace ignored), so ``- Select the Save button.`` and ``select the save
button`` are one sentence. Each finding names a place where the usual text is (file and
segment id). Sentences of one or two words are left out: a short UI label rightly changes
with context.

The keys are made where each article is parsed, one :class:`Sentences` per article: a few
tuples of strings, a column per field, which travel and are read back far faster than a
record per pair. The checks group a locale's pairs by their normalized halves alone and
make a :class:`~toolkit.checks.registry.Located` only for the pairs a finding names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import regex

from toolkit.checks.registry import Category, CheckInfo, Finding, Located, corpus_check
from toolkit.checks.sources import Record, different_sources
from toolkit.model import Article, Severity

MIN_WORDS = 3

_PUNCTUATION = regex.compile(r"\p{P}+")
"""Punctuation only: ``split()`` takes the white space out (every character the pattern module
calls white space is one ``str.isspace`` accepts), twice as fast as a class of both."""


@lru_cache(maxsize=1 << 15)
def normalized(text: str) -> tuple[str, int]:
    """The text case-folded with punctuation and whitespace taken out (Thai and CJK space
    phrases freely), and how many words it has (memoized for the English, which repeats in
    every locale: room for a docset's English sentences)."""
    words = _PUNCTUATION.sub(" ", text).split()
    return "".join(words).casefold(), len(words)


class Sentences(NamedTuple):
    """The pairs of one article both checks compare, a column per field (index ``i`` of
    every column is one pair)."""

    path: str
    locale: str
    english: tuple[str, ...]
    """The English, normalized."""
    translations: tuple[str, ...]
    """The translation, normalized."""
    lines: tuple[int, ...]
    columns: tuple[int, ...]
    ids: tuple[str, ...]
    sources: tuple[str, ...]
    """The English plain text, as written."""
    targets: tuple[str, ...]
    """The translated plain text, as written."""

    def located(self, index: int) -> Located:
        return Located(
            self.path,
            self.locale,
            self.lines[index],
            self.columns[index],
            self.ids[index],
            self.sources[index],
            self.targets[index],
        )


def sentences(article: Article) -> tuple[Sentences, ...]:
    """The pairs both checks compare (the keys made where the article is parsed): translated
    ones, of at least :data:`MIN_WORDS` words; none when the article has no such pair."""
    rows = []
    for segment in article.segments:
        source, target = segment.source, segment.target
        english, words = normalized(source.text)
        if words < MIN_WORDS or not target.text.strip() or target.markup == source.markup:
            continue  # (an untranslated pair is no way of translating: C004 speaks of it)
        translation = normalized.__wrapped__(target.text)[0]  # not memoized: a translation seldom repeats nearby
        rows.append((english, translation, segment.line, segment.column, segment.id, source.text, target.text))
    if not rows:
        return ()
    return (Sentences(article.path, article.locale, *zip(*rows, strict=True)),)


class Locale:
    """Every pair of one locale, numbered in path order: the normalized halves side by side,
    and the way back from a pair's number to its place and texts."""

    def __init__(self, articles: Sequence[Sentences]) -> None:
        self._articles = articles
        self._starts = list(accumulate((len(each.english) for each in articles), initial=0))
        self.english = [text for each in articles for text in each.english]
        self.translations = [text for each in articles for text in each.translations]

    def located(self, pair: int) -> Located:
        article = bisect_right(self._starts, pair) - 1
        return self._articles[article].located(pair - self._starts[article])


def _shared(keys: Sequence[str]) -> Iterator[list[int]]:
    """The numbers of the pairs that share a key, for every key two pairs or more have (in the order first seen)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for pair, key in enumerate(keys):
        groups[key].append(pair)
    return (members for members in groups.values() if len(members) > 1)


def _where(pair: Located) -> str:
    return f"{pair.path} ({pair.segment_id})"  # no line: baselines key on the message, lines move


@corpus_check(
    "X001",
    "inconsistent-translation",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same English translated differently within a locale (case, punctuation and spacing ignored)",
    keys=sentences,
)
def inconsistent_translation(keys: Sequence[Sentences], info: CheckInfo) -> Iterator[Finding]:
    pairs = Locale(keys)
    translations = pairs.translations
    for members in _shared(pairs.english):
        counts = Counter(translations[pair] for pair in members)
        if len(counts) < 2:
            continue
        usual, usual_count = counts.most_common(1)[0]
        first = pairs.located(next(pair for pair in members if translations[pair] == usual))
        message = f"the same English is translated “{first.target}” in {usual_count} other places, e.g. {_where(first)}"
        for pair in members:
            if translations[pair] != usual:
                yield info.finding_at(pairs.located(pair), message)


@corpus_check(
    "X002",
    "inconsistent-source",
    Severity.WARNING,
    Category.INCONSISTENCY,
    "the same translation used for English that differs in a number, a negation or a name within a locale "
    "(wording, case, punctuation and spacing ignored)",
    keys=sentences,
)
def inconsistent_source(keys: Sequence[Sentences], info: CheckInfo) -> Iterator[Finding]:
    pairs = Locale(keys)
    english = pairs.english
    places: list[Located] = []
    records: list[Record] = []
    for members in _shared(pairs.translations):
        if len({english[pair] for pair in members}) < 2:
            continue  # one English only: nothing to judge
        for pair in members:
            place = pairs.located(pair)
            places.append(place)
            records.append(Record(english[pair], place.source, pairs.translations[pair]))
    for found in different_sources(records):
        usual = places[found.usual]
        yield info.finding_at(
            places[found.position],
            f"this translation also stands for English that differs in {found.difference} "
            f"(“{records[found.usual].text}”, {found.uses} times, e.g. {_where(usual)})",
        )
