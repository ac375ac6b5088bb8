"""Every block kind a segment can sit in, on a hand-written article."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from toolkit import BlockKind, Code, CodeKind, parse_article, read_article, with_target
from toolkit.model import Article


@pytest.fixture(scope="module")
def article() -> Article:
    return read_article(FIXTURES / "blocks.md")


@pytest.mark.parametrize(
    ("segment_id", "kind", "level", "list_depth", "alert"),
    [
        ("f0-101", BlockKind.HEADING, 1, 0, ""),
        ("f0-102", BlockKind.PARAGRAPH, 0, 0, ""),
        ("f0-104", BlockKind.HEADING, 3, 0, ""),
        ("f0-105", BlockKind.LIST_ITEM, 0, 1, ""),
        ("f0-106", BlockKind.LIST_ITEM, 0, 2, ""),
        ("f0-107", BlockKind.LIST_ITEM, 0, 1, ""),
        ("f0-108", BlockKind.ALERT, 0, 0, "NOTE"),
        ("f0-109", BlockKind.BLOCKQUOTE, 0, 0, ""),
        ("f0-110", BlockKind.TABLE_CELL, 0, 0, ""),
        ("f0-112", BlockKind.TABLE_CELL, 0, 0, ""),
        ("f0-113", BlockKind.INCLUDE, 0, 0, ""),
        ("f0-114", BlockKind.TABLE_CELL, 0, 0, ""),
        ("f0-115", BlockKind.CODE, 0, 0, ""),
    ],
)
def test_block_kind(article: Article, segment_id: str, kind: BlockKind, level: int, list_depth: int, alert: str) -> None:
    segment = article.segment(segment_id)
    assert segment is not None
    assert segment.block.kind is kind
    assert segment.block.level == level
    assert segment.block.list_depth == list_depth
    assert segment.block.alert == alert


def test_sentences_of_one_paragraph_share_a_block(article: Article) -> None:
    first, second = article.segment("f0-102"), article.segment("f0-103")
    assert first is not None and second is not None
    assert first.block == second.block
    assert first.block.index != article.segments[0].block.index


def test_lines_and_columns_are_one_based(article: Article) -> None:
    heading = article.segments[0]
    assert (heading.line, heading.column) == (9, 21)  # after "# <a name="top"></a>"
    assert article.text.splitlines()[heading.line - 1][heading.column - 1 :].startswith('<span data-ttu-id="f0-101"')
    for segment in article.segments:
        assert article.location(article.text.index(f'data-ttu-id="{segment.id}"') - 6) == (segment.line, segment.column)


def test_metadata_keeps_yaml_11_scalars_as_written(article: Article) -> None:
    assert article.metadata["ms.locfileid"] == "0042"
    assert article.metadata["no_key"] == "no"
    assert article.locale == "de-DE"
    assert article.identity == "0123abc"
    assert article.front_matter.startswith("---\ntitle: Blocks\n") and article.front_matter.endswith("---\n")


def test_html_block_outside_a_table() -> None:
    text = '<div>\n<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1">y</span></span>\n</div>\n'
    assert parse_article(text).segments[0].block.kind is BlockKind.HTML


def test_alert_inside_a_list_item() -> None:
    pair = '<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1">y</span></span>'
    block = parse_article(f"1. Step\n\n   > [!TIP]\n   > {pair}\n").segments[0].block
    assert (block.kind, block.alert, block.list_depth, block.quote_depth) == (BlockKind.ALERT, "TIP", 1, 1)


def test_locale_falls_back_to_folder_then_file_name() -> None:
    pair = '<span data-ttu-id="a-1">x</span><span class="sxs-lookup"><span data-stu-id="a-1">y</span></span>\n'
    assert parse_article(pair, "repo/ja-JP/articles/a.md").locale == "ja-JP"
    assert parse_article(pair, "corpus/close.nb-NO.md").locale == "nb-NO"
    assert parse_article(pair, "notes/a.md").locale == ""
    assert parse_article(pair, "notes/a.md").identity == "notes/a.md"


def _pair(number: int, english: str = "x") -> str:
    lookup = f'<span class="sxs-lookup"><span data-stu-id="d-{number}">{english}</span></span>'
    return f'<span data-ttu-id="d-{number}">t</span>{lookup}'


def _kinds(text: str) -> list[tuple[BlockKind, int, int]]:
    return [(s.block.kind, s.block.level, s.block.list_depth) for s in parse_article(text).segments]


def test_headings_and_lists_inside_rows_and_columns() -> None:
    text = (
        f":::row:::\n    :::column:::\n        #### {_pair(1)}\n        - {_pair(2)}\n            - {_pair(3)}\n"
        f'    :::column-end:::\n    :::column span="2":::\n        {_pair(4)}\n    :::column-end:::\n:::row-end:::\n'
        f"{_pair(5)}\n"
    )
    assert _kinds(text) == [
        (BlockKind.HEADING, 4, 0),
        (BlockKind.LIST_ITEM, 0, 1),
        (BlockKind.LIST_ITEM, 0, 2),
        (BlockKind.PARAGRAPH, 0, 0),
        (BlockKind.PARAGRAPH, 0, 0),
    ]
    segments = parse_article(text).segments
    assert segments[3].block.index != segments[4].block.index  # the row's end closes the paragraph


def test_zone_and_moniker_fences_do_not_join_paragraphs() -> None:
    for opening, closing in (('::: zone pivot="a"', "::: zone-end"), ('::: moniker range=">=v2"', "::: moniker-end")):
        segments = parse_article(f"{opening}\n{_pair(1)}\n{closing}\n{_pair(2)}\n").segments
        assert [s.block.kind for s in segments] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
        assert segments[0].block.index != segments[1].block.index


def test_image_and_code_extension_lines_stand_alone() -> None:
    text = (
        f'{_pair(1)}\n:::image type="content" source="m/a.png" alt-text="{_pair(2)}":::\n{_pair(3)}\n'
        f':::code language="python" source="s.py" range="1-3":::\n{_pair(4)}\n'
        f':::image type="complex" source="m/b.png" alt-text="b":::\n   {_pair(5)}\n:::image-end:::\n'
    )
    segments = parse_article(text).segments
    assert len({s.block.index for s in segments}) == 5
    assert all(s.block.kind is BlockKind.PARAGRAPH for s in segments)


def test_div_marker_is_a_container_not_a_quotation() -> None:
    text = f'> [!div class="mx-imgBorder"]\n> {_pair(1)}\n\n1. Step\n\n   > [!div class="nextstepaction"]\n   > {_pair(2)}\n'
    blocks = [s.block for s in parse_article(text).segments]
    assert [(b.kind, b.quote_depth, b.list_depth) for b in blocks] == [
        (BlockKind.PARAGRAPH, 0, 0),
        (BlockKind.LIST_ITEM, 0, 1),
    ]


def test_tab_group_end_does_not_make_a_heading() -> None:
    text = f"# [{_pair(1)}](#tab/first)\n\n{_pair(2)}\n---\n\n{_pair(3)}\n"
    assert _kinds(text) == [(BlockKind.HEADING, 1, 0), (BlockKind.PARAGRAPH, 0, 0), (BlockKind.PARAGRAPH, 0, 0)]
    # outside a tab group the same lines are a setext heading, as CommonMark says
    assert _kinds(f"{_pair(2)}\n---\n")[0] == (BlockKind.HEADING, 2, 0)


def test_extension_lines_inside_fenced_code_are_code() -> None:
    text = f"```md\n:::row:::\n    {_pair(1)}\n:::row-end:::\n```\n"
    assert _kinds(text) == [(BlockKind.CODE, 0, 0)]


def test_reference_definitions_reach_the_inline_reader() -> None:
    text = f'{_pair(1, "See [the docs][docs] and [Docs].")}\n\n[docs]: https://docs.test/ "Docs"\n'
    source = parse_article(text).segments[0].source
    assert source.text == "See the docs and Docs."
    assert [c.target for c in source.codes if c.type == "link"] == ["https://docs.test/"] * 4


def test_a_new_translation_reads_references_like_the_reader() -> None:
    article = parse_article(f"{_pair(1, 'See [docs].')}\n\n[docs]: https://docs.test/\n")
    parts: list[str | Code] = [Code(CodeKind.OPEN, "link", "[", 1), "Doku", Code(CodeKind.CLOSE, "link", "][docs]", 1)]
    changed = with_target(article, "d-1", parts)
    target = changed.segments[0].target
    assert target.text == "Doku"
    assert [c.target for c in target.codes] == ["https://docs.test/"] * 2
