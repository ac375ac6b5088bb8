"""The data model every other module reads: articles, segments, inline codes, diagnostics.

Rules of the model:

* Everything is frozen. A change (a new translation) is a new value made with
  :func:`dataclasses.replace`; the writer turns it back into bytes.
* Offsets are 0-based indexes into the article's decoded text; lines and columns shown to
  people are 1-based, by :func:`location` (the reader, walking pairs in order, counts the
  same way incrementally).
* Nothing is re-serialized: an article keeps its text, so the Markdown around the segments
  and the raw front matter come back exactly as read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

SOURCE_LOCALE: Final = "en-US"
"""The locale every ``sxs-lookup`` half is written in."""


class Severity(StrEnum):
    """How bad a diagnostic is: errors make the CLI exit 1, warnings only with ``--strict``,
    information never (a byte order mark, CRLF line endings: facts about a file, not faults)."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A located problem in the input, reported instead of raised so other input goes on."""

    path: str
    """The file as the user named it."""
    line: int
    """1-based line."""
    column: int
    """1-based column, in characters."""
    severity: Severity
    code: str
    """Stable identifier, e.g. ``P010``; see :data:`toolkit.diagnostics.CODES`."""
    message: str
    segment_id: str = ""
    """The ``data-ttu-id`` the problem concerns; empty for problems of the whole file."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message} [{self.code}]"


class BlockKind(StrEnum):
    """The Markdown block a segment sits in, innermost meaningful container first."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    ALERT = "alert"
    BLOCKQUOTE = "blockquote"
    INCLUDE = "include"
    HTML = "html"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Block:
    """Where a segment sits in the document's block structure.

    Segments of one paragraph share one ``Block`` value (same ``index``), which is how
    later stages group sentences back into paragraphs.
    """

    kind: BlockKind
    index: int = 0
    """Ordinal of the leaf block in the document body (0-based); equal across locales
    whose Markdown has the same shape."""
    level: int = 0
    """Heading level 1 to 6; 0 for other blocks."""
    list_depth: int = 0
    """How many lists enclose the segment; 0 outside lists."""
    quote_depth: int = 0
    """How many blockquotes (alerts included) enclose the segment."""
    alert: str = ""
    """One of :data:`toolkit.docs.ALERTS` inside a Docs alert."""


class CodeKind(StrEnum):
    """Role of an inline code, as TMX (bpt/ept/ph) and XLIFF (pc/ph) need it."""

    OPEN = "open"
    CLOSE = "close"
    PLACEHOLDER = "placeholder"


class Syntax(StrEnum):
    """How an inline code is written; its ``type`` says what it does.

    With both, no consumer reads markup again: a Markdown link (``link``/``markdown``),
    an ``<a href>`` (``link``/``html``) and ``<https://…>`` (``link``/``autolink``) differ,
    as do ``![alt](src)`` and ``<img>``, `` `x` `` and ``<code>``, ``**`` and ``<strong>``.
    """

    MARKDOWN = "markdown"
    """Emphasis runs, link and image brackets (inline or reference), code spans, hard breaks."""
    HTML = "html"
    """Raw HTML: start, end and void tags (:attr:`Code.name` is the element), comments, the rest."""
    AUTOLINK = "autolink"
    """``<scheme:…>`` and ``<user@host>``."""
    DOCS = "docs"
    """Docs extensions: ``<xref:uid>`` and ``[!INCLUDE[…](…)]``."""


@dataclass(frozen=True, slots=True)
class Code:
    """A piece of inline markup inside a segment half: ``**``, ``<a href=…>``, `` `x` ``…"""

    kind: CodeKind
    type: str
    """What the markup does: bold, italic, code, link, image, html, comment, xref, include, break…"""
    markup: str
    """The markup exactly as written."""
    pair: int
    """1-based number inside the half; an OPEN and its CLOSE share it."""
    target: str = ""
    """Link, image, xref or include target, when the markup has one."""
    text: str = ""
    """Visible text a placeholder stands for (a code span's content); empty otherwise."""
    syntax: Syntax = Syntax.MARKDOWN
    """How the markup is written (the default is what a hand-made code usually is)."""
    name: str = ""
    """The element name, lower case, of an HTML tag (``a``, ``img``, ``div``); empty otherwise."""


Part = str | Code
"""A run of an inline: plain text (entities and escapes resolved) or a code."""


@dataclass(frozen=True, slots=True)
class Inline:
    """One half of a pair: the raw inner markup and what it means."""

    markup: str
    """The inner markup exactly as in the file."""
    parts: tuple[Part, ...]
    """Text runs and codes, in order."""
    text: str
    """Plain visible text: text runs plus the text of placeholders."""

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(p for p in self.parts if isinstance(p, Code))


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence pair: a ``data-ttu-id`` translation and its ``sxs-lookup`` English."""

    id: str
    """The ``data-ttu-id`` value, e.g. ``1ee8d-105``."""
    target: Inline
    source: Inline
    block: Block
    line: int
    """1-based line of the pair's opening ``<span``."""
    column: int
    """1-based column of the pair's opening ``<span``."""
    target_span: tuple[int, int]
    """Offsets of the translation's inner markup in the article text."""
    source_span: tuple[int, int]
    """Offsets of the English inner markup in the article text."""

    @property
    def prefix(self) -> str:
        """The article-level part of the id (``1ee8d``)."""
        return self.id.rpartition("-")[0]

    @property
    def number(self) -> int | None:
        """The sentence number (``105``), or None when the id has no numeric tail."""
        tail = self.id.rpartition("-")[2]
        return int(tail) if tail.isdigit() else None


_id, _target, _source, _block, _line, _column, _target_span, _source_span = (
    Segment.__dict__[name].__set__ for name in Segment.__slots__
)


def new_segment(
    id: str,
    target: Inline,
    source: Inline,
    block: Block,
    line: int,
    column: int,
    target_span: tuple[int, int],
    source_span: tuple[int, int],
) -> Segment:
    """``Segment(...)`` for the reader's loop, which runs once per pair of a corpus.

    It fills the slots through their descriptors, half the cost of the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` call per field); the result is the same value.
    """
    segment = object.__new__(Segment)
    _id(segment, id)
    _target(segment, target)
    _source(segment, source)
    _block(segment, block)
    _line(segment, line)
    _column(segment, column)
    _target_span(segment, target_span)
    _source_span(segment, source_span)
    return segment


@dataclass(frozen=True, slots=True)
class Article:
    """A bilingual article: its text, what the front matter says, and its segments."""

    path: str
    locale: str
    """From ``ms.contentlocale``, else the locale the path names (:func:`toolkit.docs.article_locale`)."""
    identity: str
    """``ms.openlocfilehash`` (shared by every locale of an article), else the path."""
    metadata: Mapping[str, object]
    """Front matter as read with every scalar kept a string (no YAML 1.1 guessing)."""
    front_matter: str
    """Raw front matter including both ``---`` fences; empty when there is none."""
    text: str
    """The whole decoded file (BOM and invalid bytes kept, see :mod:`toolkit.sxs`)."""
    segments: tuple[Segment, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def is_bilingual(self) -> bool:
        """False for a Markdown file without a single ``data-ttu-id`` (plain English, an
        include file): the reader reports it once (``P025``) and commands skip it."""
        return not any(d.code == "P025" for d in self.diagnostics)

    def location(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset into :attr:`text`."""
        return location(self.text, offset)

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)


def location(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset; ``\r\n`` ends a line once."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
