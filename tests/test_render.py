"""Monolingual rendering of the seed articles."""

from __future__ import annotations

from pathlib import Path

from toolkit.cli import main
from toolkit.model import Article
from toolkit.render import Side, render_article


def test_source_side_is_the_same_english_for_every_locale(seed_articles: list[Article]) -> None:
    rendered = {render_article(a, Side.SOURCE) for a in seed_articles}
    assert len(seed_articles) == 5
    assert len(rendered) == 1
    english = rendered.pop()
    assert "Project opportunities can be closed as Won or Lost. The **Close opportunity** dialog" in english
    assert "ms.locfileid" not in english and "title:" not in english and "author: rumant" in english


def test_target_side_has_every_translation_in_order_and_no_lookup(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        text = render_article(article, Side.TARGET)
        assert "sxs-lookup" not in text and "data-ttu-id" not in text
        assert text.startswith(article.front_matter)
        positions = [text.find(s.target.markup) for s in article.segments]
        assert -1 not in positions and positions == sorted(positions)


def test_drop_anchors(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    assert '<a name="close-an-opportunity"></a>' in render_article(article)
    assert "<a name=" not in render_article(article, drop_anchors=True)


def test_render_command_writes_one_file_per_locale(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[1] / "corpus"
    assert main(["render", str(seeds), "--side", "source", "-o", str(tmp_path), "-q"]) == 0
    written = sorted(tmp_path.rglob("*.md"))
    assert len(written) == 5
    assert len({p.read_bytes() for p in written}) == 1
