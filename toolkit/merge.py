"""Merge back: translations edited in PO, XLIFF, TMX or JSONL become new bilingual articles.

A translation file comes from outside and is trusted for nothing. Rules:

* A file the reader cannot read (not well-formed, a syntax error, a charset other than
  UTF-8, the wrong namespace or version) gives nothing: one error at its line and column
  (``T001``). Fuzzy, obsolete and empty units are never applied, only counted.
* A unit finds its segment by article identity, locale and segment id; its English must
  still read the same (text and codes), or the edit was made against another version.
* Only a translation that differs from the article's is considered, and it is refused,
  reported at the unit's line and column, when the reader could not take it as it stands
  (``T005``: a plural entry, a bad character reference…), when it holds a character an
  article cannot (``T006``: NUL, C0 controls other than tab/LF/CR, surrogates), or when it
  changes the markup (``T004``): its codes must be the English segment's (or the current
  translation's), in any order, and its text may not read back as markup. The merged
  article is read again: it must have the same segments, or the unit is refused.
* A segment given by two units of the incoming files is merged from neither (``T007``):
  never "last one wins".
* An accepted translation is written with :func:`toolkit.sxs.with_target`, so every other
  byte of the article stays as it was; a refused one leaves the segment unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.diagnostics import diagnostic
from toolkit.formats import by_suffix
from toolkit.formats.units import FORBIDDEN, FormatError, Unit, Variant, printable
from toolkit.inline import parse_inline, render
from toolkit.model import Article, Diagnostic, Inline, Segment
from toolkit.sxs import parse_article, with_target, write_bytes

_HEAD = 4096
"""Bytes looked at to tell XLIFF 1.2 from 2.0 (both end ``.xlf``)."""
_SPAN = re.compile(r"</?span\b|data-[st]tu-id|sxs-lookup", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did."""

    articles: tuple[Article, ...]
    """The articles that changed, with their new translations."""
    changed: int
    """How many translations changed."""
    diagnostics: tuple[Diagnostic, ...]
    """Files that could not be read, units that matched nothing or were refused."""
    pending: dict[str, int] = field(default_factory=dict)
    """Units not applied because their work is not finished: ``fuzzy``, ``obsolete``, ``empty``."""

    def summary(self) -> str:
        skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(self.pending.items()))
        return f"{self.changed} translations changed" + (f" ({skipped} units not applied)" if skipped else "")


def translation_files(paths: Iterable[str | Path]) -> list[Path]:
    """The PO, XLIFF, TMX and JSONL files named or found below the given folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if by_suffix(p.suffix) and p.is_file()))
        else:
            found.append(path)
    return found


def read_units(path: Path) -> Iterator[Unit]:
    """The units of one translation file, by its suffix (:class:`FormatError` when unreadable)."""
    if by_suffix(path.suffix) is None:
        raise ValueError(f"{path}: not a PO, XLIFF, TMX or JSONL file")
    try:
        with open(path, "rb") as stream:
            form = by_suffix(path.suffix, stream.read(_HEAD))
            stream.seek(0)
            yield from form.read(stream) if form else iter(())
    except OSError as error:
        raise FormatError(1, 1, f"cannot read: {error.strerror or error}") from None


def _same(a: Inline, b: Inline) -> bool:
    return a.text == b.text and a.codes == b.codes


@dataclass(frozen=True, slots=True)
class _Given:
    """One translation a file offers for one segment."""

    file: str
    unit: Unit
    variant: Variant

    def report(self, code: str, message: str) -> Diagnostic:
        line, column = self.unit.where
        return diagnostic(self.file, line or 1, column or 1, code, printable(f"unit {self.unit.id}: {message}"))


def _markup_problem(new: Inline, segment: Segment) -> str:
    """Why a translation may not replace the segment's: new markup, or a forbidden character."""
    forbidden = FORBIDDEN.search(new.markup + "".join(p for p in new.parts if isinstance(p, str)))
    if forbidden:
        return f"T006:U+{ord(forbidden.group()):04X} cannot appear in an article"
    codes = Counter((c.kind, c.markup) for c in new.codes)
    if codes not in (
        Counter((c.kind, c.markup) for c in segment.source.codes),
        Counter((c.kind, c.markup) for c in segment.target.codes),
    ):
        return "T004:its inline codes are not the English segment's (same codes, in any order)"
    back = parse_inline(render(list(new.parts)))
    if Counter((c.kind, c.markup) for c in back.codes) != codes or any(_SPAN.search(p) for p in new.parts if isinstance(p, str)):
        return "T004:its text would read back as markup"
    return ""


def merge(articles: Sequence[Article], sources: Iterable[tuple[str, Iterable[Unit]]]) -> Merged:
    """Apply the units of each (file name, units) to the articles they belong to."""
    index = {(a.identity, a.locale.lower()): a for a in articles}
    by_id: dict[tuple[str, str, str], list[Segment]] = {}
    for place, article in index.items():
        for each in article.segments:
            by_id.setdefault((*place, each.id), []).append(each)
    problems: list[Diagnostic] = []
    pending: Counter[str] = Counter()
    given: dict[tuple[str, str, str], list[_Given]] = {}
    for name, units in sources:
        try:
            read = list(units)
        except FormatError as error:
            problems.append(diagnostic(name, error.line, error.column, "T001", printable(error.message)))
            continue
        for unit in read:
            if unit.pending:
                pending[unit.pending] += 1
                continue
            for variant in unit.variants[1:]:
                key = (unit.article, variant.locale.lower(), variant.segment)
                given.setdefault(key, []).append(_Given(name, unit, variant))
    changes: dict[tuple[str, str], list[tuple[_Given, Segment]]] = {}
    for key, offers in given.items():
        candidates = by_id.get(key, [])
        if len(offers) > max(len(candidates), 1):
            first = offers[0]
            problems.extend(
                o.report(
                    "T007",
                    f"segment {key[2]} was given already at {first.file}:"
                    f"{first.unit.where[0]}:{first.unit.where[1]}; neither is merged",
                )
                for o in offers[1:]
            )
            continue
        for number, offer in enumerate(offers):
            problem = _problem(offer, candidates, number, index)
            if problem:
                problems.append(offer.report(*problem.split(":", 1)))
            elif not _same(offer.variant.inline, candidates[number].target):
                changes.setdefault(key[:2], []).append((offer, candidates[number]))
    updated = []
    changed = 0
    for place, edits in changes.items():
        article, refused = _apply(index[place], edits)
        problems.extend(refused)
        if article is not index[place]:
            updated.append(article)
            changed += len(edits) - len(refused)
    return Merged(tuple(updated), changed, tuple(problems), dict(pending))


def _problem(offer: _Given, candidates: list[Segment], number: int, index: dict[tuple[str, str], Article]) -> str:
    """``CODE:message`` when the offer cannot be merged into occurrence ``number``; empty when it can
    (or has nothing to change)."""
    unit, variant = offer.unit, offer.variant
    if not candidates:
        return f"T002:({variant.locale}, segment {variant.segment or '?'}) matches no segment"
    segment = candidates[number]
    if unit.flaw:
        return f"T005:{unit.flaw}"
    if not _same(unit.source.inline, segment.source):
        article = index[(unit.article, variant.locale.lower())]
        return f"T003:the English of {article.path}:{segment.line} now reads differently"
    if _same(variant.inline, segment.target):
        return ""
    if number > 0:
        article = index[(unit.article, variant.locale.lower())]
        return f"T008:segment id {segment.id} repeats in {article.path}; merge this one by hand"
    return _markup_problem(variant.inline, segment)


def _apply(article: Article, edits: list[tuple[_Given, Segment]]) -> tuple[Article, list[Diagnostic]]:
    """The article with the edits applied; each edit that would change its segments refused."""
    result = article
    for offer, segment in edits:
        result = with_target(result, segment.id, offer.variant.inline.parts)
    if _intact(article, result, {s.id for _, s in edits}):
        return result, []
    result, refused = article, []
    for offer, segment in edits:
        attempt = with_target(result, segment.id, offer.variant.inline.parts)
        if _intact(result, attempt, {segment.id}):
            result = attempt
        else:
            refused.append(offer.report("T004", "the merged article would not have the same segments"))
    return result, refused


def _intact(before: Article, after: Article, edited: set[str]) -> bool:
    """Whether ``after``, written and read again, has ``before``'s segments (edited ones aside)."""
    again = parse_article(write_bytes(after), after.path).segments
    if [(s.id, s.source.markup) for s in again] != [(s.id, s.source.markup) for s in before.segments]:
        return False
    return all(a.target.markup == b.target.markup for a, b in zip(again, before.segments, strict=True) if b.id not in edited)
