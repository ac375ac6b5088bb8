"""The multilingual translation memory: one unit per English sentence, one variant per locale.

Built on :class:`toolkit.align.locales.Aligner`; each article's variants are rendered by the
TMX writer of :mod:`toolkit.formats.tmx` where the article is parsed (:class:`MultilingualPart`),
so the process that aligns them holds one article's locales at a time, as strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.align.locales import AlignedUnit, Aligner, CrossAlignment, Packed, Version, packed, version_of
from toolkit.export import Written
from toolkit.formats import tmx
from toolkit.formats.units import Variant, article_props, tmx_date
from toolkit.model import SOURCE_LOCALE, Article
from toolkit.outputs import TEXT_ERRORS, OutputTree, as_tree

FILE_NAME = "multilingual.tmx"


@dataclass(frozen=True, slots=True)
class MultilingualPart:
    """An article as the alignment sees it, each segment carrying its block kind, its English
    ``<tuv>`` and its translation's ``<tuv>`` (see :mod:`toolkit.work`), packed where it is made."""

    def __call__(self, article: Article) -> Packed:
        return packed(self.version(article))

    def version(self, article: Article) -> Version:
        props = article_props(article)
        rendered = (
            (
                s.block.kind.value,
                tmx.dumps_variant(Variant(SOURCE_LOCALE, s.source)),
                tmx.dumps_variant(Variant(article.locale, s.target, s.id, article.path, props)),
            )
            for s in article.segments
        )
        return version_of(article, rendered, tmx_date(article.metadata.get("ms.date")))


def dumps_units(units: Iterable[AlignedUnit]) -> str:
    """The ``<tu>``s of aligned units: the en-US source first, then each locale's translation."""
    written = []
    for unit in units:
        first = unit.translations[0]
        block, english, _ = first.segment.payload
        variants = [english, *(t.segment.payload[2] for t in unit.translations)]
        written.append(tmx.dumps_rendered(unit.id, unit.article, block, first.version.payload, variants))
    return "".join(written)


def _encoded(units: list[AlignedUnit]) -> tuple[bytes, int]:
    """An article's ``<tu>``s as the file holds them (made where the article is aligned), and how many."""
    return _bytes(dumps_units(units)), len(units)


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", TEXT_ERRORS)  # what a text output of the tree writes


def write_multilingual(versions: Iterable[Version | Packed], out: OutputTree, jobs: int = 1) -> tuple[Written, CrossAlignment]:
    """``OUT/tmx/multilingual.tmx`` from the versions :class:`MultilingualPart` made, and how
    they aligned; with ``jobs > 1`` the articles are aligned and written out side by side in
    worker processes of this machine (see :meth:`Aligner.settled`)."""
    with Aligner(shared=jobs > 1) as aligner:
        for version in versions:
            aligner.add(version)
        count = 0
        with out.binary("tmx", FILE_NAME) as stream:
            stream.write(_bytes(tmx.header()))
            for data, units in aligner.settled(_encoded, jobs=jobs):
                stream.write(data)
                count += units
            stream.write(_bytes(tmx.FOOTER))
    written = Written("tmx (multilingual)", (out.root / "tmx" / FILE_NAME,), count)
    return written, aligner.summary()


def export_multilingual_tmx(articles: Sequence[Article], out: OutputTree | Path) -> tuple[Written, CrossAlignment]:
    """:func:`write_multilingual` of articles already parsed."""
    part = MultilingualPart()
    with as_tree(out, "export") as tree:
        return write_multilingual((part(a) for a in sorted(articles, key=lambda a: a.path)), tree)
