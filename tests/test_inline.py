"""Inline markup inside a segment half: text, codes, and the way back to markup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.inline import _finish, _tokens, interpret, parse_inline, render
from toolkit.model import Code, CodeKind


def shape(markup: str) -> list[object]:
    return [p if isinstance(p, str) else (p.kind.value, p.type, p.markup, p.target) for p in parse_inline(markup).parts]


def test_plain_text_is_one_run() -> None:
    inline = parse_inline("Prosjektmuligheter kan lukkes.")
    assert inline.parts == ("Prosjektmuligheter kan lukkes.",)
    assert inline.text == inline.markup


def test_markdown_bold_pairs_into_open_and_close() -> None:
    assert shape("Select **Save**.") == [
        "Select ", ("open", "bold", "**", ""), "Save", ("close", "bold", "**", ""), ".",
    ]
    assert parse_inline("Select **Save**.").text == "Select Save."


def test_html_strong_and_link_read_by_beautifulsoup() -> None:
    assert shape('<strong>Scenario</strong> <a href="https://x.test/a?b=1&amp;c=2">here</a>') == [
        ("open", "bold", "<strong>", ""), "Scenario", ("close", "bold", "</strong>", ""), " ",
        ("open", "link", '<a href="https://x.test/a?b=1&amp;c=2">', "https://x.test/a?b=1&c=2"), "here",
        ("close", "link", "</a>", "https://x.test/a?b=1&c=2"),
    ]


def test_markdown_link_and_image_keep_their_targets() -> None:
    inline = parse_inline("See [Close opportunities](/dynamics365/close-opportunity) and ![a chart](media/a_(1).png).")
    links = [c for c in inline.codes if c.kind is CodeKind.OPEN]
    assert [(c.type, c.target) for c in links] == [("link", "/dynamics365/close-opportunity"), ("image", "media/a_(1).png")]
    assert inline.text == "See Close opportunities and a chart."


def test_entities_and_escapes_become_text() -> None:
    inline = parse_inline(r"**Settings** &gt; **Solutions** \<your organization name> &amp; 5\*")
    assert inline.text == "Settings > Solutions <your organization name> & 5*"
    assert sum(1 for c in inline.codes if c.type == "bold") == 4


def test_code_spans_xrefs_and_includes_are_placeholders() -> None:
    inline = parse_inline(
        "Call `Save()` on <xref:Microsoft.Dynamics.Quote?displayProperty=nameWithType> [!INCLUDE[n](../inc/n.md)]"
    )
    kinds = [(c.kind, c.type, c.target, c.text) for c in inline.codes]
    assert kinds == [
        (CodeKind.PLACEHOLDER, "code", "", "Save()"),
        (CodeKind.PLACEHOLDER, "xref", "xref:Microsoft.Dynamics.Quote?displayProperty=nameWithType", "Microsoft.Dynamics.Quote"),
        (CodeKind.PLACEHOLDER, "include", "../inc/n.md", ""),
    ]
    assert inline.text == "Call Save() on Microsoft.Dynamics.Quote "


def test_short_xref_is_not_read_as_an_html_tag() -> None:
    assert shape("<xref:A.B> <b>x</b>") == [
        ("placeholder", "xref", "<xref:A.B>", "xref:A.B"), " ", ("open", "bold", "<b>", ""), "x", ("close", "bold", "</b>", ""),
    ]


def test_underscores_inside_words_are_not_emphasis() -> None:
    assert parse_inline("set snake_case_name to _on_").text == "set snake_case_name to on"


def test_unpaired_markup_stays_text_and_stray_tags_are_placeholders() -> None:
    assert shape("2 * 3 **not closed [not a link]") == ["2 * 3 **not closed [not a link]"]
    assert shape("a</b>") == ["a", ("placeholder", "bold", "</b>", "")]


def test_open_and_close_share_a_pair_number() -> None:
    codes = parse_inline("**a** and _b_").codes
    assert [c.pair for c in codes] == [1, 1, 2, 2]


def test_render_escapes_text_that_would_read_as_markup() -> None:
    parts = ("Use ", Code(CodeKind.OPEN, "bold", "**", 1), "*args* & <T>", Code(CodeKind.CLOSE, "bold", "**", 1))
    markup = render(parts)
    assert markup == r"Use **\*args\* & \<T>**"
    assert parse_inline(markup).parts == parts


MARKUP_PIECES = st.sampled_from(
    ["**", "*", "_", "`", "[", "](x.md)", "![", "<strong>", "</strong>", '<a href="u">', "</a>", "&amp;", "&gt;",
     "\\*", "<xref:A.B>", "[!INCLUDE[i](i.md)]", " ", "word", "Wort", "語", "\n", "<br/>", "&", "<", ">"]
)


@given(st.lists(MARKUP_PIECES | st.text(max_size=5), max_size=25))
def test_any_markup_reads_back_from_its_rendering(pieces: list[str]) -> None:
    inline = parse_inline("".join(pieces))
    assert parse_inline(render(inline.parts)).parts == inline.parts
    assert "".join(p if isinstance(p, str) else p.text for p in inline.parts) == inline.text


@given(st.text(alphabet="*** a.,\"(\n", max_size=30))
def test_emphasis_shortcut_reads_like_the_general_reader(markup: str) -> None:
    general = _finish(_tokens(markup))
    assert (interpret(markup).parts, interpret(markup).text) == general
