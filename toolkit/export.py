"""Exports of parsed articles to translation-memory and MT-training files, laid out on disk.

Each exporter takes the articles, the output tree (:class:`toolkit.outputs.OutputTree`:
files whole or not at all, only under ``-o``) and the :class:`Options`, writes its files
under ``OUT/<format>/`` and returns what it wrote (:class:`Written`); the format modules
only know streams and units. A file whose name cannot be made safely (a locale that is not
a BCP 47 tag) is left out with a located error, and the export goes on. Files come in a fixed order (locales, then paths), so
two exports of the same input are byte-identical.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from toolkit.diagnostics import diagnostic
from toolkit.formats import jsonl, moses, po, tmx, xliff
from toolkit.formats.units import Unit, article_units
from toolkit.model import SOURCE_LOCALE, Article, Diagnostic
from toolkit.outputs import OutputTree, UnsafePath, as_tree, check_locale


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
    """Articles left out because no safe file name could be made for them."""

    def summary(self) -> str:
        dropped = f", {self.dropped} duplicate pairs dropped" if self.dropped else ""
        refused = f", {len(self.refused)} articles refused" if self.refused else ""
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
        base = Path(root)
        if base.is_dir() and file.is_relative_to(base):
            return file.relative_to(base)
    return Path(file.name)


def _po_path(article: Article, roots: Sequence[str]) -> Path:
    """A per-article PO file's place: mirrored, below a locale folder when the tree has none."""
    path = relative(article.path, roots)
    if path.parts[0].lower() != article.locale.lower():
        path = Path(check_locale(article.locale)) / path
    return path.with_suffix(".po")


def units_of(articles: Sequence[Article]) -> list[Unit]:
    return [unit for article in articles for unit in article_units(article)]


def iter_units(articles: Sequence[Article]) -> Iterator[Unit]:
    """Units one article at a time: writing a big corpus never holds them all (nor makes the
    garbage collector walk them)."""
    for article in articles:
        yield from article_units(article)


Exporter = Callable[[Sequence[Article], OutputTree | Path, Options], Written]
"""An export: the articles, where to write (a tree being written, or a folder that becomes
one, manifest included), the options."""


def _into_tree(export: Callable[[Sequence[Article], OutputTree, Options], Written]) -> Exporter:
    @functools.wraps(export)
    def exporter(articles: Sequence[Article], out: OutputTree | Path, options: Options) -> Written:
        with as_tree(out, "export") as tree:
            return export(articles, tree, options)

    return exporter


PairWriter = Callable[[list[Article], IO[str], str, Options], tuple[int, int]]


def _per_locale(name: str, suffix: str, write: PairWriter, articles: Sequence[Article], out: OutputTree,
                options: Options) -> Written:
    """One file per locale pair, ``OUT/<name>/en-US_<locale><suffix>``."""
    files, count, dropped, refused = [], 0, 0, []
    for locale, group in by_locale(articles).items():
        try:
            path = out.path(name, f"{pair_name(check_locale(locale))}{suffix}")
        except UnsafePath as error:
            refused += refusal(group, error)
            continue
        with out.text(name, path.name) as stream:
            written, skipped = write(group, stream, locale, options)
        files.append(path)
        count += written
        dropped += skipped
    return Written(name, tuple(files), count, dropped, tuple(refused))


@_into_tree
def export_tmx(articles: Sequence[Article], out: OutputTree, options: Options) -> Written:
    """One TMX per locale pair (en-US to the locale)."""
    return _per_locale("tmx", ".tmx", lambda group, stream, _locale, _options: (tmx.write_tmx(iter_units(group), stream), 0),
                       articles, out, options)


@_into_tree
def export_po(articles: Sequence[Article], out: OutputTree, options: Options) -> Written:
    """One PO per article mirroring the tree, or one compendium per locale."""
    files, count, refused = [], 0, []
    for locale, group in by_locale(articles).items():
        if options.compendium:
            try:
                path = out.path("po", f"{pair_name(check_locale(locale))}.po")
            except UnsafePath as error:
                refused += refusal(group, error)
                continue
            catalog = po.compendium(group, mt_fuzzy=options.mt_fuzzy)
            files.append(out.write(str(catalog), "po", path.name))
            count += len(catalog)
            continue
        for article in group:
            try:
                name = str(_po_path(article, options.roots))
                out.path("po", name)
            except UnsafePath as error:
                refused += refusal([article], error)
                continue
            catalog = po.article_catalog(article, mt_fuzzy=options.mt_fuzzy)
            files.append(out.write(str(catalog), "po", name))
            count += len(catalog)
    return Written("po", tuple(files), count, refused=tuple(refused))


@_into_tree
def export_xliff(articles: Sequence[Article], out: OutputTree, options: Options) -> Written:
    """One XLIFF 2 document per locale pair, one ``<file>`` per article."""
    return _per_locale("xliff", ".xlf", lambda group, stream, locale, _options: (xliff.write_xliff(group, stream, locale), 0),
                       articles, out, options)


@_into_tree
def export_jsonl(articles: Sequence[Article], out: OutputTree, options: Options) -> Written:
    """One JSON Lines file of pairs per locale pair."""
    return _per_locale("jsonl", ".jsonl",
                       lambda group, stream, _locale, options: jsonl.write_pairs(iter_units(group), stream, options.dedup),
                       articles, out, options)


@_into_tree
def export_moses(articles: Sequence[Article], out: OutputTree, options: Options) -> Written:
    """Two line-aligned plain-text files per locale pair."""
    files: list[Path] = []
    count, dropped, refused = 0, 0, []
    for locale, group in by_locale(articles).items():
        try:
            names = [f"{pair_name(check_locale(locale))}.{side}" for side in (SOURCE_LOCALE, locale)]
            files += [out.path("moses", name) for name in names]
        except UnsafePath as error:
            refused += refusal(group, error)
            continue
        with ExitStack() as stack:
            source, target = (stack.enter_context(out.text("moses", name)) for name in names)
            written, skipped = moses.write_moses(units_of(group), source, target, dedup=options.dedup)
        count += written
        dropped += skipped
    return Written("moses", tuple(files), count, dropped, tuple(refused))


EXPORTERS: dict[str, Exporter] = {
    "tmx": export_tmx,
    "po": export_po,
    "xliff": export_xliff,
    "jsonl": export_jsonl,
    "moses": export_moses,
}
