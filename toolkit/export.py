"""Exports of parsed articles to translation-memory and MT-training files, laid out on disk.

:func:`export` takes a format's name (:data:`toolkit.formats.FORMATS`), the articles, the
output tree (:class:`toolkit.outputs.OutputTree`: files whole or not at all, only under
``-o``) and the :class:`Options`, writes the files under ``OUT/<format>/`` and returns what
it wrote (:class:`Written`); the format modules only know streams and units. A file whose
name cannot be made safely (a locale that is not a BCP 47 tag) is left out with a located
error, a unit the format cannot give back exactly with a located ``T009`` warning, and the
export goes on. Files come in a fixed order (locales, then paths), so two exports of the
same input are byte-identical.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.diagnostics import diagnostic
from toolkit.formats import FORMATS, Format
from toolkit.formats.units import Options as WriterOptions
from toolkit.formats.units import Unit, article_units, printable
from toolkit.model import SOURCE_LOCALE, Article, Diagnostic
from toolkit.outputs import Outlet, OutputTree, UnsafePath, as_tree, check_locale
from toolkit.sources import relative as git_relative
from toolkit.spool import Spool


@dataclass(frozen=True, slots=True)
class Options:
    """What the user asked for beyond the format."""

    roots: tuple[str, ...] = ()
    """The input folders, so per-article files mirror the tree below them."""
    compendium: bool = False
    """PO: one file per locale instead of one per article."""
    mt_fuzzy: bool = False
    """PO: mark machine translations (``ms.translationtype: MT``) fuzzy."""
    dedup: bool = False
    """JSONL and Moses: drop exact duplicate pairs."""


@dataclass(frozen=True, slots=True)
class Written:
    """The outcome of one export."""

    format: str
    files: tuple[Path, ...]
    units: int
    dropped: int = 0
    """Duplicate pairs left out (``--dedup``)."""
    refused: tuple[Diagnostic, ...] = ()
    """Articles left out because no safe file name could be made for them (``O001``), and
    segments the format cannot carry exactly (``T009``)."""

    def summary(self) -> str:
        dropped = f", {self.dropped} duplicate pairs dropped" if self.dropped else ""
        articles = sum(d.code != "T009" for d in self.refused)
        segments = len(self.refused) - articles
        refused = (f", {articles} articles refused" if articles else "") + (f", {segments} segments left out" if segments else "")
        return f"{self.format}: {self.units} units in {len(self.files)} files{dropped}{refused}"


def refusal(articles: Sequence[Article], error: UnsafePath) -> list[Diagnostic]:
    """The located error of each article an output name could not be made for (at its
    ``ms.contentlocale`` line when it has one: that is where such names come from)."""
    return [diagnostic(a.path, _key_line(a, "ms.contentlocale"), 1, "O001", f"not written: {error}") for a in articles]


def _key_line(article: Article, key: str) -> int:
    at = article.text.find(f"\n{key}:", 0, len(article.front_matter) + 1)
    return article.text.count("\n", 0, at + 1) + 1 if at != -1 else 1


def by_locale(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """Articles grouped per locale, locales and paths sorted."""
    groups: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.locale.lower(), a.path)):
        groups.setdefault(article.locale, []).append(article)
    return groups


def pair_name(locale: str) -> str:
    return f"{SOURCE_LOCALE}_{locale}"


def relative(path: str, roots: Sequence[str]) -> Path:
    """A file's place below the input folder it was found in (its name when named itself)."""
    file = Path(path)
    for root in roots:
        if (inside := git_relative(path, root)) is not None:  # GIT_DIR@REV:path (toolkit.sources)
            return Path(inside)
        base = Path(root)
        if base.is_dir():
            try:
                return file.relative_to(base)
            except ValueError:  # not below this root
                continue
    return Path(file.name)


def _po_path(path: str, locale: str, roots: Sequence[str]) -> Path:
    """A per-article PO file's place: mirrored, below a locale folder when the tree has none."""
    place = relative(path, roots)
    if place.parts[0].lower() != locale.lower():
        place = Path(check_locale(locale)) / place
    return place.with_suffix(".po")


def units_of(articles: Sequence[Article]) -> list[Unit]:
    return [unit for article in articles for unit in article_units(article)]


def iter_units(articles: Sequence[Article]) -> Iterator[Unit]:
    """Units one article at a time: writing a big corpus never holds them all (nor makes the
    garbage collector walk them)."""
    for article in articles:
        yield from article_units(article)


def _locale_error(path: str, line: int, error: UnsafePath) -> Diagnostic:
    return diagnostic(path, line, 1, "O001", f"not written: {error}")


@dataclass(frozen=True, slots=True)
class Piece:
    """One article's share of an export, rendered where the article was parsed."""

    path: str
    locale: str
    locale_line: int
    """The line of ``ms.contentlocale``, where an unusable file name comes from."""
    rendered: tuple[tuple[str, ...], ...]
    """Texts per side (Moses has two files, the others one): a single entry for the whole
    article, or one per unit when duplicates are to be dropped."""
    keys: tuple[bytes, ...]
    """With ``dedup``: each unit's (source, translation) text pair, hashed."""
    count: int
    refused: tuple[Diagnostic, ...]
    """Units the format cannot give back exactly (``T009``)."""
    units: tuple[Unit, ...] = ()
    """A PO compendium's units: its header and message contexts need the whole locale."""
    written: tuple[str, Path] | None = None
    """A file per article (PO), written where the article was parsed: its temporary name and
    its path, for the tree to adopt."""
    unsafe: str = ""
    """Why no file could be named for the article (its ``O001``)."""


@dataclass(frozen=True, slots=True)
class ExportPart:
    """The per-article work of one format's export (see :mod:`toolkit.work`): made by
    :meth:`ExportSink.part`, which gives a format with a file per article the
    :class:`~toolkit.outputs.Outlet` to write it through."""

    format: str
    options: Options
    outlet: Outlet | None = None

    def __call__(self, article: Article) -> Piece:
        return self.piece(article, article_units(article))

    def piece(self, article: Article, units: Iterable[Unit]) -> Piece:
        """The piece of the article's units (made once for several formats)."""
        form = FORMATS[self.format]
        kept: list[Unit] = []
        refused = []
        for unit in units:
            reason = form.refuses(unit)
            if reason:
                target = unit.target
                message = f"segment {target.segment} is left out of the {form.name} export: {reason}"
                refused.append(diagnostic(target.path, target.line or 1, target.column or 1, "T009", printable(message)))
            else:
                kept.append(unit)
        line = _key_line(article, "ms.contentlocale")
        if form.per_article and self.options.compendium:
            return Piece(article.path, article.locale, line, (), (), len(kept), tuple(refused), tuple(kept))
        if self.outlet is not None:
            text = form.fragment(kept, self._writer(article.locale, 1))
            try:
                written = self.outlet.write(text, form.name, str(_po_path(article.path, article.locale, self.options.roots)))
            except UnsafePath as error:
                return Piece(article.path, article.locale, line, (), (), 0, tuple(refused), unsafe=str(error))
            return Piece(article.path, article.locale, line, (), (), len(kept), tuple(refused), written=written)
        sides = [self._writer(article.locale, side) for side in ((0, 1) if form.per_side else (1,))]
        if self.options.dedup:
            rendered = tuple(tuple(form.fragment([unit], writer) for writer in sides) for unit in kept)
            keys = tuple(_pair_key(unit) for unit in kept)
        else:
            rendered, keys = (tuple(form.fragment(kept, writer) for writer in sides),), ()
        return Piece(article.path, article.locale, line, rendered, keys, len(kept), tuple(refused))

    def _writer(self, locale: str, side: int) -> WriterOptions:
        return WriterOptions(locale, self.options.compendium, self.options.mt_fuzzy, self.options.dedup, side)


@dataclass(frozen=True, slots=True)
class Exports:
    """Several formats' pieces of an article, from one list of its units."""

    parts: tuple[ExportPart, ...]

    def __call__(self, article: Article) -> tuple[Piece, ...]:
        units = article_units(article)
        return tuple(part.piece(article, units) for part in self.parts)


def _pair_key(unit: Unit) -> bytes:
    source, target = unit.source.inline.text, unit.target.inline.text
    text = f"{len(source)}:{source}{target}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


class _Document:
    """One locale's file (Moses: two) being written: head first, fragments as they come, tail last."""

    def __init__(self, form: Format, tree: OutputTree, names: Sequence[str], writer: WriterOptions) -> None:
        self.form = form
        self.sides = [replace(writer, side=side) for side in range(len(names))] if form.per_side else [writer]
        self.paths = [tree.path(form.name, name) for name in names]
        self._stacks = [ExitStack() for _name in names]  # closed in order: files land in order
        self._streams = [stack.enter_context(tree.text(form.name, name)) for stack, name in zip(self._stacks, names, strict=True)]
        for stream, side in zip(self._streams, self.sides, strict=True):
            stream.write(form.head(side))
        self.units = self._fragments = 0
        self._seen: set[bytes] = set()

    def add(self, piece: Piece) -> int:
        """Write the piece; returns how many of its units were left out as duplicates (``dedup``)."""
        if not piece.keys:
            if piece.count:
                self.units += piece.count
                self._write(piece.rendered[0])
            return 0
        dropped = 0
        for key, texts in zip(piece.keys, piece.rendered, strict=True):
            if key in self._seen:
                dropped += 1
            else:
                self._seen.add(key)
                self.units += 1
                self._write(texts)
        return dropped

    def _write(self, texts: tuple[str, ...]) -> None:
        self._fragments += 1
        for stream, text in zip(self._streams, texts, strict=True):
            stream.write(self.form.placed(text, self._fragments))

    def close(self) -> None:
        for stream, side in zip(self._streams, self.sides, strict=True):
            stream.write(self.form.tail(side, self.units))
        for stack in self._stacks:
            stack.close()

    def abandon(self, kind: Any, error: Any, trace: Any) -> None:
        """Remove the unfinished files (the run failed)."""
        for stack in self._stacks:
            stack.__exit__(kind, error, trace)


class ExportSink:
    """The joining side of an export: takes each article's :class:`Piece` (in path order) and
    writes the files under ``OUT/<format>/``; one locale's file stays open until the end, so
    what is held in memory is a few open files, not the corpus (a PO compendium keeps its
    units in a :class:`~toolkit.spool.Spool` until its locale is complete). A file per
    article is written by the part (:meth:`part`) where the article is parsed; the sink
    only counts it."""

    def __init__(self, name: str, tree: OutputTree, options: Options) -> None:
        self.form = FORMATS[name]
        self.tree = tree
        self.options = options
        self._documents: dict[str, _Document] = {}
        self._first: dict[str, str] = {}
        """Each locale and its first path: files are finished in the order of both."""
        self._unusable: dict[str, UnsafePath] = {}
        self._spool: Spool[tuple[Unit, ...]] | None = None
        self._files: list[Path] = []
        self._units = self._dropped = 0
        self._refused: list[Diagnostic] = []
        self._left_out: list[Diagnostic] = []

    def __enter__(self) -> ExportSink:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is not None:
            for document in self._documents.values():
                document.abandon(kind, error, trace)
        if self._spool is not None:
            self._spool.close()

    def add(self, piece: Piece) -> None:
        self._left_out += piece.refused
        self._first.setdefault(piece.locale, piece.path)
        try:
            if self.form.per_article and self.options.compendium:
                self._usable(piece.locale)
                self._spool = self._spool or Spool()
                self._spool.add(piece.locale, piece.units)
            elif self.form.per_article:
                self._adopt(piece)
            else:
                self._dropped += self._document(piece.locale).add(piece)
        except UnsafePath as error:
            self._refused.append(_locale_error(piece.path, piece.locale_line, error))

    def part(self) -> ExportPart:
        """The per-article work whose pieces this sink takes: a file per article is written
        where the article is parsed, and only its name comes here."""
        outlet = self.tree.outlet() if self.form.per_article and not self.options.compendium else None
        return ExportPart(self.form.name, self.options, outlet)

    def _adopt(self, piece: Piece) -> None:
        """Take in the file a worker wrote (in path order: of two articles that would write
        one file, the later is refused)."""
        if piece.unsafe:
            raise UnsafePath(piece.unsafe)
        assert piece.written is not None, "a file per article is written by the part of ExportSink.part"
        self._files.append(self.tree.adopt(*piece.written))
        self._units += piece.count

    def _usable(self, locale: str) -> str:
        """The locale as a file-name part (:class:`UnsafePath` when it is not a BCP 47 tag)."""
        if locale in self._unusable:
            raise self._unusable[locale]
        try:
            return check_locale(locale)
        except UnsafePath as error:
            self._unusable[locale] = error
            raise

    def _document(self, locale: str) -> _Document:
        document = self._documents.get(locale)
        if document is None:
            usable = self._usable(locale)
            base = pair_name(usable)
            names = (
                [f"{base}.{side}" for side in (SOURCE_LOCALE, usable)] if self.form.per_side else [base + self.form.suffixes[0]]
            )
            document = self._documents[locale] = _Document(self.form, self.tree, names, self._writer(locale))
        return document

    def _writer(self, locale: str) -> WriterOptions:
        return WriterOptions(locale, self.options.compendium, self.options.mt_fuzzy, self.options.dedup)

    def close(self) -> Written:
        """Finish every file (locales in order) and say what was written."""
        for locale in sorted(self._first, key=lambda each: (each.lower(), self._first[each])):
            document = self._documents.pop(locale, None)
            if document is not None:
                document.close()
                self._files += document.paths
                self._units += document.units
            if self._spool is not None and locale in self._spool:
                units = [unit for batch in self._spool.values(locale) for unit in batch]
                name = pair_name(locale) + self.form.suffixes[0]
                self._files.append(self.tree.path(self.form.name, name))
                with self.tree.text(self.form.name, name) as stream:
                    self._units += self.form.write(units, stream, self._writer(locale))
        return Written(self.form.name, tuple(self._files), self._units, self._dropped, (*self._refused, *self._left_out))


def export(name: str, articles: Sequence[Article], out: OutputTree | Path, options: Options) -> Written:
    """Write one format under ``OUT/<name>/``: a file per locale pair (Moses: two), or PO per article."""
    with as_tree(out, "export") as tree, ExportSink(name, tree, options) as sink:
        part = sink.part()
        for article in sorted(articles, key=lambda a: a.path):
            sink.add(part(article))
        return sink.close()


Exporter = Callable[[Sequence[Article], OutputTree | Path, Options], Written]
"""An export: the articles, where to write (a tree being written, or a folder that becomes
one, manifest included), the options."""


def _exporter(name: str) -> Exporter:
    return lambda articles, out, options: export(name, articles, out, options)


EXPORTERS: dict[str, Exporter] = {name: _exporter(name) for name in FORMATS}
"""Each format of :data:`toolkit.formats.FORMATS` as ``(articles, out, options) -> Written``."""
