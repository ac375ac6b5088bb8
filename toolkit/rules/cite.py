"""Where a rule is stated: an article by identity or file name, a sentence by number.

A leaf module (no checks, no spec), so extraction and the modality checks, which the QA
check registry runs, can find articles and sentences without importing the tracer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from toolkit.docs import without_locale
from toolkit.model import Article, Segment
from toolkit.rules.model import Rule


def article_name(path: str) -> str:
    """``close-opportunity`` for ``corpus/close-opportunity.fr-FR.md`` and ``articles/sales/close-opportunity.md``."""
    return without_locale(PurePath(path).stem)


def cited(article: Article, number: int) -> Segment | None:
    return next((s for s in article.segments if s.number == number), None)


def by_name(rule: Rule, articles: Sequence[Article]) -> list[Article]:
    return [a for a in articles if article_name(a.path) == rule.citation.name]


def matching(rule: Rule, articles: Sequence[Article]) -> list[Article]:
    """The articles a rule cites: by identity, else (another snapshot) by file name."""
    return [a for a in articles if a.identity == rule.citation.identity] or by_name(rule, articles)
