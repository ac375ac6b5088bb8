"""Translation units: the one shape every translation-memory format writes and reads.

A :class:`Unit` is one sentence in any number of languages (the first variant is the
en-US source), so the same writers serve bilingual exports (two variants) and multilingual
ones (one variant per locale). Readers give units back with each variant's :class:`Inline`
rebuilt from its text runs and codes, which is what merging needs.

Rules:

* ``Unit.id`` (the TMX ``tuid``) is the article identity plus the segment number, the same
  in every locale; each variant keeps its own locale-specific segment id.
* Facts about one language version (path, ``ms.locfileid``, translation type…) are
  variant props; facts about the sentence (block kind) are unit props.
* Every writer takes any text the reader produces (NUL, lone CR, text kept from invalid
  UTF-8 as surrogate escapes) and writes a well-formed file: each format module says how.
  A unit a format cannot give back exactly is refused by the export with a located message
  (:func:`Format.refuses`), so export then merge with no edit changes no byte.
* A reader never trusts its file: a file it cannot read raises :class:`FormatError` (with
  the line and column); a unit it can read but not take as it stands carries a ``flaw``,
  and one the translator has not finished (fuzzy, obsolete, empty) a ``pending`` reason.
  Either way merge reports it and leaves the segment alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Generic, TypeVar

from toolkit.inline import escape_text, parse_inline, render
from toolkit.model import SOURCE_LOCALE, Article, Code, CodeKind, Inline, Part, Segment

T = TypeVar("T")

UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters that may not appear in an XML 1.0 document (surrogates included)."""

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""Characters a merged translation may not bring into an article: NUL, C0 controls other
than tab, LF and CR, and surrogates (bytes of invalid UTF-8)."""


class FormatError(ValueError):
    """A translation file that cannot be read: where, and why."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = " ".join(message.split())


def read_source(read: Callable[[IO[bytes]], Iterator[Unit]], source: str | Path | IO[bytes]) -> Iterator[Unit]:
    """A format's ``read`` on a file named by its path (opened when the first unit is asked
    for, closed after the last) or on an open binary stream."""
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            yield from read(stream)
    else:
        yield from read(source)


Props = tuple[tuple[str, str], ...]

VARIANT_FACTS = ("ms.locfileid", "ms.translationtype", "ms.sourcegitcommit")
"""Front-matter keys copied to every translation variant."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One language version of a unit."""

    locale: str
    inline: Inline
    segment: str = ""
    """The segment's ``data-ttu-id`` in this locale's article (empty for the source)."""
    path: str = ""
    """The article file this variant comes from (empty for the source)."""
    props: Props = ()
    """Front-matter facts as (name, value): ``ms.translationtype`` and friends."""
    line: int = 0
    """1-based line and column of the segment in its article (0 when unknown)."""
    column: int = 0

    def prop(self, name: str) -> str:
        return next((value for key, value in self.props if key == name), "")


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence with its variants, source first."""

    id: str
    """Stable across locales: article identity and segment number."""
    article: str
    """The article identity (``ms.openlocfilehash``)."""
    variants: tuple[Variant, ...]
    block: str = ""
    """The Markdown block kind the sentence sits in."""
    created: str = ""
    """Creation date in TMX form (``20200928T000000Z``), from the front matter's ``ms.date``."""
    where: tuple[int, int] = (0, 0)
    """Line and column of the unit in the file it was read from."""
    flaw: str = ""
    """Why the reader could not take the unit as it stands (a bad character reference…)."""
    pending: str = ""
    """``fuzzy``, ``obsolete`` or ``empty``: work not finished, never merged (only counted)."""

    @property
    def source(self) -> Variant:
        return self.variants[0]

    @property
    def target(self) -> Variant:
        """The first translation (the only one in a bilingual unit)."""
        return self.variants[1]


def unit_id(article: Article, segment: Segment) -> str:
    return tuid(article.identity, segment.id)


def tuid(article: str, segment: str) -> str:
    """Article identity and segment number (the whole id when it has no number)."""
    tail = segment.rpartition("-")[2]
    return f"{article}-{tail if tail.isdigit() else segment}"


def tmx_date(value: object) -> str:
    """``MM/DD/YYYY`` (Docs' ``ms.date``) as a TMX date; empty when it is not one."""
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value or ""))
    if match is None:
        return ""
    month, day, year = match.groups()
    return f"{year}{int(month):02d}{int(day):02d}T000000Z"


def article_props(article: Article) -> Props:
    return tuple((key, str(article.metadata[key])) for key in VARIANT_FACTS if article.metadata.get(key))


def article_units(article: Article) -> list[Unit]:
    """The bilingual units of an article: en-US source, then the article's locale."""
    props = article_props(article)
    created = tmx_date(article.metadata.get("ms.date"))
    return [
        Unit(
            unit_id(article, segment),
            article.identity,
            (
                Variant(SOURCE_LOCALE, segment.source),
                Variant(article.locale, segment.target, segment.id, article.path, props, segment.line, segment.column),
            ),
            segment.block.kind.value,
            created,
        )
        for segment in article.segments
    ]


def rebuild(parts: Sequence[Part]) -> Inline:
    """An inline from parts read back from a file (codes' markup is authoritative).

    Parsing numbers codes afresh; the numbers the file gives (when it gives all of them)
    are put back, since an unpaired delimiter in the original used up a number.
    """
    inline = parse_inline(render(list(parts)))
    given = [p for p in parts if isinstance(p, Code)]
    codes = inline.codes
    if len(given) != len(codes) or not given:
        return inline
    if any(g.pair <= 0 or g.kind is not c.kind for g, c in zip(given, codes, strict=True)):
        return inline
    pairs = iter(g.pair for g in given)
    numbered = tuple(replace(p, pair=next(pairs)) if isinstance(p, Code) else p for p in inline.parts)
    return Inline(inline.markup, numbered, inline.text)


def sequential(inline: Inline) -> bool:
    """Whether the codes are numbered 1, 2, 3… in order (so a file need not say their numbers)."""
    numbers = [c.pair for c in inline.codes if c.kind is not CodeKind.CLOSE]
    return numbers == list(range(1, len(numbers) + 1))


def unique(keys: Iterable[str]) -> Iterator[str]:
    """Keys made distinct: a repeat gets ``_2``, ``_3``… (ids do repeat in real files)."""
    seen: dict[str, int] = {}
    for key in keys:
        count = seen.get(key, 0) + 1
        seen[key] = count
        yield key if count == 1 else f"{key}_{count}"


def base_key(key: str) -> str:
    """The key :func:`unique` started from."""
    head, sep, tail = key.rpartition("_")
    return head if sep and tail.isdigit() else key


def distinct(units: Iterable[Unit], dedup: bool) -> tuple[list[Unit], int]:
    """The units, without exact repeats of a (source, translation) text pair when ``dedup``;
    and how many were dropped."""
    if not dedup:
        kept = list(units)
        return kept, 0
    seen: set[tuple[str, str]] = set()
    kept = []
    dropped = 0
    for unit in units:
        key = (unit.source.inline.text, unit.target.inline.text)
        if key in seen:
            dropped += 1
        else:
            seen.add(key)
            kept.append(unit)
    return kept, dropped


@dataclass(frozen=True, slots=True)
class Options:
    """How a writer writes: what the user asked for beyond the format."""

    locale: str = ""
    """The file's translation locale when no unit says it (an empty file)."""
    compendium: bool = False
    """PO: ``msgctxt`` is ``ARTICLE/segment`` (units of many articles), not the segment id."""
    mt_fuzzy: bool = False
    """PO: mark machine translations (``ms.translationtype: MT``) fuzzy."""
    dedup: bool = False
    """JSONL and Moses: drop exact duplicates of a (source, translation) text pair."""
    side: int = 1
    """Moses: which variant a file holds (0 the English, 1 the translation)."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """A candidate translation for a unit (a match from a translation memory)."""

    inline: Inline
    quality: str = ""
    """Its score: ``85``, ``85%`` or any text the producing tool uses."""
    origin: str = ""
    """Where it comes from: a memory's name, an article and segment, ``mt``…"""
    source: Inline | None = None
    """The English the match translated (when it is known)."""


@dataclass(frozen=True, slots=True)
class Offer:
    """What a translation kit says about a unit beyond its pair (XLIFF writers take one per unit id).

    A *locked* unit is there for context only (a reused translation: ``translate="no"``);
    an open one is work: its target is a suggestion to review (``fuzzy``) or empty (``new``)."""

    locked: bool
    match: str
    """The match class (``context``, ``exact``, ``95-99``…, ``new``)."""
    alternatives: tuple[Alternative, ...] = ()
    notes: Props = ()
    """More (name, text) notes: the neighbouring sentences…"""


def printable(text: str) -> str:
    """Text for a message: a lone surrogate (a byte kept from invalid UTF-8) as its ``\\udcXX``
    escape, so the message can be printed in UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def unsafe_ids(unit: Unit) -> str:
    """Why a unit's ids cannot be written exactly to an XML or PO file (empty: they can)."""
    for value in (unit.article, *(v.segment for v in unit.variants)):
        if UNSAFE.search(value):
            return f"its id {value!r} holds a character no XML or PO file can carry"
    return ""


def faithful(inline: Inline) -> bool:
    """Whether an inline read back from its parts (as a TMX or XLIFF reader does) is the same.

    When the parts render to the markup they came from, reading gives the same parse."""
    parts = inline.parts
    if (escape_text(parts[0]) if len(parts) == 1 and isinstance(parts[0], str) else render(parts)) == inline.markup:
        return True
    back = rebuild(inline.parts)
    return back.text == inline.text and back.codes == inline.codes


class Remembered(Generic[T]):
    """A function of an inline, remembered for the inline object: every locale of an article
    repeats its English, and the reader gives each repeat the same object (checked by
    identity, so an equal markup read otherwise is worked out afresh). For English halves
    only: translations do not repeat, and would only push them out."""

    def __init__(self, function: Callable[[Inline], T], bound: int = 1 << 15) -> None:
        self._function = function
        self._bound = bound
        self._held: dict[str, tuple[Inline, T]] = {}

    def __call__(self, inline: Inline) -> T:
        held = self._held.get(inline.markup)
        if held is not None and held[0] is inline:
            return held[1]
        value = self._function(inline)
        if len(self._held) >= self._bound:
            self._held.clear()
        self._held[inline.markup] = (inline, value)
        return value

    def forget(self) -> None:
        self._held.clear()


def _xml_safe(inline: Inline) -> str:
    if any(isinstance(part, Code) and UNSAFE.search(part.markup) for part in inline.parts):
        return "a code's markup holds a character XML cannot carry"
    if not faithful(inline):
        return "its markup would not read back the same"
    return ""


_xml_safe_source = Remembered(_xml_safe)


def clear_memo() -> None:
    """Forget what :class:`Remembered` holds here (see :mod:`toolkit.caches`)."""
    _xml_safe_source.forget()


def xml_refusal(unit: Unit) -> str:
    """Why a unit would not read back exactly from an XML format that carries each code's
    markup as text (TMX, XLIFF 1.2); empty when it would."""
    for index, variant in enumerate(unit.variants):
        reason = (_xml_safe_source if index == 0 else _xml_safe)(variant.inline)
        if reason:
            return reason
    return unsafe_ids(unit)
