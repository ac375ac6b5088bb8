"""Helpers for the QA check tests: rewrite one pair of a real article and re-read it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from toolkit.checks import Finding, run_checks
from toolkit.model import Article, Segment
from toolkit.sxs import parse_article


def rewrite(article: Article, segment: Segment, *, source: str | None = None, target: str | None = None) -> Article:
    """The article re-read after replacing one pair's English and/or translation markup in its text."""
    text = article.text
    edits = []
    if source is not None:
        edits.append((segment.source_span, source))
    if target is not None:
        edits.append((segment.target_span, target))
    for (start, end), markup in sorted(edits, reverse=True):
        text = text[:start] + markup + text[end:]
    return parse_article(text, article.path)


def edit_text(article: Article, old: str, new: str, count: int = 1) -> Article:
    assert old in article.text, old
    return parse_article(article.text.replace(old, new, count), article.path)


def findings_at(articles: Iterable[Article], code: str, segment_id: str = "", **options: tuple[str, ...]) -> list[Finding]:
    """Findings of one check, at one segment when ``segment_id`` is given."""
    found = run_checks(list(articles), select=[code], **options)
    assert all(f.code == code for f in found)
    return [f for f in found if not segment_id or f.segment_id == segment_id]


def first(articles: Iterable[Article], wanted: Callable[[Article, Segment], bool]) -> tuple[Article, Segment]:
    """The first pair of the corpus that ``wanted`` accepts."""
    for article in articles:
        for segment in article.segments:
            if wanted(article, segment):
                return article, segment
    raise AssertionError("no pair in the corpus fits")
