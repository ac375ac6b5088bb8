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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from toolkit.diagnostics import diagnostic
from toolkit.formats import FORMATS, Format
from toolkit.formats.units import Options as WriterOptions
from toolkit.formats.units import Unit, article_units, printable
from toolkit.model import SOURCE_LOCALE, Article, Diagnostic
from toolkit.outputs import OutputTree, UnsafePath, as_tree, check_locale
from toolkit.sources import relative as git_relative


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


class _Accepted:
    """The units a format can carry exactly; the others become located messages."""

    def __init__(self, form: Format) -> None:
        self.form = form
        self.refused: list[Diagnostic] = []

    def __call__(self, units: Iterable[Unit]) -> Iterator[Unit]:
        for unit in units:
            reason = self.form.refuses(unit)
            if reason:
                target = unit.target
                self.refused.append(
                    diagnostic(
                        target.path,
                        target.line or 1,
                        target.column or 1,
                        "T009",
                        printable(f"segment {target.segment} is left out of the {self.form.name} export: {reason}"),
                    )
                )
            else:
                yield unit


def _batches(
    name: str,
    articles: Sequence[Article],
    options: Options,
) -> Iterator[tuple[list[Article], str, Callable[[], str], Iterable[Unit]]]:
    """(articles, locale, file name below OUT/<name>/ (may raise UnsafePath), units) for each file."""
    form = FORMATS[name]
    for locale, group in by_locale(articles).items():
        if name == "po" and not options.compendium:
            for article in group:
                yield [article], locale, partial(_po_file, article, options.roots), article_units(article)
        elif form.per_side:
            yield group, locale, partial(_pair_file, locale, ""), units_of(group)
        else:
            yield group, locale, partial(_pair_file, locale, form.suffixes[0]), iter_units(group)


def _po_file(article: Article, roots: Sequence[str]) -> str:
    return str(_po_path(article, roots))


def _pair_file(locale: str, suffix: str) -> str:
    return pair_name(check_locale(locale)) + suffix


def export(name: str, articles: Sequence[Article], out: OutputTree | Path, options: Options) -> Written:
    """Write one format under ``OUT/<name>/``: a file per locale pair (Moses: two), or PO per article."""
    with as_tree(out, "export") as tree:
        return _export(FORMATS[name], articles, tree, options)


def _export(form: Format, articles: Sequence[Article], tree: OutputTree, options: Options) -> Written:
    accepted = _Accepted(form)
    files: list[Path] = []
    count = offered = 0
    refused: list[Diagnostic] = []
    for group, locale, file_name, units in _batches(form.name, articles, options):
        writer = WriterOptions(locale, options.compendium, options.mt_fuzzy, options.dedup)
        try:
            base = file_name()
            names = [f"{base}.{side}" for side in (SOURCE_LOCALE, check_locale(locale))] if form.per_side else [base]
            files += [tree.path(form.name, each) for each in names]
        except UnsafePath as error:
            refused += refusal(group, error)
            continue
        kept: Iterable[Unit] = list(accepted(units)) if options.dedup or form.per_side else accepted(units)
        offered += len(kept) if isinstance(kept, list) else 0
        for side, each in enumerate(names):
            with tree.text(form.name, each) as stream:
                written = form.write(kept, stream, replace(writer, side=side) if form.per_side else writer)
        count += written
    dropped = offered - count if options.dedup else 0
    return Written(form.name, tuple(files), count, dropped, (*refused, *accepted.refused))


Exporter = Callable[[Sequence[Article], OutputTree | Path, Options], Written]
"""An export: the articles, where to write (a tree being written, or a folder that becomes
one, manifest included), the options."""


def _exporter(name: str) -> Exporter:
    return lambda articles, out, options: export(name, articles, out, options)


EXPORTERS: dict[str, Exporter] = {name: _exporter(name) for name in FORMATS}
"""Each format of :data:`toolkit.formats.FORMATS` as ``(articles, out, options) -> Written``."""
