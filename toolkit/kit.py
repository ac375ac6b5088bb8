"""Translation kits: the sentences of updated articles that still need work, with their context.

A kit is made from the updated article itself (:func:`toolkit.update.write_updated`, read
back), so its units carry the ids, article identity and English that ``loctk merge`` finds
in the updated article; merging the translated kit into it gives the finished article.
An article with nothing left to do gets no kit. In a kit, every sentence of the article is
a unit, in order: those that need work are open, the reused ones (context and exact
matches) are locked, there for context and not counted as work.

* XLIFF 1.2 (what most CAT tools import): memory matches as ``<alt-trans match-quality>``;
  the target is the copy of the English in state ``needs-translation`` (what the updated
  article holds, and what OmegaT and Okapi-based tools translate); locked units are
  ``translate="no"``, state ``final`` (see :mod:`toolkit.formats.xliff12`).
* XLIFF 2.0: the best suggestion as target in state ``initial`` (none when there is none),
  the matches as notes; locked units ``translate="no"``, state ``final``.
* PO, like ``msgmerge``: a sentence with a fuzzy match gets the suggestion as ``msgstr``,
  flagged ``fuzzy``, with the English it translated as ``#| msgid``; one with no match has
  an empty ``msgstr``; a locked one has its translation and the ``read-only`` flag (the
  one Weblate honours; PO has no other way to say it). Translator comments (``#``) give
  the match class and score, where the suggestion comes from, the other suggestions and
  the neighbouring English sentences.

Accepting a suggestion is the translator's act, in every format: a PO entry still flagged
``fuzzy`` (or empty), an XLIFF target still in state ``new``, ``needs-…`` or ``initial``
is not merged (``loctk merge`` counts it as pending). To accept one, remove ``#, fuzzy``
(a PO editor does it on "mark as translated"), or set the XLIFF 2 target's state to
``translated``; in an XLIFF 1.2 kit, a target that no longer reads as the English is
taken (see :mod:`toolkit.formats.xliff12`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import polib

from toolkit.formats import xliff, xliff12
from toolkit.formats.po import article_catalog
from toolkit.formats.units import Alternative, Offer, Options, Unit, article_units
from toolkit.leverage import Leveraged
from toolkit.model import Article, Inline, Segment
from toolkit.sxs import parse_article
from toolkit.update import Planned, Written

_EMPTY = Inline("", (), "")


@dataclass(frozen=True, slots=True)
class Work:
    """One sentence of an updated article, with what the memory offers."""

    segment: Segment
    item: Leveraged
    previous: str
    """The English sentence before it in the article ('' at the start)."""
    next: str

    @property
    def locked(self) -> bool:
        """A reused translation: in the kit for context only."""
        return self.item.band.reused

    @property
    def suggestion(self) -> Inline:
        """The target the kit offers: the translation of a locked unit, else the best match (or nothing)."""
        return self.item.suggestions[0].entry.target if self.item.suggestions else _EMPTY


def updated_article(planned: Planned, written: Written) -> Article:
    return parse_article(written.text, planned.output)


def article_work(article: Article, planned: Planned, written: Written) -> list[Work]:
    """Every sentence of an updated article, in order; empty when none needs work."""
    items = dict(zip(written.ids, planned.leveraged, strict=True))
    segments = article.segments
    work = []
    for index, segment in enumerate(segments):
        item = items.get(segment.id)
        if item is None:
            continue
        before = segments[index - 1].source.text if index else ""
        after = segments[index + 1].source.text if index + 1 < len(segments) else ""
        work.append(Work(segment, item, before, after))
    return work if any(not w.locked for w in work) else []


def open_units(work: Sequence[Work]) -> int:
    """How many sentences of a kit need work."""
    return sum(1 for w in work if not w.locked)


def _offer(work: Work) -> Offer:
    item = work.item
    locked = item.band.reused
    alternatives = (
        ()
        if locked
        else tuple(
            Alternative(s.entry.target, str(s.score), _where(s.entry.origin, s.entry.segment), s.entry.source)
            for s in item.suggestions
        )
    )
    notes: tuple[tuple[str, str], ...] = (("previous", _line(work.previous)),) if work.previous else ()
    if work.next:
        notes += (("next", _line(work.next)),)
    return Offer(locked, f"{item.band} ({item.score}%)", alternatives, notes)


def _where(origin: str, segment: str) -> str:
    return origin + (f"#{segment}" if segment else "")


def _kit_units(article: Article, work: Sequence[Work], english: bool = False) -> tuple[list[Unit], dict[str, Offer]]:
    """The article's units with the kit's targets (an open unit's: its best suggestion, or
    with ``english`` the updated article's copy of the English), and an offer per unit id."""
    by_id = {w.segment.id: w for w in work}
    units = []
    offers = {}
    for unit, segment in zip(article_units(article), article.segments, strict=True):
        each = by_id.get(segment.id)
        if each is not None:
            offer = _offer(each)
            target = unit.target.inline if english and not offer.locked else each.suggestion
            if target is not unit.target.inline:
                unit = replace(unit, variants=(unit.source, replace(unit.target, inline=target)))
            units.append(unit)
            offers[unit.id] = offer
    return units, offers


def xliff12_kit(article: Article, work: Sequence[Work]) -> str:
    """The XLIFF 1.2 kit of one updated article."""
    units, offers = _kit_units(article, work, english=True)
    stream = io.StringIO()
    xliff12.write(units, stream, Options(locale=article.locale), offers)
    return stream.getvalue()


def xliff_kit(article: Article, work: Sequence[Work]) -> str:
    """The XLIFF 2.0 kit of one updated article."""
    units, offers = _kit_units(article, work)
    stream = io.StringIO()
    xliff.write(units, stream, Options(locale=article.locale), offers)
    return stream.getvalue()


def po_kit(article: Article, work: Sequence[Work]) -> polib.POFile:
    """The PO kit of one updated article."""
    catalog = article_catalog(article)
    by_id = {w.segment.id: w for w in work}
    kept = [entry for entry in catalog if entry.msgctxt in by_id]
    del catalog[:]
    for entry in kept:
        each = by_id[entry.msgctxt]
        suggestion = each.suggestion
        entry.msgstr = _follow(entry.msgid, suggestion.markup) if suggestion.markup else ""
        if each.locked:
            entry.flags = ["read-only"]
        elif each.item.suggestions:
            entry.previous_msgid = each.item.suggestions[0].entry.source.markup
            entry.flags = ["fuzzy"]
        entry.tcomment = "\n".join(_notes(each))
        catalog.append(entry)
    return catalog


def _follow(source: str, target: str) -> str:
    """msgfmt wants msgid and msgstr to agree on leading and trailing newlines."""
    target = target.strip("\n")
    return ("\n" if source.startswith("\n") else "") + target + ("\n" if source.endswith("\n") else "")


def _notes(work: Work) -> Iterator[str]:
    item = work.item
    yield f"match: {item.band.value} ({item.score}%)" + (", locked: for context only" if work.locked else "")
    for rank, suggestion in enumerate(() if work.locked else item.suggestions, 1):
        where = _where(suggestion.entry.origin, suggestion.entry.segment)
        yield f"suggestion {rank} ({suggestion.score}%) from {where}: {_line(suggestion.entry.target.markup)}"
    yield f"block: {work.segment.block.kind.value}"
    if work.previous:
        yield f"previous sentence: {_line(work.previous)}"
    if work.next:
        yield f"next sentence: {_line(work.next)}"


def _line(text: str) -> str:
    """White space runs made one space, none at the edges."""
    return " ".join(text.split())
