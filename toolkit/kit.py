"""Translation kits: only the sentences of updated articles that still need work.

A kit is made from the updated article itself (:func:`toolkit.update.write_updated`, read
back), so its units carry the ids, article identity and English that ``loctk merge`` finds
in the updated article; merging the translated kit into it gives the finished article.

* PO, like ``msgmerge``: a sentence with a fuzzy match gets the suggestion as ``msgstr``,
  flagged ``fuzzy``, with the English it translated as ``#| msgid``; one with no match has
  an empty ``msgstr``. Translator comments (``#``) give the match class and score, where
  the suggestion comes from, the other suggestions and the neighbouring English sentences.
* XLIFF 2.0: one unit per pending sentence, the best suggestion as target with
  ``state="initial"`` (none when there is none).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import polib

from toolkit.formats.po import article_catalog
from toolkit.formats.xliff import write_xliff
from toolkit.leverage import Leveraged
from toolkit.model import Article, Inline, Segment
from toolkit.sxs import parse_article
from toolkit.update import Planned, Written


@dataclass(frozen=True, slots=True)
class Work:
    """One pending sentence of an updated article, with what the memory offers."""

    segment: Segment
    item: Leveraged
    previous: str
    """The English sentence before it in the article ('' at the start)."""
    next: str


def updated_article(planned: Planned, written: Written) -> Article:
    return parse_article(written.text, planned.output)


def pending_work(article: Article, planned: Planned, written: Written) -> list[Work]:
    """The pending sentences of an updated article, in order."""
    items = dict(zip(written.ids, planned.leveraged, strict=True))
    segments = article.segments
    work = []
    for index, segment in enumerate(segments):
        item = items.get(segment.id)
        if item is None or item.band.reused:
            continue
        before = segments[index - 1].source.text if index else ""
        after = segments[index + 1].source.text if index + 1 < len(segments) else ""
        work.append(Work(segment, item, before, after))
    return work


def po_kit(article: Article, work: Sequence[Work]) -> polib.POFile:
    """The PO kit of one updated article."""
    catalog = article_catalog(article)
    by_id = {w.segment.id: w for w in work}
    kept = [entry for entry in catalog if entry.msgctxt in by_id]
    del catalog[:]
    for entry in kept:
        each = by_id[entry.msgctxt]
        suggestions = each.item.suggestions
        entry.msgstr = ""
        if suggestions:
            best = suggestions[0].entry
            entry.msgstr = _follow(entry.msgid, best.target.markup)
            entry.previous_msgid = best.source.markup
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
    yield f"match: {item.band.value} ({item.score}%)"
    for rank, suggestion in enumerate(item.suggestions, 1):
        where = suggestion.entry.origin + (f"#{suggestion.entry.segment}" if suggestion.entry.segment else "")
        yield f"suggestion {rank} ({suggestion.score}%) from {where}: {_line(suggestion.entry.target.markup)}"
    yield f"block: {work.segment.block.kind.value}"
    if work.previous:
        yield f"previous sentence: {_line(work.previous)}"
    if work.next:
        yield f"next sentence: {_line(work.next)}"


def _line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def xliff_kit(article: Article, work: Sequence[Work]) -> str:
    """The XLIFF 2.0 kit of one updated article."""
    segments = tuple(
        replace(w.segment, target=w.item.suggestions[0].entry.target if w.item.suggestions else Inline("", (), "")) for w in work
    )
    stream = io.StringIO()
    write_xliff([replace(article, segments=segments)], stream, article.locale)
    return re.sub(r'<segment state="[a-z]+">', '<segment state="initial">', stream.getvalue())
