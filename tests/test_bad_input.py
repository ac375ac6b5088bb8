"""Bad input: located diagnostics, every pair that can be recovered, no traceback.

Every ``data-ttu-id`` of the input must end as a segment or be named by a diagnostic on
its line; :func:`assert_accounted` checks that on every case here.
"""

from __future__ import annotations

import pytest
from sxs_support import assert_accounted

from toolkit import Severity, parse_article, write_bytes
from toolkit.model import Article


def pair(number: int, target: str = "", source: str = "", stu: int | None = None) -> str:
    target = target or f"T{number}"
    source = source or f"S{number}"
    stu = number if stu is None else stu
    return (
        f'<span data-ttu-id="a-{number}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="a-{stu}">{source}</span></span>'
    )


def codes(article: Article) -> list[str]:
    return [d.code for d in article.diagnostics]


def parse(text: str | bytes) -> Article:
    article = parse_article(text, "bad.md")
    assert write_bytes(article) == (text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape"))
    assert_accounted(article)
    return article


def test_missing_lookup_half_is_reported_and_neighbours_recovered() -> None:
    article = parse(f'{pair(1)} <span data-ttu-id="a-2">T2</span> {pair(3)}\n')
    assert [s.id for s in article.segments] == ["a-1", "a-3"]
    assert codes(article) == ["P010"]
    assert str(article.diagnostics[0]).startswith("bad.md:1:")
    assert "a-2" in article.diagnostics[0].message


def test_differing_stu_id_keeps_the_segment_under_its_ttu_id() -> None:
    article = parse(pair(1, stu=9) + "\n")
    assert [s.id for s in article.segments] == ["a-1"]
    assert codes(article) == ["P011"]


def test_duplicate_ids_keep_both_and_warn_on_the_second() -> None:
    article = parse(f"{pair(1)}\n\n{pair(1, 'Andere')}\n")
    assert [s.target.text for s in article.segments] == ["T1", "Andere"]
    assert [(d.code, d.line) for d in article.diagnostics] == [("P012", 3)]


def test_unclosed_span_is_reported_and_the_rest_recovered() -> None:
    article = parse(f'{pair(1)} <span data-ttu-id="a-2">T2 runs on\n\n{pair(3)}\n')
    assert [s.id for s in article.segments] == ["a-1", "a-3"]
    assert codes(article) == ["P013"]


def test_stray_closing_span_and_orphan_lookup_half() -> None:
    article = parse(f'{pair(1)} </span>\n\n<span class="sxs-lookup"><span data-stu-id="a-7">S7</span></span>\n')
    assert [s.id for s in article.segments] == ["a-1"]
    assert codes(article) == ["P014", "P014"]
    assert [d.line for d in article.diagnostics] == [1, 3]


def test_attributes_quoted_with_entities_are_recovered() -> None:
    text = pair(1).replace('"', "&quot;") + "\n"
    article = parse(text)
    assert [(s.id, s.target.text, s.source.text) for s in article.segments] == [("a-1", "T1", "S1")]
    assert codes(article) == ["P015"]


def test_empty_halves_are_segments_with_warnings() -> None:
    article = parse(pair(1, " ", " ").replace("> <", "><", 1) + "\n")
    assert len(article.segments) == 1
    assert codes(article) == ["P016", "P017"]


def test_nested_spans_inside_a_half_are_kept_whole() -> None:
    article = parse(pair(1, 'x <span class="k">y</span> z', "X <span>Y</span> Z") + "\n")
    assert article.segments[0].target.text == "x y z"
    assert codes(article) == []


@pytest.mark.parametrize(
    ("front", "code", "line"),
    [
        ("---\ntitle: [oops\n---\n", "P004", 3),
        ("---\n- a list\n---\n", "P005", 2),
        ("---\ntitle: never closed\n", "P006", 1),
    ],
)
def test_broken_front_matter_is_an_error_and_pairs_still_read(front: str, code: str, line: int) -> None:
    article = parse(front + pair(1) + "\n")
    assert [s.id for s in article.segments] == ["a-1"]
    assert [(d.code, d.severity, d.line) for d in article.diagnostics] == [(code, Severity.ERROR, line)]
    assert article.metadata == {}


def test_bom_and_crlf_are_reported_and_kept() -> None:
    article = parse("\ufeff---\r\nms.contentlocale: de-DE\r\n---\r\n" + pair(1) + "\r\n")
    assert article.locale == "de-DE"
    assert codes(article) == ["P002", "P003"]
    assert article.segments[0].line == 4


def test_invalid_utf8_is_an_error_and_every_byte_comes_back() -> None:
    data = b"---\ntitle: x\n---\n" + pair(1).encode() + b"\n\xff\xfe " + pair(2).encode() + b"\n"
    article = parse(data)
    assert [s.id for s in article.segments] == ["a-1", "a-2"]
    assert [(d.code, d.severity, d.line, d.column) for d in article.diagnostics] == [("P001", Severity.ERROR, 5, 1)]


def test_a_segment_nested_in_another_is_reported() -> None:
    article = parse(pair(1, 'x <span data-ttu-id="a-2">y</span>') + "\n")
    assert [s.id for s in article.segments] == ["a-1"]
    assert [(d.code, d.message) for d in article.diagnostics] == [
        ("P018", "segment a-2 nested inside segment a-1 (kept as its markup)"),
    ]


def test_a_pair_in_the_front_matter_is_reported_not_read() -> None:
    article = parse("---\ntitle: " + pair(1) + "\n---\n" + pair(2) + "\n")
    assert [s.id for s in article.segments] == ["a-2"]
    assert [(d.code, d.line) for d in article.diagnostics] == [("P019", 2)]


def test_the_attribute_name_outside_a_tag_is_reported() -> None:
    article = parse("Docs write data-ttu-id on each span. " + pair(1) + "\n")
    assert [s.id for s in article.segments] == ["a-1"]
    assert codes(article) == ["P013"]
