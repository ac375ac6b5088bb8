"""Translations against the English they should come from: which are out of date.

Rules:

* The English is a folder (:class:`FolderEnglish`) or a git repository read at a revision
  (:class:`GitEnglish`: each article at its own ``ms.sourcegitcommit``, or every article
  at one ``--to`` revision).
* An article's English file is found by its path below the locale folder
  (``<locale>/articles/x.md`` → ``articles/x.md``), mapped onto the English tree by one
  :class:`PathMapping` detected from all the articles at once: the folder given may be the
  repository root, its ``articles`` folder or any folder above the repository. The
  mapping is reported; an article it does not place is "no English article", never
  matched by file name alone.
* A segment whose English has the :func:`~toolkit.align.sentences.compare_key` of a
  sentence of that file is ``current``. The others are paired one-to-one, best similarity
  first, with the English sentences no segment has: a pair scoring at least
  :data:`CHANGED_AT` is ``changed``, an unpaired segment ``removed``, and an unpaired
  English sentence ``new``. Candidates come from rapidfuzz's ``extract`` with a score
  cutoff (it skips pairs whose lengths alone rule them out), never from scoring every pair
  in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Protocol

from rapidfuzz import fuzz, process

from toolkit.align.sentences import Sentence, compare_key, normalize, sentences_of
from toolkit.docs import relative_path
from toolkit.errors import UsageError
from toolkit.gitstore import GitStore
from toolkit.model import Article
from toolkit.sources import process_store

CHANGED_AT = 0.6
"""Least similarity for a segment to count as an edit of a new sentence: rapidfuzz's
``fuzz.ratio`` / 100, i.e. 1 - (insertions + deletions) / (len(a) + len(b))."""


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
    """The article's path in the English tree (``articles/x.md``)."""
    english: str | None
    """Where the English was read (a file, or ``repo@commit:path``); None when there is none."""
    matches: tuple[Match, ...]
    revision: str = ""
    """The git revision the English was read at; empty for a folder."""

    def count(self, status: Status) -> int:
        return sum(1 for m in self.matches if m.status is status)


@dataclass(frozen=True, slots=True)
class PathMapping:
    """How the articles' paths below their locale folder land in the English tree:
    drop ``strip`` leading folders, then put ``prefix`` in front."""

    strip: int
    prefix: str
    matched: int
    """Articles whose English file the mapping finds."""
    total: int

    def english_path(self, relative: str) -> str | None:
        parts = relative.split("/")
        return self.prefix + "/".join(parts[self.strip :]) if len(parts) > self.strip else None

    def describe(self, root: str) -> str:
        dropped = f" (their first {self.strip} folder(s) dropped)" if self.strip else ""
        place = f"{root.rstrip('/')}/{self.prefix}" if self.prefix else root
        return f"English found under {place}{dropped} for {self.matched} of {self.total} articles"


@dataclass(frozen=True, slots=True)
class SourceAlignment:
    """Every article against the English, and the English files nobody translated."""

    articles: tuple[ArticleAlignment, ...]
    untranslated: tuple[str, ...]
    """English files in the folders the translations cover that no article comes from."""
    mapping: PathMapping | None = None
    where: str = ""
    """What the mapping matched, in words (for the report)."""


class English(Protocol):
    """An English tree: a folder, or a git repository read at revisions."""

    label: str

    def revision(self, article: Article) -> str:
        """The revision to read ``article``'s English at ('' for a folder)."""

    def reference(self, revisions: Iterable[str]) -> str:
        """The revision whose file list stands for the tree (path detection, untranslated files)."""

    def paths(self, revision: str) -> list[str]:
        """Every Markdown and YAML file of the tree at ``revision``, ``/``-separated."""

    def read(self, path: str, revision: str) -> str | None:
        """The text of one file, or None when the tree has no such file at ``revision``."""

    def where(self, path: str, revision: str) -> str:
        """How to name a file for people."""


def english_text(data: bytes) -> str:
    """An English file's text, whichever way it was read: UTF-8 (a bad byte replaced) with CR LF
    and lone CR read as LF, as a text-mode read gives. The pipeline's articles have LF line
    ends whatever the English has, and a blob from git must give the article a snapshot gives."""
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class FolderEnglish:
    """English files in a folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.label = str(root)
        self._paths = sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.suffix.lower() in (".md", ".yml") and p.is_file()
        )

    def revision(self, article: Article) -> str:
        return ""

    def reference(self, revisions: Iterable[str]) -> str:
        return ""

    def paths(self, revision: str) -> list[str]:
        return self._paths

    def read(self, path: str, revision: str) -> str | None:
        file = self.root / path
        return english_text(file.read_bytes()) if file.is_file() else None

    def where(self, path: str, revision: str) -> str:
        return str(self.root / path)


class GitEnglish:
    """English files read from a git repository: each article at its own
    ``ms.sourcegitcommit``, or all at ``to`` when one is given."""

    def __init__(self, store: GitStore, to: str | None = None) -> None:
        self.store = store
        self.to = to
        self.label = store.git_dir + (f"@{to}" if to else "")
        self._texts: dict[str, str] = {}

    def revision(self, article: Article) -> str:
        return self.to or str(article.metadata.get("ms.sourcegitcommit") or "").strip()

    def reference(self, revisions: Iterable[str]) -> str:
        """``to``, else the newest of the articles' commits, else HEAD."""
        if self.to:
            return self.to
        known = [r for r in set(revisions) if r and self.store.commit(r)]
        return max(known, key=lambda r: (self.store.commit_time(r), r)) if known else "HEAD"

    def paths(self, revision: str) -> list[str]:
        return [e.path for e in self.store.list_tree(revision) if e.path.lower().endswith((".md", ".yml"))]

    def read(self, path: str, revision: str) -> str | None:
        oid = self.store.blob_id(revision, path) if revision else None
        if oid is None:
            return None
        if oid not in self._texts:
            data = self.store.read_object(oid)
            if data is None:
                return None
            if len(self._texts) >= 4096:
                self._texts.clear()
            self._texts[oid] = english_text(data)
        return self._texts[oid]

    def where(self, path: str, revision: str) -> str:
        return f"{self.store.git_dir}@{revision[:12]}:{path}"

    def __reduce__(self) -> tuple[object, ...]:
        """A worker process reads through its own ``git cat-file`` (the store's process stays here)."""
        return _git_english, (self.store.git_dir, self.to)


def _git_english(git_dir: str, to: str | None) -> GitEnglish:
    return GitEnglish(process_store(git_dir), to)


def detect_mapping(english: Sequence[str], relatives: Iterable[str]) -> PathMapping:
    """The one :class:`PathMapping` that places the most articles in the English tree.

    Each article votes for the mapping that matches its path's longest tail against each
    English file of the same name. Two mappings of the same depth that place about as many
    articles (two snapshots side by side under the folder given) are ambiguous: a usage
    error, since picking one would be a guess.
    """
    by_name: dict[str, list[list[str]]] = {}
    for path in english:
        parts = path.split("/")
        by_name.setdefault(parts[-1].lower(), []).append(parts)
    wanted = list(dict.fromkeys(relatives))
    votes: Counter[tuple[int, str]] = Counter()
    for relative in wanted:
        parts = relative.split("/")
        for candidate in by_name.get(parts[-1].lower(), ()):
            common = 0
            while common < min(len(parts), len(candidate)) and parts[-1 - common] == candidate[-1 - common]:
                common += 1
            if common:
                votes[len(parts) - common, "".join(p + "/" for p in candidate[: len(candidate) - common])] += 1
    if not votes:
        return PathMapping(0, "", 0, len(wanted))
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0][0], len(item[0][1]), item[0][1]))
    (strip, prefix), _ = ranked[0]
    mapping = PathMapping(strip, prefix, 0, len(wanted))
    found = set(english)
    matched = sum(1 for r in wanted if mapping.english_path(r) in found)
    for (other_strip, other_prefix), count in ranked[1:]:
        if other_strip == strip and count * 2 > matched and not other_prefix.startswith(prefix):
            raise UsageError(
                f"the English folder holds the articles more than once ({prefix or './'} and {other_prefix}): name the one to use"
            )
    return PathMapping(strip, prefix, matched, len(wanted))


def align_article(article: Article, english: English, mapping: PathMapping) -> ArticleAlignment:
    """One article against its English file (every segment ``removed`` when there is none)."""
    relative = relative_path(article.path, article.locale)
    path = mapping.english_path(relative)
    revision = english.revision(article)
    text = english.read(path, revision) if path else None
    sentences = sentences_of(text) if text is not None else ()
    segments = [(s.id, compare_key(s.source), normalize(s.source.text), s.line) for s in article.segments]
    return ArticleAlignment(
        article.path,
        article.locale,
        path or relative,
        english.where(path, revision) if path and text is not None else None,
        tuple(match_segments(segments, sentences)),
        revision,
    )


def match_segments(segments: Sequence[tuple[str, str, str, int]], english: Sequence[Sentence]) -> list[Match]:
    """Statuses for (id, comparison key, normalized English, line) segments against the English sentences."""
    keys = {s.key for s in english}
    matches: dict[int, Match] = {}
    stale = []
    for index, (segment_id, key, text, line) in enumerate(segments):
        if key in keys or not key:
            matches[index] = Match(Status.CURRENT, segment_id, text, line)
        else:
            stale.append(index)
    covered = {segment[1] for segment in segments}
    fresh = [s for s in english if s.key not in covered]
    taken: set[int] = set()
    for score, index, position in best_pairs(tuple(segments[i][1] for i in stale), tuple(s.key for s in fresh)):
        segment = segments[stale[index]]
        if stale[index] in matches or position in taken:
            continue
        matches[stale[index]] = Match(Status.CHANGED, segment[0], segment[2], segment[3], fresh[position].text, score)
        taken.add(position)
    result = [matches.get(i) or Match(Status.REMOVED, s[0], s[2], s[3], score=0.0) for i, s in enumerate(segments)]
    result.extend(Match(Status.NEW, "", s.text, s.line, score=0.0) for i, s in enumerate(fresh) if i not in taken)
    return result


@lru_cache(maxsize=1024)
def best_pairs(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[float, int, int], ...]:
    """(score, old index, new index) of pairs scoring at least :data:`CHANGED_AT`, best first
    (memoized: the locales of an article ask the same question)."""
    pairs = []
    cutoff = CHANGED_AT * 100
    for i, text in enumerate(old):
        for _, score, j in process.extract(text, new, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            pairs.append((round(score / 100, 3), i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return tuple(pairs)


def align_source(articles: Iterable[Article], english: English | str | Path) -> SourceAlignment:
    """Every article against the English (a folder path, or an :class:`English`)."""
    source: English = FolderEnglish(english) if isinstance(english, str | Path) else english
    found = list(articles)
    reference = source.reference(source.revision(a) for a in found)
    files = source.paths(reference)
    mapping = detect_mapping([f for f in files if f.lower().endswith(".md")], (relative_path(a.path, a.locale) for a in found))
    aligned = tuple(align_article(a, source, mapping) for a in found)
    used = {a.relative for a in aligned if a.english}
    folders = {str(PurePath(r).parent) for r in used}
    untranslated = tuple(
        source.where(path, reference)
        for path in files
        if path.lower().endswith(".md") and path not in used and str(PurePath(path).parent) in folders
    )
    where = mapping.describe(source.label) + (f"; file list at {reference[:12]}" if reference else "")
    return SourceAlignment(aligned, untranslated, mapping, where)


def totals(aligned: Iterable[ArticleAlignment]) -> Iterator[tuple[str, dict[Status, int]]]:
    """Per-locale counts of each status, locales sorted."""
    counts: dict[str, dict[Status, int]] = {}
    for article in aligned:
        row = counts.setdefault(article.locale, dict.fromkeys(Status, 0))
        for match in article.matches:
            row[match.status] += 1
    for locale in sorted(counts, key=str.lower):
        yield locale, counts[locale]


def per_commit(aligned: Iterable[ArticleAlignment], commits: Mapping[str, str]) -> list[tuple[str, Counter[Status]]]:
    """Counts of each status per English commit the articles were translated from (``commits``
    maps an article's path to its ``ms.sourcegitcommit``; ``?`` when it has none), most first."""
    counts: dict[str, Counter[Status]] = {}
    for article in aligned:
        counts.setdefault(commits.get(article.path) or "?", Counter()).update(m.status for m in article.matches)
    return sorted(counts.items(), key=lambda item: -item[1].total())
