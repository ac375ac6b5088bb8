"""The writer gives back every byte, and a new translation changes only its own text."""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st
from sxs_support import assert_accounted

from toolkit import Code, CodeKind, parse_article, read_article, with_target, write_bytes
from toolkit.model import Article


def test_seed_articles_round_trip(seed_articles: list[Article]) -> None:
    assert len(seed_articles) == 5
    for article in seed_articles:
        assert write_bytes(article) == Path(article.path).read_bytes()
        assert len(article.segments) == 8
        assert article.diagnostics == ()


def test_seed_locales_and_shared_identity(seed_articles: list[Article]) -> None:
    assert sorted(a.locale for a in seed_articles) == ["fr-FR", "lv-LV", "ms-MY", "nb-NO", "nl-NL"]
    assert len({a.identity for a in seed_articles}) == 1


def test_new_translation_changes_only_that_text() -> None:
    path = SEEDS / "close-opportunity.nb-NO.md"
    article = read_article(path)
    changed = write_bytes(with_target(article, "1ee8d-107", "Du kan ikke lukke en salgsmulighet med aktive tilbud.")).decode()
    original = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(original.splitlines(), changed.splitlines()) if line[:1] in "+-"]
    assert len(diff) == 2
    assert "Du kan ikke lukke salgsmuligheten hvis" in diff[0]
    assert '<span data-ttu-id="1ee8d-107">Du kan ikke lukke en salgsmulighet med aktive tilbud.</span>' in diff[1]
    reread = parse_article(changed, str(path))
    assert [s.id for s in reread.segments] == [s.id for s in article.segments]
    assert reread.segment("1ee8d-107").target.text == "Du kan ikke lukke en salgsmulighet med aktive tilbud."  # type: ignore[union-attr]


def test_new_translation_with_codes_and_markup_characters() -> None:
    article = read_article(SEEDS / "close-opportunity.nb-NO.md")
    parts = (
        "I ",
        Code(CodeKind.OPEN, "bold", "**", 1),
        "Lukk *salgsmulighet*",
        Code(CodeKind.CLOSE, "bold", "**", 1),
        " <velg> & lagre\n\nsiden.",
    )
    reread = parse_article(write_bytes(with_target(article, "1ee8d-106", parts)))
    segment = reread.segment("1ee8d-106")
    assert segment is not None
    assert segment.target.text == "I Lukk *salgsmulighet* <velg> & lagre\nsiden."
    assert reread.diagnostics == ()
    assert len(reread.segments) == len(article.segments)


SAFE_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
PIECES = st.sampled_from(
    [
        "# ",
        "\n",
        "\n\n",
        "- ",
        "  ",
        "1. ",
        "> ",
        "> [!NOTE]\n> ",
        "| ",
        " |",
        "|---|\n",
        "```\n",
        "<table><td>",
        "</span>",
        "<span>",
        '<span data-ttu-id="z-1">',
        '<span class="sxs-lookup">',
        "&quot;",
        "\r\n",
        "\ufeff",
        "---\n",
        "**",
        "[x](y)",
        "&amp;",
        "\ue000",
        "\ue001",
        "\x00",
        "\r",
    ]
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    pieces = []
    if draw(st.booleans()):
        pieces.append("---\ntitle: " + draw(SAFE_TEXT).replace("\n", " ") + "\nms.contentlocale: de-DE\n---\n")
    for number in range(draw(st.integers(0, 8))):
        pieces.append(draw(PIECES | SAFE_TEXT))
        target, source = draw(SAFE_TEXT | PIECES), draw(SAFE_TEXT | PIECES)
        ttu = draw(st.sampled_from([f"a-{number}", "a-1", "x"]))
        pieces.append(
            f'<span data-ttu-id="{ttu}">{target}</span><span class="sxs-lookup"><span data-stu-id="{ttu}">{source}</span></span>'
        )
    pieces.append(draw(PIECES | SAFE_TEXT))
    return "".join(pieces)


@given(articles())
def test_generated_articles_round_trip_and_account_for_every_id(text: str) -> None:
    article = parse_article(text, "generated.md")
    assert write_bytes(article) == text.encode("utf-8")
    assert_accounted(article)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_and_round_trip(data: bytes) -> None:
    article = parse_article(b'<span data-ttu-id="a-1">' + data, "bytes.md")
    assert write_bytes(article) == b'<span data-ttu-id="a-1">' + data
    assert_accounted(article)
