"""Translations against the English they should come from: which are out of date.

Rules:

* An article's English file is the path below its locale folder (``<locale>/articles/x.md``
  → ``EN_ROOT/articles/x.md``), else its file name without the locale suffix
  (``x.nb-NO.md`` → ``x.md``) found once anywhere under EN_ROOT.
* A segment whose normalized English is a sentence of that file is ``current``. The others
  are paired one-to-one, best similarity first, with the English sentences no segment has:
  a pair scoring at least :data:`CHANGED_AT` is ``changed``, an unpaired segment
  ``removed``, and an unpaired English sentence ``new``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from pathlib import Path, PurePath

from toolkit.align.sentences import Sentence, normalize, sentences_of
from toolkit.docs import relative_path
from toolkit.model import Article

CHANGED_AT = 0.6
"""Least similarity (difflib ratio) for a segment to count as an edit of a new sentence."""


class Status(StrEnum):
    CURRENT = "current"
    CHANGED = "changed"
    REMOVED = "removed"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Match:
    """The fate of one segment, or one English sentence nobody translated (``new``)."""

    status: Status
    segment: str
    """The segment id; empty for ``new``."""
    english: str
    """The segment's normalized English; for ``new``, the new sentence."""
    line: int
    """1-based line of the segment in the article, or of the new sentence's block in the English file."""
    source: str = ""
    """For ``changed``: the new English sentence that replaced it."""
    score: float = 1.0
    """Similarity of ``english`` and ``source`` (1 when current, 0 when removed or new)."""


@dataclass(frozen=True, slots=True)
class ArticleAlignment:
    """One translated article against its English file."""

    path: str
    locale: str
    relative: str
    """The path both trees share (``articles/x.md``)."""
    english: str | None
    """The English file found, or None when EN_ROOT has no such article."""
    matches: tuple[Match, ...]

    def count(self, status: Status) -> int:
        return sum(1 for m in self.matches if m.status is status)


@dataclass(frozen=True, slots=True)
class SourceAlignment:
    """Every article against EN_ROOT, and the English files nobody translated."""

    articles: tuple[ArticleAlignment, ...]
    untranslated: tuple[str, ...]
    """English files in the folders the translations cover that no article comes from."""


class EnglishTree:
    """The English files under a root, found by shared relative path or by name."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.files = {p.relative_to(self.root).as_posix(): p for p in sorted(self.root.rglob("*.md"))}
        names: dict[str, list[str]] = {}
        for relative in self.files:
            names.setdefault(PurePath(relative).name, []).append(relative)
        self.by_name = {name: found[0] for name, found in names.items() if len(found) == 1}

    def find(self, relative: str) -> str | None:
        """The key of ``relative`` in :attr:`files`, if the tree has it."""
        if relative in self.files:
            return relative
        return self.by_name.get(PurePath(relative).name)

    def sentences(self, relative: str) -> tuple[Sentence, ...]:
        return sentences_of(self.files[relative].read_text("utf-8"))


def align_article(article: Article, tree: EnglishTree) -> ArticleAlignment:
    """One article against its English file (every segment ``removed`` when there is none)."""
    relative = relative_path(article.path, article.locale)
    found = tree.find(relative)
    english = tree.sentences(found) if found else ()
    return ArticleAlignment(
        article.path, article.locale, found or relative, str(tree.files[found]) if found else None,
        tuple(match_segments([(s.id, normalize(s.source.text), s.line) for s in article.segments], english)),
    )


def match_segments(segments: Sequence[tuple[str, str, int]], english: Sequence[Sentence]) -> list[Match]:
    """Statuses for (id, normalized English, line) segments against the English sentences."""
    keys = {s.key for s in english}
    matches: dict[int, Match] = {}
    stale = []
    for index, (segment_id, key, line) in enumerate(segments):
        if key in keys or not key:
            matches[index] = Match(Status.CURRENT, segment_id, key, line)
        else:
            stale.append(index)
    covered = {key for _, key, _ in segments}
    fresh = [s for s in english if s.key not in covered]
    taken: set[int] = set()
    for score, index, position in _best_pairs([segments[i][1] for i in stale], [s.key for s in fresh]):
        segment = segments[stale[index]]
        if stale[index] in matches or position in taken:
            continue
        matches[stale[index]] = Match(Status.CHANGED, segment[0], segment[1], segment[2], fresh[position].key, round(score, 3))
        taken.add(position)
    result = [matches.get(i) or Match(Status.REMOVED, s[0], s[1], s[2], score=0.0) for i, s in enumerate(segments)]
    result.extend(Match(Status.NEW, "", s.key, s.line, score=0.0) for i, s in enumerate(fresh) if i not in taken)
    return result


def _best_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[float, int, int]]:
    """(score, old index, new index) above :data:`CHANGED_AT`, best first."""
    pairs = []
    for i, text in enumerate(old):
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)
        for j, candidate in enumerate(new):
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= CHANGED_AT and matcher.quick_ratio() >= CHANGED_AT:
                score = matcher.ratio()
                if score >= CHANGED_AT:
                    pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def align_source(articles: Iterable[Article], root: str | Path) -> SourceAlignment:
    """Every article against the English tree at ``root``."""
    tree = EnglishTree(root)
    aligned = tuple(align_article(a, tree) for a in articles)
    used = {a.relative for a in aligned if a.english}
    folders = {str(PurePath(r).parent) for r in used}
    untranslated = tuple(
        str(path) for relative, path in tree.files.items() if relative not in used and str(PurePath(relative).parent) in folders
    )
    return SourceAlignment(aligned, untranslated)


def totals(aligned: Iterable[ArticleAlignment]) -> Iterator[tuple[str, dict[Status, int]]]:
    """Per-locale counts of each status, locales sorted."""
    counts: dict[str, dict[Status, int]] = {}
    for article in aligned:
        row = counts.setdefault(article.locale, dict.fromkeys(Status, 0))
        for match in article.matches:
            row[match.status] += 1
    for locale in sorted(counts, key=str.lower):
        yield locale, counts[locale]
