"""The checks over the whole 12-locale corpus: quiet on clean structure, under 2 % everywhere."""

from __future__ import annotations

from collections import Counter

import pytest

from toolkit.checks import CHECKS, run_checks
from toolkit.model import Article

pytestmark = pytest.mark.corpus


def test_rates_on_the_human_translations(corpus_articles: list[Article]) -> None:
    segments = Counter[str]()
    for article in corpus_articles:
        segments[article.locale] += len(article.segments)
    findings = run_checks(corpus_articles)
    counts = Counter((f.code, f.locale) for f in findings)
    assert sum(segments.values()) == 358_794 and len(segments) == 12
    # Every file is well formed: no structure finding at all.
    assert [f for f in findings if f.code.startswith("S")] == []
    noisy = {
        (code, locale): round(1000 * counts[code, locale] / segments[locale], 1)
        for code in CHECKS
        for locale in segments
        if counts[code, locale] > segments[locale] * 0.02
    }
    assert noisy == {}
    # Real errors the checks are there for.
    assert counts["C010", "de-DE"] > 100  # „Ist-Werte” with the wrong closing mark
    assert counts["M008", "ja-JP"] == 4
