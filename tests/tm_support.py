"""What the translation-memory tests share: writing each format to text and reading it back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolkit.formats import FORMATS
from toolkit.formats.units import Options, Unit, article_units
from toolkit.model import Article, Inline

MERGEABLE = [name for name, form in FORMATS.items() if form.mergeable]
"""The formats whose files read back into units (all but Moses), from the one table."""


def round_trip(name: str, articles: Sequence[Article], folder: Path) -> list[Unit]:
    """The articles' units written in one format (as a compendium) and read back."""
    form = FORMATS[name]
    path = folder / f"units{form.suffixes[0]}"
    with open(path, "w", encoding="utf-8") as stream:
        form.write([u for a in articles for u in article_units(a)], stream, Options(locale=articles[0].locale, compendium=True))
    with open(path, "rb") as stream:
        return list(form.read(stream))


def half(inline: Inline) -> tuple[object, ...]:
    return inline.text, inline.codes


def unit_key(unit: Unit) -> tuple[object, ...]:
    """What a reader must give back: ids, texts and inline codes."""
    source, target = unit.source, unit.target
    return (
        unit.id,
        unit.article,
        unit.block,
        source.locale,
        half(source.inline),
        target.locale,
        target.segment,
        target.path,
        half(target.inline),
    )


def flat(inline: Inline) -> str:
    """The text with each code's markup in place (how TMX tools show a segment)."""
    return "".join(p if isinstance(p, str) else p.markup for p in inline.parts)


def plain(inline: Inline) -> str:
    """The text runs alone (how XLIFF tools show a segment: codes dropped)."""
    return "".join(p for p in inline.parts if isinstance(p, str))
