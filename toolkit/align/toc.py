"""Localized tables of contents (``TOC.yml``) paired with the English ones.

Rules: an entry with an ``href`` pairs with the English entry of the same ``href`` (the
pipeline translates names and keeps links); an entry without one (a group of ``items``)
pairs by the first ``href`` below it. Each pair of names is a unit; entries left without a
partner on either side are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.align.source import English, FolderEnglish, PathMapping
from toolkit.docs import relative_path
from toolkit.meta import load_plain_yaml


@dataclass(frozen=True, slots=True)
class TocEntry:
    name: str
    key: str
    """The ``href``, or ``items:`` and the first ``href`` below a group."""
    depth: int


@dataclass(frozen=True, slots=True)
class TocUnit:
    """One entry's English name and its translation."""

    key: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class TocAlignment:
    path: str
    units: tuple[TocUnit, ...]
    unmatched: tuple[TocEntry, ...]
    """Localized entries with no English entry of the same key."""
    missing: tuple[TocEntry, ...]
    """English entries the localized file lacks."""


def toc_entries(text: str) -> list[TocEntry]:
    """Every named entry of a TOC, in document order (all scalars kept strings)."""
    data = load_plain_yaml(text)
    return list(_walk(data if isinstance(data, list) else [], 0))


def _walk(items: list[object], depth: int) -> Iterator[TocEntry]:
    for item in items:
        if not isinstance(item, dict):
            continue
        children = item.get("items")
        below = list(_walk(children, depth + 1)) if isinstance(children, list) else []
        href = item.get("href")
        key = href if isinstance(href, str) and href else "items:" + next((e.key for e in below if "items:" not in e.key), "")
        name = item.get("name")
        if isinstance(name, str):
            yield TocEntry(name, key, depth)
        yield from below


def align_toc(localized: str | Path, english: str | Path) -> TocAlignment:
    """Pair the entries of a localized TOC file with those of its English file."""
    return align_toc_text(str(localized), Path(localized).read_text("utf-8"), Path(english).read_text("utf-8"))


def align_toc_text(path: str, localized: str, english: str) -> TocAlignment:
    """:func:`align_toc` on texts already read (``path`` names the localized file)."""
    target = toc_entries(localized)
    source: dict[str, list[TocEntry]] = {}
    for entry in toc_entries(english):
        source.setdefault(entry.key, []).append(entry)
    units, unmatched = [], []
    for entry in target:
        candidates = source.get(entry.key)
        if candidates:
            units.append(TocUnit(entry.key, candidates.pop(0).name, entry.name))
        else:
            unmatched.append(entry)
    missing = tuple(e for left in source.values() for e in left)
    return TocAlignment(path, tuple(units), tuple(unmatched), missing)


def align_tocs(
    paths: list[str], english: English | str | Path, mapping: PathMapping | None = None, revision: str = ""
) -> list[TocAlignment]:
    """Every ``toc.yml`` under ``paths`` against the English file the articles' ``mapping``
    places it at (the same relative path when there is no mapping), read at ``revision``."""
    source: English = FolderEnglish(english) if isinstance(english, str | Path) else english
    folders = [Path(name) for name in paths if Path(name).is_dir()]
    found = sorted({str(p) for folder in folders for p in folder.rglob("*") if p.name.lower() == "toc.yml"})
    result = []
    for path in found:
        relative = relative_path(path)
        place = mapping.english_path(relative) if mapping else relative
        text = source.read(place, revision) if place else None
        if text is not None:
            result.append(align_toc_text(path, Path(path).read_text("utf-8"), text))
    return result
