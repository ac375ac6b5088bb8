"""Translation-memory formats: one module each, every one with the same contract.

``write(units, stream, options) -> count`` writes :class:`~toolkit.formats.units.Unit`
values (articles become units before a format sees them) to a text stream, accepting any
text a reader produces; the same document is also ``head`` + one ``fragment`` per article
(``placed`` as the n-th) + ``tail``, so an export renders each article's fragment where the
article is parsed and only joins them (:mod:`toolkit.export`); ``read(stream) -> Iterator[Unit]`` reads a binary stream back;
``refuses(unit) -> reason`` says when a unit would not read back exactly, so the export
leaves it out with a located message instead of writing it altered. :data:`FORMATS` is the
one list of them that export, merge, ``--help`` and the tests read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from toolkit.formats import jsonl, moses, po, tmx, xliff, xliff12
from toolkit.formats.units import Options, Unit


@dataclass(frozen=True, slots=True)
class Format:
    """One format: its name, its files and its three functions."""

    name: str
    suffixes: tuple[str, ...]
    """File suffixes, the one written first (Moses names files by locale instead)."""
    write: Callable[[Iterable[Unit], IO[str], Options], int]
    read: Callable[[IO[bytes]], Iterator[Unit]]
    refuses: Callable[[Unit], str]
    description: str
    fragment: Callable[[Sequence[Unit], Options], str]
    """One article's units as they stand in the document (a whole file for ``per_article``)."""
    head: Callable[[Options], str] = lambda options: ""
    tail: Callable[[Options, int], str] = lambda options, count: ""
    """The end of a document of ``count`` units."""
    placed: Callable[[str, int], str] = lambda fragment, number: fragment
    """A fragment as the document's n-th (from 1): XLIFF 2 numbers its ``<file>``s."""
    per_article: bool = False
    """A file per article (PO, unless a compendium is asked for)."""
    mergeable: bool = True
    """Whether its units carry the ids a merge needs."""
    per_side: bool = False
    """One file per language (Moses) rather than one per locale pair."""
    sniff: bytes = b""
    """What the start of a file holds when it is this format's (two XLIFF versions share ``.xlf``)."""


FORMATS: dict[str, Format] = {
    "tmx": Format(
        "tmx", (".tmx",), tmx.write, tmx.read, tmx.refuses, "TMX 1.4b, one file per locale pair", tmx.fragment, tmx.head, tmx.tail
    ),
    "po": Format(
        "po",
        (".po",),
        po.write,
        po.read,
        po.refuses,
        "GNU gettext PO, one per article or a compendium",
        po.fragment,
        per_article=True,
    ),
    "xliff": Format(
        "xliff",
        (".xlf", ".xliff"),
        xliff.write,
        xliff.read,
        xliff.refuses,
        "XLIFF 2.0, one <file> per article",
        xliff.fragment,
        xliff.head,
        xliff.tail,
        xliff.placed,
    ),
    "xliff12": Format(
        "xliff12",
        (".xlf", ".xliff"),
        xliff12.write,
        xliff12.read,
        xliff12.refuses,
        "XLIFF 1.2 (for older CAT tools), one <file> per article",
        xliff12.fragment,
        xliff12.head,
        xliff12.tail,
        sniff=xliff12.NAMESPACE.encode(),
    ),
    "jsonl": Format("jsonl", (".jsonl",), jsonl.write, jsonl.read, jsonl.refuses, "JSON Lines, one pair a line", jsonl.fragment),
    "moses": Format(
        "moses",
        (),
        moses.write,
        moses.read,
        moses.refuses,
        "Moses line-aligned plain text",
        moses.fragment,
        mergeable=False,
        per_side=True,
    ),
}


def by_suffix(suffix: str, head: bytes = b"") -> Format | None:
    """The mergeable format whose files end with ``suffix`` (``.xlf``…); when several do, the
    one whose ``sniff`` the file's ``head`` holds."""
    matches = [f for f in FORMATS.values() if f.mergeable and suffix.lower() in f.suffixes]
    return next((f for f in matches if f.sniff and f.sniff in head), next((f for f in matches if not f.sniff), None))
