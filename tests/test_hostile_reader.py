"""The reader on input built to hurt it: many findings, deep nesting, alias bombs, code that
looks like tags, broken bytes. Sizes are large enough that a quadratic path would not finish
in the suite's time; nothing here is timed (speed is in ``bench/pathological.py``)."""

from __future__ import annotations

import bisect
import html
import json
import re
from pathlib import Path

import pytest

from toolkit.codemask import code_ranges, fences, mask
from toolkit.meta import AliasBomb, load_plain_yaml
from toolkit.model import location
from toolkit.scan import LISTED
from toolkit.sxs import parse_article, write_bytes

SPEC = Path(__file__).resolve().parents[2] / "shared" / "specs" / "commonmark" / "spec-0.31.2.json"
FRONT = "---\nms.contentlocale: nb-NO\n---\n\n"


def pair(segment_id: str, target: str = "T.", source: str = "E.", quote: str = '"') -> str:
    q = quote
    return (
        f"<span data-ttu-id={q}{segment_id}{q}>{target}</span><span class={q}sxs-lookup{q}>"
        f"<span data-stu-id={q}{segment_id}{q}>{source}</span></span>"
    )


def codes(text: str) -> list[str]:
    return [d.code for d in parse_article(text.encode("utf-8")).diagnostics]


def accounted(text: str) -> None:
    """Every data-ttu-id is a segment or named by a message at its line; bytes kept."""
    article = parse_article(text.encode("utf-8"))
    assert write_bytes(article) == text.encode("utf-8")
    found = {s.id for s in article.segments}
    named = {(word, d.line) for d in article.diagnostics for word in re.findall(r"[\w-]+", d.message)}
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    for match in re.finditer(r"data-ttu-id=(?:\"|'|&quot;)?([\w-]+)", text):
        line = bisect.bisect_right(starts, match.start())
        assert match[1] in found or (match[1], line) in named, match[1]


# Line and column -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "</span>\n" * 50,
        "a\r\n</span> b </span>\n\n\n  </span>",
        "x" * 10 + "\n" + "<span>\n" * 3 + "\n" + "</span></span>",
    ],
)
def test_locations_are_those_of_the_text(body: str) -> None:
    text = FRONT + body
    article = parse_article(text)
    offsets = [m.start() for m in re.finditer(r"</?span>", text)]
    expected = sorted(location(text, offset) for offset in offsets)
    assert sorted((d.line, d.column) for d in article.diagnostics if d.code != "P003") == expected


def test_stray_closing_tags_are_listed_up_to_a_bound_and_counted() -> None:
    article = parse_article(FRONT + "</span>\n" * 20_000)
    assert [d.code for d in article.diagnostics] == ["P014"] * (LISTED + 1)
    assert article.diagnostics[-1].line == 5 + LISTED
    assert f"and {20_000 - LISTED - 1:,} more" in article.diagnostics[-1].message


def test_unclosed_plain_spans_are_listed_up_to_a_bound() -> None:
    article = parse_article(FRONT + "<span>x\n" * 500)
    assert [d.code for d in article.diagnostics] == ["P013"] * (LISTED + 1)


# Lenient recovery at scale ---------------------------------------------------------------


def test_every_unclosed_opener_is_named() -> None:
    text = FRONT + "".join(f'<span data-ttu-id="u-{n}">open {n}\n' for n in range(5_000))
    article = parse_article(text)
    assert len(article.diagnostics) == 5_000
    assert {d.code for d in article.diagnostics} == {"P013"}
    assert article.diagnostics[4_999].message == "unclosed <span> of segment u-4999"
    assert article.diagnostics[4_999].line == 5 + 4_999


def test_single_quoted_pairs_are_all_recovered() -> None:
    text = FRONT + "\n".join(pair(f"s-{n}", quote="'") for n in range(4_000)) + "\n"
    article = parse_article(text)
    assert [s.id for s in article.segments] == [f"s-{n}" for n in range(4_000)]
    assert article.diagnostics == ()


def test_deeply_nested_pairs_are_each_accounted_for() -> None:
    depth = 4_000
    opening = "".join(f'<span data-ttu-id="n-{n}">T{n} ' for n in range(depth))
    closing = "".join(
        f'</span><span class="sxs-lookup"><span data-stu-id="n-{n}">E{n}</span></span>' for n in reversed(range(depth))
    )
    accounted(FRONT + opening + closing + "\n")


def test_a_pair_holding_another_is_reported_with_both() -> None:
    outer = '</span><span class="sxs-lookup"><span data-stu-id="o-1">B</span></span>'
    text = FRONT + f'<span data-ttu-id="o-1">A {pair("i-1")}{outer}\n'
    article = parse_article(text)
    assert [s.id for s in article.segments] == ["i-1"]
    assert any(d.code == "P018" and "o-1" in d.message for d in article.diagnostics)


# Quotes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        '<span data-ttu-id="ID&quot;>',
        '<span data-ttu-id=&quot;ID">',
        "<span data-ttu-id=&quot;ID&quot;>",
    ],
)
def test_a_tag_mixing_quote_and_entity_is_recovered_with_a_warning(opening: str) -> None:
    text = FRONT + opening + 'T.</span><span class="sxs-lookup"><span data-stu-id="ID">E.</span></span>\n'
    article = parse_article(text)
    assert [(s.id, s.target.markup, s.source.markup) for s in article.segments] == [("ID", "T.", "E.")]
    assert [d.code for d in article.diagnostics] == ["P015"]
    assert write_bytes(article) == text.encode()


def test_an_unreadable_opening_tag_names_its_segment() -> None:
    article = parse_article(FRONT + '<span data-ttu-id="ab-12" <b>T.</span>\n')
    assert next((d.code, d.message) for d in article.diagnostics) == (
        "P013",
        "data-ttu-id outside a well-formed <span> tag (segment ab-12)",
    )


# Code that looks like tags (CommonMark code spans and fenced code blocks) -------------------


@pytest.mark.parametrize("code", ["`<span>`", "``<span>``", "`` a ` <span> ``", "`</span>`", "`<span/>` and `</span>`"])
def test_span_tags_in_a_code_span_are_not_tags(code: str) -> None:
    text = FRONT + f"Write {code} here.\n\n" + pair("a-1") + "\n"
    article = parse_article(text)
    assert [s.id for s in article.segments] == ["a-1"]
    assert article.diagnostics == ()


@pytest.mark.parametrize(
    ("opening", "prefix", "closing"),
    [
        ("```js", "", "```"),
        ("~~~", "", "~~~~"),
        ("````", "", "````"),
        ("   ```html", "", "   ```"),
        ("> ```", "> ", "> ```"),
        ("1. Step:\n\n   ```js", "   ", "   ```"),
    ],
)
def test_span_tags_in_a_fenced_block_are_not_tags(opening: str, prefix: str, closing: str) -> None:
    body = f"{opening}\n{prefix}$('<span/>').append('<span data-x=\"1\">');\n{prefix}</span>\n{closing}\n\n"
    text = FRONT + body + pair("a-1") + "\n"
    article = parse_article(text)
    assert [s.id for s in article.segments] == ["a-1"]
    assert article.diagnostics == ()


def test_an_unclosed_fence_in_a_list_item_ends_with_the_item() -> None:
    text = FRONT + "1. Run:\n\n   ```js\n   $('<span/>')\n\nAfter </span> the list.\n"
    assert codes(text) == ["P014"]  # the tag after the list item is read again


def test_a_pair_whose_half_holds_a_code_span_with_a_tag_is_kept() -> None:
    text = FRONT + pair("a-1", "Bruk `<span>` her.", "Use `<span>` here.") + " " + pair("a-2") + "\n"
    article = parse_article(text)
    assert [(s.id, s.target.markup) for s in article.segments] == [("a-1", "Bruk `<span>` her."), ("a-2", "T.")]
    assert article.diagnostics == ()
    assert write_bytes(article) == text.encode()


def test_a_pair_next_to_a_code_span_with_a_tag_is_kept() -> None:
    text = FRONT + "Use `<span>` and " + pair("a-1") + "\n"
    article = parse_article(text)
    assert [s.id for s in article.segments] == ["a-1"]
    assert article.diagnostics == ()


def test_backticks_around_pair_markup_are_not_code() -> None:
    text = FRONT + pair("a-1", "Trykk `") + " " + pair("a-2", "og ` så.") + "\n"
    assert [s.id for s in parse_article(text).segments] == ["a-1", "a-2"]


def test_a_tag_outside_code_is_still_reported() -> None:
    assert codes(FRONT + "`code` <span>open\n") == ["P013"]
    assert codes(FRONT + "\\`<span>`\n") == ["P013"]  # an escaped backtick opens nothing


def test_a_backtick_inside_an_html_tag_opens_no_code_span() -> None:
    assert code_ranges('<a title="`">x</a> `code`') == [(19, 25)]


def test_mask_keeps_offsets_and_lines() -> None:
    text = "a `<b>\nc` d\n```\n<x>\n```\n"
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    assert "<" not in masked


def _spec(section: str) -> list[dict[str, str]]:
    if not SPEC.is_file():
        pytest.skip("the CommonMark spec is not at ../shared/specs")
    return [e for e in json.loads(SPEC.read_text(encoding="utf-8")) if e["section"] == section]


def test_code_spans_of_the_commonmark_examples() -> None:
    """Each code span found holds the text of the matching ``<code>`` of the expected HTML."""
    examples = _spec("Code spans")
    for example in examples:
        expected = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", example["html"], re.DOTALL)]
        found = []
        for begin, end in code_ranges(example["markdown"]):
            raw = example["markdown"][begin:end]
            ticks = len(raw) - len(raw.lstrip("`"))
            content = raw[ticks:-ticks].replace("\n", " ")
            if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                content = content[1:-1]
            found.append(content)
        assert found == expected, example["example"]
    assert len(examples) == 22


def test_fenced_blocks_of_the_commonmark_examples() -> None:
    """As many fenced blocks as the expected HTML has code blocks, each masked whole."""
    examples = _spec("Fenced code blocks")
    for example in examples:
        markdown = example["markdown"]
        blocks = fences(markdown, 0)
        assert len(blocks) == example["html"].count("<pre><code"), example["example"]
        masked = mask(markdown)
        assert all(not masked[b:e].strip() for b, e in blocks)
    assert len(examples) == 29


# Front matter ----------------------------------------------------------------------------------

BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)


def test_nested_aliases_are_refused_and_the_pairs_read() -> None:
    text = "---\n" + BOMB + "\nms.contentlocale: nb-NO\n---\n\n" + pair("a-1") + "\n"
    article = parse_article(text)
    assert [s.id for s in article.segments] == ["a-1"]
    assert [(d.code, d.line) for d in article.diagnostics] == [("P007", 2)]
    assert "aliases expand to more than" in article.diagnostics[0].message


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(AliasBomb):
        load_plain_yaml("a: &a [x, *a]\n")


def test_aliases_within_the_budget_are_read() -> None:
    assert load_plain_yaml("a: &a [x, {y: z}]\nb: *a\nb: [2]\nc: *a\n") == {
        "a": ["x", {"y": "z"}],
        "b": ["2"],
        "c": ["x", {"y": "z"}],
    }


def test_tags_are_never_run() -> None:
    assert load_plain_yaml("a: !!python/object/apply:os.system ['echo hi']\nb: !!int 3\n") == {"a": ["echo hi"], "b": "3"}


def test_deep_yaml_nesting_is_read_without_recursion() -> None:
    depth = 900
    value = load_plain_yaml("a: " + "[" * depth + "x" + "]" * depth)
    for _ in range(depth + 1):
        assert isinstance(value, (dict, list))
        value = value["a"] if isinstance(value, dict) else value[0]
    assert value == "x"


def test_invalid_utf8_in_the_front_matter_keeps_the_keys_and_the_pairs() -> None:
    data = b"---\ntitle: caf\xe9\nms.contentlocale: nb-NO\nms.openlocfilehash: h1\n---\n\n" + pair("a-1").encode() + b"\n"
    article = parse_article(data, "x.md")
    assert [(d.code, d.line, d.column) for d in article.diagnostics] == [("P001", 2, 11)]
    assert (article.locale, article.identity, article.metadata["title"]) == ("nb-NO", "h1", "caf\ufffd")
    assert [s.id for s in article.segments] == ["a-1"]
    assert write_bytes(article) == data


# Files that are not bilingual ------------------------------------------------------------------


def test_a_file_without_pairs_is_reported_once() -> None:
    article = parse_article(b"---\ntitle: x\n---\n# Hello\n\nPlain English.\n", "en.md")
    assert [(d.code, d.severity.value, d.line) for d in article.diagnostics] == [("P025", "info", 1)]
    assert not article.is_bilingual


def test_a_file_whose_pairs_are_all_broken_is_still_bilingual() -> None:
    article = parse_article(FRONT + '<span data-ttu-id="a-1">T\n')
    assert article.is_bilingual and [d.code for d in article.diagnostics] == ["P013"]
    assert parse_article(FRONT + pair("a-1")).is_bilingual
