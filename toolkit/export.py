"""Exports of parsed articles to translation-memory and MT-training files, laid out on disk.

:func:`export` takes a format's name (:data:`toolkit.formats.FORMATS`), the articles, the
output tree (:class:`toolkit.outputs.OutputTree`: files whole or not at all, only under
``-o``) and the :class:`Options`, writes the files under ``OUT/<format>/`` and returns what
it wrote (:class:`Written`); the format modules only know streams and units. A file whose
name cannot be made safely (a locale that is not a BCP 47 tag) is left out with a located
error, a unit the format cannot give back exactly with a located ``T009`` warning, and the
export goes on. Files come in a fixed order (locales, then paths), so two exports of the
same input are byte-identical.

Who writes what (the same on every engine, see :mod:`toolkit.engines`): the task that parses
an article renders it (:class:`ExportPart`) and writes it under a temporary name: a PO file
of its own, or, with the articles of its batch and locale, a *fragment* of its locale's file
(one file per batch, not per article: a file costs far more to remove than to write). The
driver (:class:`ExportSink`) takes the pieces in path order, adopts the PO files and renames
each fragment to its number among its locale's; then a task per locale file
(:func:`write_locale`) writes the head, the fragments in that order and the tail, and the
driver adopts the file. Text never passes through the driver, and one locale's articles are
spread over every worker like any others.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from toolkit.corpus import run
from toolkit.diagnostics import diagnostic
from toolkit.formats import FORMATS, Format
from toolkit.formats.units import Options as WriterOptions
from toolkit.formats.units import Unit, article_units, printable
from toolkit.model import SOURCE_LOCALE, Article, Diagnostic
from toolkit.outputs import (
    Outlet,
    OutputTree,
    UnsafePath,
    as_tree,
    check_locale,
    discard_fragments,
    fragment,
    temporary_text,
)
from toolkit.sources import relative as git_relative
from toolkit.spool import dumps


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
    """What an article's task hands back for one format: counts, diagnostics and the name of
    the file it wrote; the text stays on disk."""

    path: str
    locale: str
    locale_line: int
    """The line of ``ms.contentlocale``, where an unusable file name comes from."""
    count: int
    refused: tuple[Diagnostic, ...]
    """Units the format cannot give back exactly (``T009``)."""
    written: tuple[str, Path] | None = None
    """The file the task wrote, its temporary name and the path of the file it is for: a PO
    file per article, or the fragment of its locale's file that holds the shares of the
    locale's articles of the batch (named by the first of them, see :meth:`ExportPart.settle`)."""
    unsafe: str = ""
    """Why no file could be named for the article (its ``O001``)."""
    share: Share | tuple[Unit, ...] | None = None
    """The article's share of its locale's file until the batch is settled: it never travels."""


Share = tuple[int, tuple[tuple[str, ...], ...], tuple[bytes, ...]]
"""An article's share of its locale's file: how many units; their texts per side (Moses has
two files, the others one), one entry for the whole article, or one per unit when duplicates
are to be dropped; and then each unit's (source, translation) text pair, hashed. A PO
compendium's share is the units themselves. A fragment is a list of shares."""


@dataclass(frozen=True, slots=True)
class ExportPart:
    """The per-article work of one format's export (see :mod:`toolkit.work`), made by
    :meth:`ExportSink.part`: it renders the article and writes it through the tree's
    :class:`~toolkit.outputs.Outlet`, as a file of its own (PO), or, with the other articles
    of its batch and locale (:meth:`settle`), as a fragment of its locale's file, which a task
    of :func:`write_locale` joins."""

    format: str
    options: Options
    outlet: Outlet

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
        locale = article.locale
        try:
            if form.per_article and not self.options.compendium:
                text = form.fragment(kept, self._writer(locale, 1))
                written = self.outlet.write(text, form.name, str(_po_path(article.path, locale, self.options.roots)))
                return Piece(article.path, locale, line, len(kept), tuple(refused), written)
            file_names(form, locale)
        except UnsafePath as error:
            return Piece(article.path, locale, line, 0, tuple(refused), unsafe=str(error))
        share = self._share(form, locale, kept) if kept else None
        return Piece(article.path, locale, line, len(kept), tuple(refused), share=share)

    def settle(self, pieces: list[Piece]) -> list[Piece]:
        """A batch's pieces as they travel (see :func:`toolkit.work.settle`): the shares of
        each locale's articles written to one fragment, named by the first of them."""
        form = FORMATS[self.format]
        groups: dict[str, list[int]] = {}
        for index, piece in enumerate(pieces):
            if piece.share is not None:
                groups.setdefault(piece.locale, []).append(index)
        settled = list(pieces)
        for locale, indexes in groups.items():
            fragment = dumps([pieces[index].share for index in indexes])
            try:
                written: tuple[str, Path] | None = self.outlet.write(fragment, form.name, file_names(form, locale)[0])
            except UnsafePath as error:
                for index in indexes:
                    settled[index] = replace(pieces[index], count=0, share=None, unsafe=str(error))
                continue
            for index in indexes:
                settled[index] = replace(pieces[index], share=None, written=written)
                written = None
        return settled

    def _share(self, form: Format, locale: str, kept: list[Unit]) -> Share | tuple[Unit, ...]:
        if form.per_article:  # a PO compendium: its header and message contexts need the whole locale
            return tuple(kept)
        sides = [self._writer(locale, side) for side in ((0, 1) if form.per_side else (1,))]
        if self.options.dedup:
            rendered = tuple(tuple(form.fragment([unit], writer) for writer in sides) for unit in kept)
            return len(kept), rendered, tuple(_pair_key(unit) for unit in kept)
        return len(kept), (tuple(form.fragment(kept, writer) for writer in sides),), ()

    def _writer(self, locale: str, side: int) -> WriterOptions:
        return WriterOptions(locale, self.options.compendium, self.options.mt_fuzzy, self.options.dedup, side)


@dataclass(frozen=True, slots=True)
class Exports:
    """Several formats' pieces of an article, from one list of its units."""

    parts: tuple[ExportPart, ...]

    def __call__(self, article: Article) -> tuple[Piece, ...]:
        units = article_units(article)
        return tuple(part.piece(article, units) for part in self.parts)

    def settle(self, results: list[tuple[Piece, ...]]) -> list[tuple[Piece, ...]]:
        """A batch's pieces as they travel, each format's settled by its part."""
        settled = [part.settle([pieces[number] for pieces in results]) for number, part in enumerate(self.parts)]
        return list(zip(*settled, strict=True)) if results else []


def _pair_key(unit: Unit) -> bytes:
    source, target = unit.source.inline.text, unit.target.inline.text
    text = f"{len(source)}:{source}{target}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


def file_names(form: Format, locale: str) -> tuple[str, ...]:
    """The names of a locale's file (Moses: one per side); :class:`UnsafePath` for a locale
    that is not a BCP 47 tag."""
    base = pair_name(check_locale(locale))
    return (f"{base}.{SOURCE_LOCALE}", f"{base}.{locale}") if form.per_side else (base + form.suffixes[0],)


@dataclass(frozen=True, slots=True)
class LocaleFile:
    """The task that writes one locale's file (Moses: its two files) where it runs, from the
    fragments its articles' tasks wrote (see :meth:`~toolkit.outputs.OutputTree.stage`)."""

    format: str
    paths: tuple[Path, ...]
    fragments: int
    writer: WriterOptions


@dataclass(frozen=True, slots=True)
class LocaleWritten:
    """What a :class:`LocaleFile` task hands back: its files (temporary name, path) and counts."""

    files: tuple[tuple[str, Path], ...]
    units: int
    dropped: int


def write_locale(task: LocaleFile) -> LocaleWritten:
    """Join a locale's fragments, in path order, into its file under a temporary name (runs on
    a worker; a task run again writes a new one, and only the one the driver adopts stays).
    Exact duplicates (``dedup``) are dropped across the whole locale, so the task keeps the
    keys of the locale's distinct pairs; nothing else of the locale is held at once, but a
    PO compendium, whose header and message contexts need every unit of it."""
    form = FORMATS[task.format]
    shares = (share for number in range(1, task.fragments + 1) for share in _load(fragment(task.paths[0], number)))
    with ExitStack() as stack:
        opened = [stack.enter_context(temporary_text(path)) for path in task.paths]
        streams = [stream for stream, _temporary in opened]
        if form.per_article:
            units, dropped = form.write([unit for units in shares for unit in units], streams[0], task.writer), 0
        else:
            units, dropped = _join(form, streams, task.writer, shares)
    files = tuple((temporary, path) for (_stream, temporary), path in zip(opened, task.paths, strict=True))
    return LocaleWritten(files, units, dropped)


def _load(path: Path) -> Any:
    with open(path, "rb") as file:
        return pickle.load(file)


def _join(form: Format, streams: Sequence[TextIO], writer: WriterOptions, shares: Iterable[Share]) -> tuple[int, int]:
    """Head, the articles' shares (as their document's n-th: XLIFF numbers its ``<file>``s),
    tail; how many units were written and how many dropped as duplicates."""
    sides = [replace(writer, side=side) for side in range(len(streams))] if form.per_side else [writer]
    for stream, side in zip(streams, sides, strict=True):
        stream.write(form.head(side))
    seen: set[bytes] = set()
    units = dropped = number = 0
    for count, rendered, keys in shares:
        for index, texts in enumerate(rendered):
            if keys:
                if keys[index] in seen:
                    dropped += 1
                    continue
                seen.add(keys[index])
            units += 1 if keys else count
            number += 1
            for stream, text in zip(streams, texts, strict=True):
                stream.write(form.placed(text, number))
    for stream, side in zip(streams, sides, strict=True):
        stream.write(form.tail(side, units))
    return units, dropped


class ExportSink:
    """The driver's side of an export: takes each article's :class:`Piece` (settled, in path
    order), adopts a file per article (PO) and numbers each locale's fragments as they come;
    at the end a task per locale file joins them (:func:`finish`). What it holds is a few
    counts per locale, not the corpus."""

    def __init__(self, name: str, tree: OutputTree, options: Options) -> None:
        self.form = FORMATS[name]
        self.tree = tree
        self.options = options
        self._paths: dict[str, tuple[Path, ...]] = {}
        """Each locale's file (Moses: files)."""
        self._first: dict[str, str] = {}
        """Each locale and its first path: files are finished in the order of both."""
        self._fragments: dict[str, int] = {}
        self._files: list[Path] = []
        self._units = self._dropped = 0
        self._refused: list[Diagnostic] = []
        self._left_out: list[Diagnostic] = []

    def add(self, piece: Piece) -> None:
        assert piece.share is None, "pieces travel settled (ExportPart.settle)"
        self._left_out += piece.refused
        try:
            if piece.unsafe:
                raise UnsafePath(piece.unsafe)
            if self.form.per_article and not self.options.compendium:
                self._adopt(piece)
            else:
                self._stage(piece)
        except UnsafePath as error:
            self._refused.append(_locale_error(piece.path, piece.locale_line, error))

    def part(self) -> ExportPart:
        """The per-article work whose pieces this sink takes."""
        return ExportPart(self.form.name, self.options, self.tree.outlet())

    def _adopt(self, piece: Piece) -> None:
        """Take in the file a worker wrote (in path order: of two articles that would write
        one file, the later is refused)."""
        assert piece.written is not None, "a file per article is written by the part of ExportSink.part"
        self._files.append(self.tree.adopt(*piece.written))
        self._units += piece.count

    def _stage(self, piece: Piece) -> None:
        """Number the fragment the piece names (if any) after those of its locale so far."""
        locale = piece.locale
        if locale not in self._paths:
            try:
                self._paths[locale] = tuple(self.tree.path(self.form.name, name) for name in file_names(self.form, locale))
            except UnsafePath:
                if piece.written is not None:
                    with suppress(OSError):
                        os.unlink(piece.written[0])
                raise
            self._first[locale] = piece.path
        if piece.written is not None:
            number = self._fragments[locale] = self._fragments.get(locale, 0) + 1
            self.tree.stage(piece.written[0], self._paths[locale][0], number)

    def tasks(self) -> list[LocaleFile]:
        """A :class:`LocaleFile` task per locale, locales in order."""
        locales = sorted(self._paths, key=lambda each: (each.lower(), self._first[each]))
        return [
            LocaleFile(self.form.name, self._paths[each], self._fragments.get(each, 0), self._writer(each)) for each in locales
        ]

    def _writer(self, locale: str) -> WriterOptions:
        return WriterOptions(locale, self.options.compendium, self.options.mt_fuzzy, self.options.dedup)

    def finished(self, tasks: Sequence[LocaleFile], results: Iterable[LocaleWritten]) -> Written:
        """Adopt each locale's file as its task wrote it, and say what was written."""
        for task, result in zip(tasks, results, strict=True):
            for temporary, path in result.files:
                self._files.append(self.tree.adopt(temporary, path))
            self._units += result.units
            self._dropped += result.dropped
            discard_fragments(task.paths[0], task.fragments)
        return Written(self.form.name, tuple(self._files), self._units, self._dropped, (*self._refused, *self._left_out))


def finish(sinks: Sequence[ExportSink], jobs: int = 1) -> list[Written]:
    """Every locale file of every sink, each written by a task where it runs (the engine's
    workers, or ``jobs`` processes of this machine), and what each sink wrote."""
    tasks = [sink.tasks() for sink in sinks]
    results = run(write_locale, [task for each in tasks for task in each], jobs=jobs)
    return [sink.finished(each, islice(results, len(each))) for sink, each in zip(sinks, tasks, strict=True)]


def export(name: str, articles: Sequence[Article], out: OutputTree | Path, options: Options) -> Written:
    """Write one format under ``OUT/<name>/``: a file per locale pair (Moses: two), or PO per article."""
    with as_tree(out, "export") as tree:
        sink = ExportSink(name, tree, options)
        part = sink.part()
        for piece in part.settle([part(article) for article in sorted(articles, key=lambda a: a.path)]):
            sink.add(piece)
        return finish([sink])[0]


Exporter = Callable[[Sequence[Article], OutputTree | Path, Options], Written]
"""An export: the articles, where to write (a tree being written, or a folder that becomes
one, manifest included), the options."""


def _exporter(name: str) -> Exporter:
    return lambda articles, out, options: export(name, articles, out, options)


EXPORTERS: dict[str, Exporter] = {name: _exporter(name) for name in FORMATS}
"""Each format of :data:`toolkit.formats.FORMATS` as ``(articles, out, options) -> Written``."""
