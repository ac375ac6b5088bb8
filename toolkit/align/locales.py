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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from toolkit.align.sentences import normalize
from toolkit.corpus import run
from toolkit.docs import relative_path
from toolkit.model import Article
from toolkit.spool import Spool, dumps, read


class Numbered(NamedTuple):
    """One segment as the alignment sees it (a named tuple: the records travel between processes)."""

    id: str
    number: int | None
    english: str
    """The normalized English."""
    payload: Any = None
    """What the caller attached (the multilingual export: the segment's variants, rendered)."""


@dataclass(frozen=True, slots=True)
class Version:
    """One locale's version of an article, reduced to what aligning it needs."""

    key: str
    """The article's identity across locales (:func:`article_key`)."""
    locale: str
    path: str
    segments: tuple[Numbered, ...]
    payload: Any = None
    """What the caller attached to the article (the multilingual export: its date)."""


@dataclass(frozen=True, slots=True)
class Translation:
    """One locale's segment in a unit."""

    locale: str
    segment: Numbered
    version: Version


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
    """Every unit (empty when they were written as they came, see :class:`Aligner`)."""
    by_number: int
    """Segments placed by their id number."""
    by_text: int
    """Segments whose number pointed elsewhere, placed by their English."""
    unaligned: tuple[AlignedUnit, ...]
    """Units only one locale has, in articles several locales have."""
    locales: tuple[str, ...]
    complete_units: int
    total: int
    """How many units there are."""

    def complete(self) -> int:
        """Units every locale has."""
        return self.complete_units


class Packed(NamedTuple):
    """A :class:`Version` pickled where its article was parsed, with what the spool files it
    under: the process that aligns stores it as it came and unpickles it once, when its group is read."""

    key: str
    locale: str
    data: bytes


def packed(version: Version) -> Packed:
    return Packed(version.key, version.locale, dumps(version))


def packed_version(article: Article) -> Packed:
    """:func:`version_of` the article, packed (a part for :mod:`toolkit.work`)."""
    return packed(version_of(article))


def article_key(article: Article) -> str:
    return article.identity if article.identity != article.path else relative_path(article.path, article.locale)


_english = lru_cache(maxsize=1 << 16)(normalize)
""":func:`~toolkit.align.sentences.normalize` of an English half, which every locale repeats
(room for a docset's English sentences)."""


def version_of(article: Article, payloads: Iterable[Any] | None = None, payload: Any = None) -> Version:
    """The article as the alignment sees it; ``payloads`` (one per segment) ride along."""
    extra = iter(payloads) if payloads is not None else None
    segments = tuple(
        Numbered(s.id, s.number, _english(s.source.text), next(extra) if extra is not None else None) for s in article.segments
    )
    return Version(article_key(article), article.locale, article.path, segments, payload)


def align_locales(articles: Iterable[Article]) -> CrossAlignment:
    """Units over all the given articles, in article then sentence order."""
    aligner = Aligner()
    for article in sorted(articles, key=lambda a: a.path):
        aligner.add(version_of(article))
    with aligner:
        units = [unit for group in aligner.groups() for unit in group]
    return aligner.summary(units)


class Settled(NamedTuple):
    """One article's units as the caller's ``render`` made them (see :meth:`Aligner.settled`),
    with what the summary counts of them."""

    rendered: Any
    numbered: int
    """Segments placed by their id number."""
    sizes: tuple[int, ...]
    """How many locales each unit has."""
    unaligned: tuple[AlignedUnit, ...]


def settle(key: str, versions: Iterable[Version], render: Callable[[list[AlignedUnit]], Any]) -> Settled:
    """The units of one article's versions (any order), rendered."""
    group = sorted(versions, key=lambda v: (v.locale.lower(), v.path))
    found, numbered = _group(key, group)
    several = len({v.locale for v in group}) > 1
    unaligned = tuple(u for u in found if len(u.translations) == 1) if several else ()
    return Settled(render(found), numbered, tuple(len(u.translations) for u in found), unaligned)


@dataclass(frozen=True, slots=True)
class _Settle:
    """:func:`settle` of an article whose versions wait in a shared spool, in a worker process
    (which reads them itself: only their places travel)."""

    render: Callable[[list[AlignedUnit]], Any]

    def __call__(self, where: tuple[str, str, list[int]]) -> Settled:
        key, name, places = where
        return settle(key, read(name, places), self.render)


def _as_is(units: list[AlignedUnit]) -> list[AlignedUnit]:
    return units


class Aligner:
    """Aligns versions given one at a time (any order), an article's group once all are in.

    Versions wait in a :class:`~toolkit.spool.Spool` by article, so a caller that writes
    each group as it comes (:meth:`groups`) holds one article's locales at a time, never the
    corpus. A ``shared`` aligner's articles can be aligned in worker processes of this
    machine, side by side (:meth:`settled`).
    """

    def __init__(self, shared: bool = False) -> None:
        self._spool: Spool[Version] = Spool(shared=shared)
        self._locales: set[str] = set()
        self.by_number = self.by_text = 0
        self.sizes: Counter[int] = Counter()
        """Units by how many locales have them."""
        self.unaligned: list[AlignedUnit] = []

    def __enter__(self) -> Aligner:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._spool.close()

    def add(self, version: Version | Packed) -> None:
        if isinstance(version, Packed):
            self._spool.add_pickled(version.key, version.data)
        else:
            self._spool.add(version.key, version)
        self._locales.add(version.locale)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(sorted(self._locales, key=str.lower))

    def groups(self) -> Iterator[list[AlignedUnit]]:
        """Each article's units, articles in key order, locales sorted within."""
        return self.settled(_as_is)

    def settled(self, render: Callable[[list[AlignedUnit]], Any], jobs: int = 1) -> Iterator[Any]:
        """``render`` of each article's units, articles in key order. With ``jobs > 1`` (a
        ``shared`` aligner) the articles are aligned and rendered side by side in worker
        processes of this machine, which read the versions from the spool themselves; the
        results come back in key order all the same. The work is handed out on the call
        (inside :func:`~toolkit.corpus.shared_workers`), not when the first result is read."""
        keys = sorted(self._spool)
        if jobs > 1:
            places = [(key, *self._spool.places(key)) for key in keys]
            return self._counted(run(_Settle(render), places, jobs=jobs))
        return self._counted(settle(key, self._spool.values(key), render) for key in keys)

    def _counted(self, done: Iterable[Settled]) -> Iterator[Any]:
        """What :meth:`settled` yields, its counts kept for :meth:`summary`."""
        for each in done:
            self.by_number += each.numbered
            self.by_text += sum(each.sizes) - each.numbered
            self.sizes.update(each.sizes)
            self.unaligned.extend(each.unaligned)
            yield each.rendered

    def summary(self, units: Iterable[AlignedUnit] = ()) -> CrossAlignment:
        """What :meth:`groups` found, once it is through."""
        complete = self.sizes[len(self._locales)]
        return CrossAlignment(
            tuple(units), self.by_number, self.by_text, tuple(self.unaligned), self.locales, complete, self.sizes.total()
        )


class _Unit:
    """A unit being filled."""

    __slots__ = ("english", "number", "order", "translations")

    def __init__(self, number: str, english: str, order: tuple[int, int]) -> None:
        self.number = number
        self.english = english
        self.order = order
        self.translations: dict[str, Translation] = {}


def _group(key: str, group: list[Version]) -> tuple[list[AlignedUnit], int]:
    """The units of one article's locales, and how many segments went by number."""
    units, numbered_units = _numbered_units(group)
    by_english: dict[str, list[_Unit]] = {}
    for unit in units:
        by_english.setdefault(unit.english, []).append(unit)
    numbered = 0
    for version in group:
        for position, segment in enumerate(version.segments):
            home = numbered_units.get(segment.number) if segment.number is not None else None
            if home is not None and home.english == segment.english and version.locale not in home.translations:
                numbered += 1
            else:
                home = next((u for u in by_english.get(segment.english, ()) if version.locale not in u.translations), None)
                if home is None:
                    home = _Unit(segment.id.rpartition("-")[2], segment.english, (segment.number or 0, position + 1))
                    units.append(home)
                    by_english.setdefault(segment.english, []).append(home)
            home.translations[version.locale] = Translation(version.locale, segment, version)
    units.sort(key=lambda u: u.order)
    return [_aligned(key, unit) for unit in units if unit.translations], numbered


def _numbered_units(group: list[Version]) -> tuple[list[_Unit], dict[int, _Unit]]:
    """A unit per segment number, for the English most locales give that number; a number
    whose English another number holds more strongly is left out (a shifted number)."""
    votes: dict[int, Counter[str]] = {}
    for version in group:
        for segment in version.segments:
            if segment.number is not None:
                votes.setdefault(segment.number, Counter())[segment.english] += 1
    winners = {number: counter.most_common(1)[0] for number, counter in votes.items()}
    strongest: dict[str, int] = {}
    for english, count in winners.values():
        strongest[english] = max(strongest.get(english, 0), count)
    by_number = {
        number: _Unit(str(number), english, (number, 0))
        for number, (english, count) in winners.items()
        if count >= strongest[english]
    }
    return list(by_number.values()), by_number


def _aligned(key: str, unit: _Unit) -> AlignedUnit:
    ordered = tuple(unit.translations[loc] for loc in sorted(unit.translations, key=str.lower))
    suffix = f"#{unit.order[1]}" if unit.order[1] else ""
    return AlignedUnit(f"{key}-{unit.number}{suffix}", key, unit.english, ordered)
