"""The checks over the whole 12-locale corpus: quiet on clean structure, under 2 % everywhere."""

from __future__ import annotations

from collections import Counter

import pytest

from toolkit.checks import CHECKS, run_checks
from toolkit.model import Article

pytestmark = pytest.mark.corpus

CHECKED = ("ar-SA", "de-DE", "ja-JP", "ru-RU")
"""The locales the default run checks (``-m exhaustive``: all twelve): right to left, the
German quotation marks, CJK without spaces, Cyrillic; the cross-locale checks see four locales."""


@pytest.fixture(scope="module", params=["locales", pytest.param("corpus", marks=pytest.mark.exhaustive)])
def checked(request: pytest.FixtureRequest, corpus_articles: list[Article]) -> list[Article]:
    if request.param == "corpus":
        return corpus_articles
    return [a for a in corpus_articles if a.locale in CHECKED]


def test_rates_on_the_human_translations(checked: list[Article]) -> None:
    segments = Counter[str]()
    for article in checked:
        segments[article.locale] += len(article.segments)
    findings = run_checks(checked)
    counts = Counter((f.code, f.locale) for f in findings)
    assert len(segments) in (len(CHECKED), 12) and sum(segments.values()) > 25_000 * len(segments)
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
