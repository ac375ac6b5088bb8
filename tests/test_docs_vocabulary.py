"""The Docs vocabulary: locale tags as CLDR knows them, locales named by paths, alert names."""

from __future__ import annotations

import pytest

from toolkit.docs import (
    ALERTS,
    Tag,
    article_locale,
    is_locale,
    locale_in_path,
    parse_locale,
    relative_path,
    script_of,
    unlocalized_url,
    without_locale,
    without_locale_folders,
)
from toolkit.sxs import parse_article


@pytest.mark.parametrize("name", ["de-de", "fr-FR", "ms-my", "zh-Hant", "sr-Latn-RS", "es-419", "nb-NO", "hi-IN", "ko-KR"])
def test_locales_cldr_knows(name: str) -> None:
    assert is_locale(name)


@pytest.mark.parametrize(
    "name", ["mr-dev", "mr-dev-docs", "api-v2", "de", "docs", "xx-YY", "en-ZZ", "de-Abcd", "in-the", "fr-fr-fr", "2021-05"]
)
def test_names_that_are_not_locales(name: str) -> None:
    assert not is_locale(name)


def test_tags_are_cased_as_bcp47_recommends() -> None:
    assert parse_locale("SR-latn-rs") == Tag("sr", "Latn", "RS")
    assert str(parse_locale("fr_fr")) == "fr-FR"


@pytest.mark.parametrize(
    ("locale", "script"),
    [
        ("hi-IN", "Deva"),
        ("ko-KR", "Kore"),
        ("zh-TW", "Hant"),
        ("zh-CN", "Hans"),
        ("sr-Latn", "Latn"),
        ("sr-RS", "Cyrl"),
        ("ja-JP", "Jpan"),
        ("", ""),
        ("qq-ZZ", ""),
    ],
)
def test_script_of(locale: str, script: str) -> None:
    assert script_of(locale) == script


@pytest.mark.parametrize(
    ("path", "locale"),
    [
        ("sxs/de-de/articles/a.md", "de-de"),
        ("/repos/project-operations-pr.ja-jp/articles/sales/a.md", "ja-jp"),
        ("corpus/close-opportunity.nb-NO.md", "nb-NO"),
        ("C:\\docs\\fr-FR\\a.md", "fr-FR"),
        ("mr-dev-docs/articles/a.md", ""),
        ("docs/api-v2/a.md", ""),
        ("a.b.md", ""),
    ],
)
def test_locale_in_path(path: str, locale: str) -> None:
    assert locale_in_path(path) == locale


def test_front_matter_wins_over_the_path_and_the_path_fills_in() -> None:
    assert article_locale({"ms.contentlocale": " lv-LV "}, "x/de-de/a.md") == "lv-LV"
    assert article_locale({}, "x/de-de/a.md") == "de-de"
    assert article_locale({"ms.contentlocale": ""}, "repo.ko-kr/a.md") == "ko-kr"
    pair = '<span data-ttu-id="a-1">Hallo.</span><span class="sxs-lookup"><span data-stu-id="a-1">Hello.</span></span>\n'
    assert parse_article(pair, "repos/docs.de-de/articles/a.md").locale == "de-de"
    assert parse_article(pair, "mr-dev-docs/a.md").locale == ""


def test_paths_without_locale() -> None:
    assert without_locale("close-opportunity.fr-FR") == "close-opportunity"
    assert without_locale("release.v2") == "release.v2"
    assert without_locale_folders("sxs/de-DE/articles/a.md") == without_locale_folders("sxs/fr-fr/articles/a.md")
    assert relative_path("sxs/de-DE/articles/a/b.md", "de-DE") == "articles/a/b.md"
    assert relative_path("repo.de-de/articles/b.md") == "b.md"


def test_locale_folders_in_urls_compare_equal() -> None:
    assert unlocalized_url("https://docs.microsoft.com/en-us/dynamics365/") == unlocalized_url(
        "https://docs.microsoft.com/fr-fr/dynamics365/"
    )
    assert unlocalized_url("https://example.com/api-v2/x") == "https://example.com/api-v2/x"
    assert unlocalized_url("page.md") == "page.md"


def test_alerts() -> None:
    assert ALERTS == ("NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING")
