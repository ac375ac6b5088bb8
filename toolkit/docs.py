"""The Docs vocabulary in one place: locale tags, alert names, extension blocks, paths.

Locale tags are BCP 47 language tags that CLDR (through Babel) knows: ``fr-fr``, ``zh-Hant``
and ``sr-Latn-RS`` are locales, ``mr-dev`` (a folder of ``mr-dev-docs``) and ``api-v2`` are
not. Docs repositories put the locale in a folder (``…/de-de/articles/…``), in the name of a
repository (``project-operations-pr.ja-jp``) or in a file name (``article.nb-NO.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import PurePath
from typing import Final, NamedTuple

from babel import Locale, localedata
from babel.core import get_global

ALERTS: Final = ("NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING")
"""The Docs alert keywords (``> [!NOTE]``), always written in English."""
ALERT_NAMES: Final = "|".join(ALERTS)
"""The alert keywords as a regular-expression alternation."""

EXTENSION_BLOCKS: Final = frozenset(
    {
        "row",
        "row-end",
        "column",
        "column-end",
        "image",
        "image-end",
        "code",
        "zone",
        "zone-end",
        "moniker",
        "moniker-end",
        "video",
    }
)
"""Names of the Docs triple-colon blocks (``:::row:::``, ``::: zone pivot="…"``, ``:::image …:::``)."""

INCLUDE_FOLDERS: Final = frozenset({"includes", "_includes"})
"""Folders of include files: pieces of other articles, with no front matter of their own."""
GENERATED_FOLDERS: Final = frozenset({"docs-ref-autogen"})
"""Folders of generated reference pages (no front matter by design)."""

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?")
_SEPARATOR = re.compile(r"[\\/]")
_IN_URL = re.compile(r"(?<=/)[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,4}){1,2}(?=/)")


class Tag(NamedTuple):
    """A locale tag's subtags, cased as BCP 47 recommends (``sr``, ``Latn``, ``RS``)."""

    language: str
    script: str
    region: str

    def __str__(self) -> str:
        return "-".join(part for part in self if part)


@lru_cache(maxsize=1)
def _english() -> Locale:
    """CLDR's English locale, whose names of scripts and territories list every code CLDR knows."""
    return Locale("en")


@lru_cache(maxsize=4096)
def parse_locale(name: str) -> Tag | None:
    """The tag ``name`` spells (language with a script, a region or both), when CLDR knows each subtag.

    A bare language (``de``) is not taken for a locale: folders such as ``id``, ``it`` or
    ``no`` are common words, and Docs always names a locale with its region or script.
    """
    match = _TAG.fullmatch(name)
    if match is None or (match[2] is None and match[3] is None):
        return None
    language, script, region = match[1].lower(), (match[2] or "").title(), (match[3] or "").upper()
    english = _english()
    if (
        not localedata.exists(language)
        or (script and script not in english.scripts)
        or (region and region not in english.territories)
        or region == "ZZ"
        or script == "Zzzz"
    ):  # CLDR's "unknown"
        return None
    return Tag(language, script, region)


def is_locale(name: str) -> bool:
    """Whether a folder or file-name part is a locale (``nb-NO``, ``fr-fr``; not ``mr-dev``)."""
    return parse_locale(name) is not None


@lru_cache(maxsize=1024)
def script_of(locale: str) -> str:
    """The ISO 15924 script a locale writes in (``Deva`` for ``hi-IN``, ``Hant`` for ``zh-TW``); '' if unknown."""
    match = _TAG.fullmatch(locale)
    if match is None or not localedata.exists(match[1].lower()):
        return ""
    if match[2]:
        return match[2].title()
    likely: Mapping[str, str] = get_global("likely_subtags")
    language, region = match[1].lower(), (match[3] or "").upper()
    found = likely.get(f"{language}_{region}") if region else None
    found = found or likely.get(language, "")
    parts = found.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else ""


def locale_in_path(path: str) -> str:
    """The locale a path names, nearest first: ``name.LOCALE.md``, a locale folder, a repository ``name.LOCALE``; '' if none."""
    parts = _SEPARATOR.split(path)
    stem = parts[-1].rsplit(".", 2)
    if len(stem) == 3 and is_locale(stem[1]):
        return stem[1]
    for folder in reversed(parts[:-1]):
        if is_locale(folder):
            return folder
        suffix = folder.rpartition(".")[2]
        if suffix != folder and is_locale(suffix):
            return suffix
    return ""


def article_locale(metadata: Mapping[str, object], path: str) -> str:
    """An article's locale: ``ms.contentlocale``, else the locale its path names, else ''."""
    declared = metadata.get("ms.contentlocale")
    if isinstance(declared, str) and declared.strip():
        return declared.strip()
    return locale_in_path(path)


def without_locale(stem: str) -> str:
    """``close-opportunity`` for the stem ``close-opportunity.fr-FR``; other stems unchanged."""
    name, dot, suffix = stem.rpartition(".")
    return name if dot and is_locale(suffix) else stem


def unlocalized_url(target: str) -> str:
    """A URL with its first locale folder written ``xx-xx`` (``/en-us/`` and ``/fr-fr/`` compare equal)."""
    if "/" not in target:
        return target
    for match in _IN_URL.finditer(target):
        if is_locale(match.group()):
            return target[: match.start()] + "xx-xx" + target[match.end() :]
    return target


def without_locale_folders(path: str) -> str:
    """The path with every locale folder left out: the same for every locale of one article."""
    return "/".join(part for part in _SEPARATOR.split(path) if not is_locale(part))


def in_folders(path: str, folders: frozenset[str]) -> bool:
    """Whether one of the folders ``path`` is in is named in ``folders`` (case-insensitive)."""
    return any(part.lower() in folders for part in _SEPARATOR.split(path)[:-1])


def relative_path(path: str, locale: str = "") -> str:
    """The part of an article's path below its locale folder (or without ``.LOCALE`` in its name).

    That is the path the English file has in the English tree.
    """
    pure = PurePath(path)
    locale = locale or locale_in_path(path)
    parts = pure.parts
    for index in range(len(parts) - 2, -1, -1):
        if parts[index].lower() == locale.lower():
            return "/".join(parts[index + 1 :])
    stem = PurePath(pure.stem)
    if locale and stem.suffix[1:].lower() == locale.lower():
        return stem.stem + pure.suffix
    return pure.name
