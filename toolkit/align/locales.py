"""The same sentence in every locale: segments grouped across the translations of an article.

Rules:

* Locales of one article share ``ms.openlocfilehash`` (:attr:`Article.identity`); an
  article without one is grouped by the path below its locale folder.
* A segment joins the unit of its id number when its normalized English is that unit's
  English (the English most locales have at that number; a number whose English more
  locales give another number makes no unit). When it is not (the real corpus
  numbers differently where an ``[!INCLUDE]`` sits inside a span in one locale and outside it
  in another), it joins the first unit with the same English that lacks its locale, else it
  starts a unit of its own.
* A unit keeps one segment per locale; a second segment of a locale with the same English
  (a repeated sentence) starts another unit. Units held by a single locale of an article
  that several locales translate are reported as unaligned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.align.sentences import normalize
from toolkit.docs import relative_path
from toolkit.model import Article, Segment


@dataclass(frozen=True, slots=True)
class Translation:
    """One locale's segment in a unit."""

    locale: str
    segment: Segment
    article: Article


@dataclass(frozen=True, slots=True)
class AlignedUnit:
    """One English sentence of an article and its translations, locales sorted."""

    id: str
    """The article identity and the sentence number (of the first locale that has it)."""
    article: str
    """The article identity."""
    english: str
    """The normalized English all translations share."""
    translations: tuple[Translation, ...]

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(t.locale for t in self.translations)


@dataclass(frozen=True, slots=True)
class CrossAlignment:
    """Every unit, and how the segments got there."""

    units: tuple[AlignedUnit, ...]
    by_number: int
    """Segments placed by their id number."""
    by_text: int
    """Segments whose number pointed elsewhere, placed by their English."""
    unaligned: tuple[AlignedUnit, ...]
    """Units only one locale has, in articles several locales have."""
    locales: tuple[str, ...]

    def complete(self) -> int:
        """Units every locale has."""
        return sum(1 for unit in self.units if len(unit.translations) == len(self.locales))


def article_key(article: Article) -> str:
    return article.identity if article.identity != article.path else relative_path(article.path, article.locale)


def align_locales(articles: Iterable[Article]) -> CrossAlignment:
    """Units over all the given articles, in article then sentence order."""
    groups: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.locale.lower(), a.path)):
        groups.setdefault(article_key(article), []).append(article)
    units: list[AlignedUnit] = []
    unaligned: list[AlignedUnit] = []
    by_number = by_text = 0
    for key in sorted(groups):
        group = groups[key]
        found, numbered = _group(key, group)
        by_number += numbered
        by_text += sum(len(u.translations) for u in found) - numbered
        units.extend(found)
        if len({a.locale for a in group}) > 1:
            unaligned.extend(u for u in found if len(u.translations) == 1)
    locales = tuple(sorted({a.locale for g in groups.values() for a in g}, key=str.lower))
    return CrossAlignment(tuple(units), by_number, by_text, tuple(unaligned), locales)


class _Unit:
    """A unit being filled."""

    __slots__ = ("english", "number", "order", "translations")

    def __init__(self, number: str, english: str, order: tuple[int, int]) -> None:
        self.number = number
        self.english = english
        self.order = order
        self.translations: dict[str, Translation] = {}


def _group(key: str, group: list[Article]) -> tuple[list[AlignedUnit], int]:
    """The units of one article's locales, and how many segments went by number."""
    votes: dict[int, Counter[str]] = {}
    for article in group:
        for segment in article.segments:
            if segment.number is not None:
                votes.setdefault(segment.number, Counter())[normalize(segment.source.text)] += 1
    winners = {number: counter.most_common(1)[0] for number, counter in votes.items()}
    strongest: dict[str, int] = {}
    for english, count in winners.values():
        strongest[english] = max(strongest.get(english, 0), count)
    units: list[_Unit] = []
    numbered_units = {}
    for number, (english, count) in winners.items():
        if count < strongest[english]:  # a shifted number repeating a sentence other locales number elsewhere
            continue
        unit = _Unit(str(number), english, (number, 0))
        numbered_units[number] = unit
        units.append(unit)
    by_english: dict[str, list[_Unit]] = {}
    for unit in units:
        by_english.setdefault(unit.english, []).append(unit)
    numbered = 0
    for article in group:
        for position, segment in enumerate(article.segments):
            english = normalize(segment.source.text)
            home = numbered_units.get(segment.number) if segment.number is not None else None
            if home is not None and home.english == english and article.locale not in home.translations:
                numbered += 1
            else:
                home = next((u for u in by_english.get(english, ()) if article.locale not in u.translations), None)
                if home is None:
                    home = _Unit(segment.id.rpartition("-")[2], english, (segment.number or 0, position + 1))
                    units.append(home)
                    by_english.setdefault(english, []).append(home)
            home.translations[article.locale] = Translation(article.locale, segment, article)
    units.sort(key=lambda u: u.order)
    result = []
    for unit in units:
        if unit.translations:
            ordered = tuple(unit.translations[loc] for loc in sorted(unit.translations, key=str.lower))
            suffix = f"#{unit.order[1]}" if unit.order[1] else ""
            result.append(AlignedUnit(f"{key}-{unit.number}{suffix}", key, unit.english, ordered))
    return result, numbered
