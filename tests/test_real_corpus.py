"""The reader on the real 12-locale corpus: every pair found, every byte kept."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import SXS, needs_corpus

from toolkit.cli import main
from toolkit.model import Article, BlockKind
from toolkit.sxs import write_bytes

pytestmark = needs_corpus

LOCALES = ["ar-SA", "de-DE", "fr-FR", "ja-JP", "lv-LV", "ms-MY", "nb-NO", "nl-NL", "ru-RU", "th-TH", "tr-TR", "zh-CN"]


def test_every_data_ttu_id_is_a_segment(corpus_articles: list[Article]) -> None:
    assert len(corpus_articles) == 6660
    attributes = sum(a.text.count("data-ttu-id") for a in corpus_articles)
    assert sum(len(a.segments) for a in corpus_articles) == attributes == 358_794
    problems = [d for a in corpus_articles for d in a.diagnostics]
    assert {d.code for d in problems} == {"P025"}  # only files that hold no pair at all, each said once
    plain = [a for a in corpus_articles if not a.is_bilingual]
    assert len(plain) == len(problems) == 4
    assert all("data-ttu-id" not in a.text and not a.segments for a in plain)


def test_segments_per_locale(corpus_articles: list[Article]) -> None:
    per_locale = Counter[str]()
    for article in corpus_articles:
        per_locale[article.locale] += len(article.segments)
    assert sorted(per_locale) == LOCALES  # ms.contentlocale, not the folder's fr-fr / ms-my
    assert per_locale["de-DE"] == 29_911
    assert per_locale["ar-SA"] == 29_858
    assert per_locale["zh-CN"] == 29_826


_HEADING_LINE = re.compile(r"[ \t]*#{1,6}[ \t]")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]")
_DIV_LINE = re.compile(r"[ \t]*>[ \t]*\[!div\b")


def test_block_kinds(corpus_articles: list[Article]) -> None:
    """Every kind occurs, and each segment's kind agrees with the shape of its line."""
    kinds = Counter(s.block.kind.value for a in corpus_articles for s in a.segments)
    assert set(kinds) == {"table_cell", "paragraph", "list_item", "heading", "alert", "include", "blockquote", "html"}
    wrong = []
    for article in corpus_articles:
        lines = article.text.split("\n")
        for segment in article.segments:
            line, kind = lines[segment.line - 1], segment.block.kind
            if kind is BlockKind.INCLUDE:
                continue
            if (
                (_HEADING_LINE.match(line) and kind is not BlockKind.HEADING)
                or (_LIST_LINE.match(line) and kind is not BlockKind.LIST_ITEM)
                or (_DIV_LINE.match(lines[segment.line - 2]) and kind in (BlockKind.BLOCKQUOTE, BlockKind.ALERT))
            ):
                wrong.append((article.path, segment.id, kind.value))
    assert wrong == []


def test_every_article_writes_back_byte_for_byte(corpus_articles: list[Article]) -> None:
    differing = [a.path for a in corpus_articles if write_bytes(a) != Path(a.path).read_bytes()]
    assert differing == []


def test_one_identity_per_article_shared_by_its_locales(corpus_articles: list[Article]) -> None:
    locales_per_identity = Counter(a.identity for a in corpus_articles)
    assert len(locales_per_identity) == 555
    assert set(locales_per_identity.values()) == {12}


def test_plain_text_has_no_markup_left(corpus_articles: list[Article]) -> None:
    leftover = re.compile(r"\*\*|</?(?:strong|a|b|i|em)\b|&(?:gt|lt|amp|quot);")
    dirty = [s.source.markup for a in corpus_articles for s in a.segments if leftover.search(s.source.text)]
    assert len(dirty) == 12
    assert set(dirty) == {r"_\*\*Lite deployment - deal to proforma invoicing_"}  # escaped in the source itself


COMMAND_LOCALES = ("de-DE", "ja-JP")
"""The locale folders the default run gives the commands (``-m exhaustive``: the whole corpus); the
reader itself sees the whole corpus in every run, through ``corpus_articles``."""


@pytest.fixture(params=["locales", pytest.param("corpus", marks=pytest.mark.exhaustive)])
def folders(request: pytest.FixtureRequest, corpus_articles: list[Article]) -> tuple[list[str], list[Article]]:
    """The folders a command reads, and the articles the shared parse found in them."""
    if request.param == "corpus":
        return [str(SXS)], corpus_articles
    chosen = [str(SXS / name) for name in COMMAND_LOCALES]
    inside = [a for a in corpus_articles if any(a.path.startswith(folder + "/") for folder in chosen)]
    return chosen, inside


def test_extract_command_on_the_corpus(folders: tuple[list[str], list[Article]], tmp_path: Path) -> None:
    paths, articles = folders
    out = tmp_path / "segs.jsonl"
    assert main(["extract", *paths, "-o", str(out), "-q", "--jobs", "2"]) == 0
    with open(out, encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == sum(len(a.segments) for a in articles) > 50_000


def test_roundtrip_command_on_the_corpus(folders: tuple[list[str], list[Article]], capsys: pytest.CaptureFixture[str]) -> None:
    paths, articles = folders
    assert main(["roundtrip", *paths, "-q", "--jobs", "2"]) == 0
    assert capsys.readouterr().out.strip() == f"{len(articles)} of {len(articles)} files identical" != "0 of 0 files identical"
