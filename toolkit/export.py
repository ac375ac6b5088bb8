"""Exports of parsed articles to translation-memory and MT-training files, laid out on disk.

Each exporter takes the articles, the output folder and the :class:`Options`, writes its
files under ``OUT/<format>/`` and returns what it wrote (:class:`Written`); the format
modules only know streams and units. Files come in a fixed order (locales, then paths), so
two exports of the same input are byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from toolkit.formats import jsonl, moses, po, tmx, xliff
from toolkit.formats.units import Unit, article_units
from toolkit.model import SOURCE_LOCALE, Article


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

    def summary(self) -> str:
        dropped = f", {self.dropped} duplicate pairs dropped" if self.dropped else ""
        return f"{self.format}: {self.units} units in {len(self.files)} files{dropped}"


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
        path = Path(article.locale) / path
    return path.with_suffix(".po")


def units_of(articles: Sequence[Article]) -> list[Unit]:
    return [unit for article in articles for unit in article_units(article)]


def iter_units(articles: Sequence[Article]) -> Iterator[Unit]:
    """Units one article at a time: writing a big corpus never holds them all (nor makes the
    garbage collector walk them)."""
    for article in articles:
        yield from article_units(article)


PairWriter = Callable[[list[Article], IO[str], str, Options], tuple[int, int]]


def _per_locale(name: str, suffix: str, write: PairWriter, articles: Sequence[Article], out: Path,
                options: Options) -> Written:
    """One file per locale pair, ``OUT/<name>/en-US_<locale><suffix>``."""
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    files, count, dropped = [], 0, 0
    for locale, group in by_locale(articles).items():
        path = folder / f"{pair_name(locale)}{suffix}"
        with open(path, "w", encoding="utf-8") as stream:
            written, skipped = write(group, stream, locale, options)
        files.append(path)
        count += written
        dropped += skipped
    return Written(name, tuple(files), count, dropped)


def export_tmx(articles: Sequence[Article], out: Path, options: Options) -> Written:
    """One TMX per locale pair (en-US to the locale)."""
    return _per_locale("tmx", ".tmx", lambda group, stream, _locale, _options: (tmx.write_tmx(iter_units(group), stream), 0),
                       articles, out, options)


def export_po(articles: Sequence[Article], out: Path, options: Options) -> Written:
    """One PO per article mirroring the tree, or one compendium per locale."""
    folder = out / "po"
    files, count = [], 0
    for locale, group in by_locale(articles).items():
        if options.compendium:
            path = folder / f"{pair_name(locale)}.po"
            count += po.save(po.compendium(group, mt_fuzzy=options.mt_fuzzy), path)
            files.append(path)
            continue
        for article in group:
            path = folder / _po_path(article, options.roots)
            count += po.save(po.article_catalog(article, mt_fuzzy=options.mt_fuzzy), path)
            files.append(path)
    return Written("po", tuple(files), count)


def export_xliff(articles: Sequence[Article], out: Path, options: Options) -> Written:
    """One XLIFF 2 document per locale pair, one ``<file>`` per article."""
    return _per_locale("xliff", ".xlf", lambda group, stream, locale, _options: (xliff.write_xliff(group, stream, locale), 0),
                       articles, out, options)


def export_jsonl(articles: Sequence[Article], out: Path, options: Options) -> Written:
    """One JSON Lines file of pairs per locale pair."""
    return _per_locale("jsonl", ".jsonl",
                       lambda group, stream, _locale, options: jsonl.write_pairs(iter_units(group), stream, options.dedup),
                       articles, out, options)


def export_moses(articles: Sequence[Article], out: Path, options: Options) -> Written:
    """Two line-aligned plain-text files per locale pair."""
    folder = out / "moses"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    count, dropped = 0, 0
    for locale, group in by_locale(articles).items():
        stem = folder / pair_name(locale)
        paths = (stem.with_name(f"{stem.name}.{SOURCE_LOCALE}"), stem.with_name(f"{stem.name}.{locale}"))
        with open(paths[0], "w", encoding="utf-8") as source, open(paths[1], "w", encoding="utf-8") as target:
            written, skipped = moses.write_moses(units_of(group), source, target, dedup=options.dedup)
        files.extend(paths)
        count += written
        dropped += skipped
    return Written("moses", tuple(files), count, dropped)


Exporter = Callable[[Sequence[Article], Path, Options], Written]

EXPORTERS: dict[str, Exporter] = {
    "tmx": export_tmx,
    "po": export_po,
    "xliff": export_xliff,
    "jsonl": export_jsonl,
    "moses": export_moses,
}
