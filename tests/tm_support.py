"""What the translation-memory tests share: writing each format to text and reading it back."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit.formats import jsonl, po, tmx, xliff
from toolkit.formats.units import Unit, article_units
from toolkit.model import Article, Inline


def tmx_round(articles: Sequence[Article], folder: Path) -> list[Unit]:
    path = folder / "units.tmx"
    with open(path, "w", encoding="utf-8") as stream:
        tmx.write_tmx([u for a in articles for u in article_units(a)], stream)
    return list(tmx.read_tmx(path))


def xliff_round(articles: Sequence[Article], folder: Path) -> list[Unit]:
    path = folder / "units.xlf"
    with open(path, "w", encoding="utf-8") as stream:
        xliff.write_xliff(articles, stream, articles[0].locale)
    return list(xliff.read_xliff(path))


def po_round(articles: Sequence[Article], folder: Path) -> list[Unit]:
    path = folder / "units.po"
    po.save(po.compendium(articles), path)
    return list(po.read_po(path))


def jsonl_round(articles: Sequence[Article], folder: Path) -> list[Unit]:
    stream = io.StringIO()
    jsonl.write_pairs([u for a in articles for u in article_units(a)], stream)
    return list(jsonl.read_pairs(io.StringIO(stream.getvalue())))


ROUND_TRIPS: dict[str, Callable[[Sequence[Article], Path], list[Unit]]] = {
    "tmx": tmx_round,
    "xliff": xliff_round,
    "po": po_round,
    "jsonl": jsonl_round,
}


def half(inline: Inline) -> tuple[object, ...]:
    return inline.text, inline.codes


def unit_key(unit: Unit) -> tuple[object, ...]:
    """What a reader must give back: ids, texts and inline codes."""
    source, target = unit.source, unit.target
    return (unit.id, unit.article, unit.block, source.locale, half(source.inline), target.locale, target.segment,
            target.path, half(target.inline))


def flat(inline: Inline) -> str:
    """The text with each code's markup in place (how TMX tools show a segment)."""
    return "".join(p if isinstance(p, str) else p.markup for p in inline.parts)


def plain(inline: Inline) -> str:
    """The text runs alone (how XLIFF tools show a segment: codes dropped)."""
    return "".join(p for p in inline.parts if isinstance(p, str))
