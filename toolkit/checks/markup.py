"""Markdown and Docs markup parity: what the English carries, the translation must carry too.

Targets (links, images, xrefs, includes) and code spans are not translatable: they must
come back unchanged. Counts are compared as multisets, so reordering (which languages
need) is never reported, only a dropped, added or altered item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from operator import attrgetter

from toolkit.checks.profile import Profile
from toolkit.checks.registry import Category, CheckInfo, Context, Finding, SegmentFunc, article_check, segment_check
from toolkit.docs import ALERTS
from toolkit.model import Article, Segment, Severity

_ALERT_MARK = re.compile(r"\[!([^\]\s]+)\]")
_QUOTE_PREFIX = re.compile(r"[ \t]*>[ \t]*")
"""An alert line is ``> [!NAME]``: the mark found first (a literal, fast to find), then what precedes it on its line."""


def differ(what: str, source: Iterable[str], target: Iterable[str]) -> str:
    """``link target `x` missing; `y` added`` for two multisets known to differ."""
    expected, found = Counter(source), Counter(target)
    missing = ", ".join(f"`{item}`" for item in (expected - found).elements())
    added = ", ".join(f"`{item}`" for item in (found - expected).elements())
    said = [f"{what} {missing} missing" if missing else "", f"{what} {added} added" if added else ""]
    return "; ".join(s for s in said if s)


@segment_check(
    "M001",
    "emphasis",
    Severity.WARNING,
    Category.MARKUP,
    "bold, italic and underline spans: as many in the translation as in the English",
    markup=True,
    parity=True,
)
def emphasis(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.emphasis == target.emphasis:
        return None
    return f"{target.emphasis} emphasis spans in the translation, {source.emphasis} in the English"


@segment_check(
    "M003",
    "link-count",
    Severity.ERROR,
    Category.OMISSION,
    "as many Markdown links in the translation as in the English",
    markup=True,
    parity=True,
)
def link_count(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if len(source.links) == len(target.links):
        return None
    return f"{len(target.links)} links in the translation, {len(source.links)} in the English"


@segment_check(
    "M004",
    "link-target",
    Severity.ERROR,
    Category.MARKUP,
    "link targets unchanged (a locale folder in the URL may differ)",
    markup=True,
    parity=True,
)
def link_target(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.links == target.links or len(source.links) != len(target.links):
        return None
    return differ("link target", source.links, target.links)


@segment_check(
    "M005",
    "link-text",
    Severity.ERROR,
    Category.OMISSION,
    "every link of the translation has visible text",
    markup=True,
    parity=True,
)
def link_text(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if target.empty_links <= source.empty_links:
        return None
    return "link without text in the translation"


@segment_check(
    "M012",
    "entity",
    Severity.WARNING,
    Category.CHARACTERS,
    "the HTML entities of the English (&lt;, &amp;, &#124;…) kept",
    parity=True,
)
def entity(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.entities == target.entities:
        return None
    expected = [e for e in source.entities if e != "&nbsp;"]
    found = [e for e in target.entities if e != "&nbsp;"]
    return None if Counter(expected) <= Counter(found) else differ("entity", expected, found)


ParityRow = tuple[str, str, Severity, Category, str, str, str, bool]
"""code, name, severity, category, description, profile field, what it is called, markup-only."""


def _same(field: str, what: str) -> SegmentFunc:
    """A check that both halves hold the same multiset in the profile's ``field``."""
    read = attrgetter(field)

    def check(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
        expected, found = read(source), read(target)
        return None if expected == found else differ(what, expected, found)

    check.__name__ = check.__qualname__ = field
    return check


def declare_parity(rows: Iterable[ParityRow]) -> None:
    """Register one "kept unchanged" check per row."""
    for code, name, severity, category, description, field, what, markup in rows:
        segment_check(code, name, severity, category, description, markup=markup, parity=True)(_same(field, what))


declare_parity(
    [
        (
            "M002",
            "code-span",
            Severity.ERROR,
            Category.MARKUP,
            "code spans kept, with their content unchanged",
            "code_spans",
            "code span",
            True,
        ),
        (
            "M006",
            "html-link",
            Severity.ERROR,
            Category.MARKUP,
            "<a href> links kept, with their targets unchanged",
            "anchors",
            "<a href>",
            True,
        ),
        ("M007", "xref", Severity.ERROR, Category.MARKUP, "<xref:…> references kept unchanged", "xrefs", "xref", True),
        (
            "M008",
            "include",
            Severity.ERROR,
            Category.MARKUP,
            "[!INCLUDE] directives kept with the same file",
            "includes",
            "include",
            True,
        ),
        ("M009", "image", Severity.ERROR, Category.MARKUP, "images kept, with their file unchanged", "images", "image", True),
        (
            "M010",
            "alert-marker",
            Severity.ERROR,
            Category.MARKUP,
            "alert markers ([!NOTE], [!TIP]…) kept and untranslated inside segments",
            "alerts",
            "alert marker",
            False,
        ),
        ("M011", "html-tag", Severity.WARNING, Category.MARKUP, "the same HTML tags as the English", "html", "HTML tag", True),
        (
            "M013",
            "placeholder",
            Severity.ERROR,
            Category.MARKUP,
            "placeholders ({0}, %s, {{name}}, $(var)) kept unchanged",
            "placeholders",
            "placeholder",
            False,
        ),
    ]
)


@article_check(
    "M014",
    "alert-keyword",
    Severity.ERROR,
    Category.LOCALE_VIOLATION,
    "alert lines (> [!NOTE]) use an English keyword Docs knows",
)
def alert_keyword(article: Article, info: CheckInfo) -> Iterator[Finding]:
    text = article.text
    if "[!" not in text:
        return
    for match in _ALERT_MARK.finditer(text):
        start = match.start()
        if _QUOTE_PREFIX.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is None:
            continue
        keyword = match.group(1)
        if keyword.upper() not in ALERTS and keyword.upper() != "INCLUDE" and not keyword.upper().startswith("INCLUDE"):
            line, column = article.location(match.start(1))
            yield info.finding(article, None, f"unknown alert keyword [!{keyword}]", line, column)
