"""Structure of the file: the reader's own diagnostics as findings, and the front matter.

The reader already reports broken pairs (codes ``P0xx`` in :mod:`toolkit.diagnostics`)
while it scans; these checks map those diagnostics to findings instead of scanning again,
with the segment each one names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from toolkit.checks.registry import Category, CheckInfo, Finding, article_check
from toolkit.docs import GENERATED_FOLDERS, INCLUDE_FOLDERS, in_folders, locale_in_path
from toolkit.model import Article, Severity

REQUIRED_KEYS = ("ms.contentlocale", "ms.translationtype", "ms.openlocfilehash")
ARTICLE_KEYS = ("title", "description")
"""Required too, except in ``includes/`` files, which are pieces of other articles."""
TRANSLATION_TYPES = frozenset({"HT", "MT", "HT-MT"})


def _from_parser(*codes: str) -> Callable[[Article, CheckInfo], Iterator[Finding]]:
    """A check reporting the reader's diagnostics of ``codes``, with the pair they concern."""
    wanted = frozenset(codes)

    def check(article: Article, info: CheckInfo) -> Iterator[Finding]:
        for item in article.diagnostics:
            if item.code in wanted:
                segment = article.segment(item.segment_id) if item.segment_id else None
                finding = info.finding(article, segment, item.message, item.line, item.column)
                # a pair broken enough not to be a segment still names its id
                yield finding if segment is not None else replace(finding, segment_id=item.segment_id)

    check.__doc__ = f"Reader diagnostics {', '.join(codes)} as findings."
    return check


_PARSER_CHECKS = (
    ("S001", "missing-half", Category.OMISSION, "a translation without its sxs-lookup English half (P010)", ("P010",)),
    ("S002", "id-mismatch", Category.MARKUP, "data-stu-id differs from data-ttu-id (P011)", ("P011",)),
    ("S003", "duplicate-id", Category.DUPLICATION, "a segment id used twice in one file (P012)", ("P012",)),
    ("S004", "empty-translation", Category.UNTRANSLATED, "a segment whose translation is empty (P016)", ("P016",)),
    ("S005", "empty-source", Category.OMISSION, "a segment whose English is empty (P017)", ("P017",)),
    (
        "S006",
        "span-nesting",
        Category.MARKUP,
        "unclosed, stray or &quot;-quoted spans (P013, P014, P015)",
        ("P013", "P014", "P015"),
    ),
)
for _code, _name, _category, _description, _codes in _PARSER_CHECKS:
    article_check(_code, _name, Severity.ERROR if _code in {"S001", "S002"} else Severity.WARNING, _category, _description)(
        _from_parser(*_codes)
    )
article_check(
    "S007", "file-encoding", Severity.ERROR, Category.CHARACTERS, "invalid UTF-8, BOM, CRLF or broken front matter (P001 to P006)"
)(_from_parser("P001", "P002", "P003", "P004", "P005", "P006"))


def _key_location(article: Article, key: str) -> tuple[int, int]:
    """Where ``key:`` is written in the front matter (line 1 when it is not)."""
    match = re.search(rf"^{re.escape(key)}\s*:", article.front_matter, re.MULTILINE)
    return article.location(match.start()) if match else (1, 1)


@article_check(
    "S008",
    "content-locale",
    Severity.ERROR,
    Category.LOCALE_VIOLATION,
    "ms.contentlocale names the locale of the folder the file is in",
)
def content_locale(article: Article, info: CheckInfo) -> Iterator[Finding]:
    declared = article.metadata.get("ms.contentlocale")
    folder = locale_in_path(article.path)
    if isinstance(declared, str) and folder and declared.lower() != folder.lower():
        line, column = _key_location(article, "ms.contentlocale")
        yield info.finding(article, None, f"ms.contentlocale is {declared} but the file is under {folder}", line, column)


@article_check(
    "S009",
    "required-keys",
    Severity.ERROR,
    Category.OMISSION,
    f"front matter has {', '.join(REQUIRED_KEYS + ARTICLE_KEYS)} (includes: no title; includes and "
    "generated pages may have no front matter at all)",
)
def required_keys(article: Article, info: CheckInfo) -> Iterator[Finding]:
    include = in_folders(article.path, INCLUDE_FOLDERS)
    if not article.front_matter and (include or in_folders(article.path, GENERATED_FOLDERS)):
        return
    keys = REQUIRED_KEYS if include else REQUIRED_KEYS + ARTICLE_KEYS
    missing = [key for key in keys if not article.metadata.get(key)]
    if missing:
        yield info.finding(article, None, f"front matter lacks {', '.join(missing)}")


@article_check("S010", "translation-type", Severity.WARNING, Category.OTHER, "ms.translationtype is HT (human) or MT (machine)")
def translation_type(article: Article, info: CheckInfo) -> Iterator[Finding]:
    value = article.metadata.get("ms.translationtype")
    if value is not None and value not in TRANSLATION_TYPES:
        line, column = _key_location(article, "ms.translationtype")
        yield info.finding(article, None, f"unknown ms.translationtype {value!r}", line, column)
