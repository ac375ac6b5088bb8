"""PO files are laid out without polib's objects: the text must be what polib writes, byte for byte."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.formats import po
from toolkit.formats.units import Options, Unit, article_units
from toolkit.inline import parse_inline
from toolkit.model import Article

TRICKY = [
    "",
    "plain",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "a\nb",
    "a\n",
    "\nlead",
    "cr\rhere",
    "crlf\r\nx",
    "v\x0bf\x0c",
    "sep\x1cx\x1dy\x1ez",
    "nel\x85x",
    "ls\u2028ps\u2029",
    "bell\x07",
    "nul\x00x",
    "\udcff",
    "é ü 漢字 😀",
]


def _polib_text(units: list[Unit], options: Options) -> str:
    return str(po.catalog(units, options)) + "\n"


def _fast_text(units: list[Unit], options: Options) -> str:
    stream = io.StringIO()
    assert po.write(units, stream, options) == len(units)
    return stream.getvalue()


@pytest.mark.parametrize("compendium", [False, True])
@pytest.mark.parametrize("mt_fuzzy", [False, True])
def test_seed_articles_are_laid_out_as_polib_does(seed_articles: list[Article], compendium: bool, mt_fuzzy: bool) -> None:
    for article in seed_articles:
        units = article_units(article)
        options = Options(article.locale, compendium, mt_fuzzy)
        assert _fast_text(units, options) == _polib_text(units, options)


@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=30), min_size=3, max_size=3))
def test_any_text_is_laid_out_as_polib_does(seed_articles: list[Article], texts: list[str]) -> None:
    unit = article_units(seed_articles[0])[0]
    source, target = (replace(v, inline=parse_inline(text)) for v, text in zip(unit.variants, texts[:2], strict=False))
    changed = replace(unit, variants=(source, replace(target, segment=texts[2] or "x", path=texts[2])))
    for options in (Options("fr-FR"), Options("fr-FR", compendium=True, mt_fuzzy=True)):
        assert _fast_text([changed, changed], options) == _polib_text([changed, changed], options)


def test_no_units_is_a_header_only_file() -> None:
    assert _fast_text([], Options("de-DE")) == _polib_text([], Options("de-DE"))
