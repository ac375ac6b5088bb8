"""The multilingual translation memory: one unit per English sentence, one variant per locale.

Built on :func:`toolkit.align.align_locales`; written by the TMX writer of
:mod:`toolkit.formats.tmx`, which takes units with any number of variants.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from toolkit.align.locales import CrossAlignment, align_locales
from toolkit.export import Written
from toolkit.formats import tmx
from toolkit.formats.units import Unit, Variant, article_props, tmx_date
from toolkit.model import SOURCE_LOCALE, Article
from toolkit.outputs import OutputTree, as_tree

FILE_NAME = "multilingual.tmx"


def multilingual_units(aligned: CrossAlignment) -> Iterator[Unit]:
    """Units with the en-US source first, then each locale's translation."""
    for unit in aligned.units:
        first = unit.translations[0]
        variants = [Variant(SOURCE_LOCALE, first.segment.source)]
        variants += (
            Variant(t.locale, t.segment.target, t.segment.id, t.article.path, article_props(t.article)) for t in unit.translations
        )
        yield Unit(
            unit.id,
            unit.article,
            tuple(variants),
            first.segment.block.kind.value,
            tmx_date(first.article.metadata.get("ms.date")),
        )


def export_multilingual_tmx(articles: Sequence[Article], out: OutputTree | Path) -> tuple[Written, CrossAlignment]:
    """``OUT/tmx/multilingual.tmx``, and the alignment it was made from."""
    aligned = align_locales(articles)
    with as_tree(out, "export") as tree, tree.text("tmx", FILE_NAME) as stream:
        count = tmx.write_tmx(multilingual_units(aligned), stream)
    return Written("tmx (multilingual)", (tree.root / "tmx" / FILE_NAME,), count), aligned
