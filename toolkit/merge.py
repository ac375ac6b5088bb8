"""Merge back: translations edited in PO, XLIFF or TMX become new bilingual articles.

Rules:

* A unit finds its segment by article identity, locale and segment id; its English must
  still read the same (text and codes), or the edit was made against another version.
* Only a translation that differs from the article's (text or codes) is written, with
  :func:`toolkit.sxs.with_target`, so every other byte of the article stays as it was.
* A unit that matches nothing is reported as a diagnostic (``T002``/``T003``), never
  dropped in silence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.diagnostics import diagnostic
from toolkit.formats.jsonl import read_pairs
from toolkit.formats.po import read_po
from toolkit.formats.tmx import read_tmx
from toolkit.formats.units import Unit
from toolkit.formats.xliff import read_xliff
from toolkit.model import Article, Diagnostic, Inline, Segment
from toolkit.sxs import with_target


def _jsonl(path: Path) -> Iterator[Unit]:
    with open(path, encoding="utf-8") as stream:
        yield from read_pairs(stream)


READERS: dict[str, Callable[[Path], Iterator[Unit]]] = {
    ".po": read_po,
    ".tmx": read_tmx,
    ".xlf": read_xliff,
    ".xliff": read_xliff,
    ".jsonl": _jsonl,
}


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did."""

    articles: tuple[Article, ...]
    """The articles that changed, with their new translations."""
    changed: int
    """How many translations changed."""
    diagnostics: tuple[Diagnostic, ...]
    """Units that matched nothing."""


def translation_files(paths: Iterable[str | Path]) -> list[Path]:
    """The PO, XLIFF, TMX and JSONL files named or found below the given folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file()))
        else:
            found.append(path)
    return found


def read_units(path: Path) -> Iterator[Unit]:
    """The units of one translation file, by its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ValueError(f"{path}: not a PO, XLIFF, TMX or JSONL file")
    return reader(path)


def _same(a: Inline, b: Inline) -> bool:
    return a.text == b.text and a.codes == b.codes


def merge(articles: Sequence[Article], sources: Iterable[tuple[str, Iterable[Unit]]]) -> Merged:
    """Apply the units of each (file name, units) to the articles they belong to."""
    index = {(a.identity, a.locale.lower()): a for a in articles}
    by_id: dict[tuple[str, str, str], list[Segment]] = {}
    for key, article in index.items():
        for each in article.segments:
            by_id.setdefault((*key, each.id), []).append(each)
    current = dict(index)
    changed = 0
    problems = []
    for name, units in sources:
        for unit in units:
            for variant in unit.variants[1:]:
                key = (unit.article, variant.locale.lower())
                candidates = by_id.get((*key, variant.segment), [])
                segment = next((s for s in candidates if _same(unit.source.inline, s.source)), None)
                if not candidates:
                    problems.append(diagnostic(name, 1, 1, "T002", f"unit {unit.id} ({variant.locale}, segment "
                                                                     f"{variant.segment or '?'}) matches no segment"))
                elif segment is None:
                    problems.append(diagnostic(name, 1, 1, "T003", f"unit {unit.id}: the English of {index[key].path}:"
                                                                     f"{candidates[0].line} now reads differently"))
                elif _same(variant.inline, segment.target):
                    continue
                elif segment is not candidates[0]:  # a repeated id: with_target would change the first one
                    problems.append(diagnostic(name, 1, 1, "T002", f"unit {unit.id}: segment id {segment.id} repeats in "
                                                                     f"{index[key].path}; merge this one by hand"))
                else:
                    current[key] = with_target(current[key], segment.id, variant.inline.parts)
                    changed += 1
    updated = tuple(article for key, article in current.items() if article is not index[key])
    return Merged(updated, changed, tuple(problems))
