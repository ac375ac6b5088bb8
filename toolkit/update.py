"""Bilingual articles for a new English: leverage planned per locale, articles written.

Rules:

* Work goes locale by locale (memory holds one locale's articles at a time). An article's
  new English is found as ``loctk align`` finds it (:class:`~toolkit.align.source.PathMapping`),
  read at one revision (``--to``, default HEAD) or from a folder snapshot. An article
  whose English is gone is *deleted* (reported, not written); an English file in a folder
  the locale covers with no translation is *added* (every sentence leveraged from the
  memory, or new).
* The updated article is the new English file with each sentence replaced by a pair, so
  all the Markdown around the sentences is the English's; a sentence's lines are joined
  with one space, as the pipeline did. The front matter is the translation's, with
  ``ms.sourcegitcommit`` set to the English commit (when read from git) and
  ``ms.openlocfilehash`` to the SHA-1 of the English file with CRLF line ends (what the
  pipeline writes); an added article gets the English front matter plus those keys,
  ``ms.contentlocale`` and the ``ms.translationtype`` most of the locale's articles have.
* Ids (one rule): a sentence whose translation comes from its own article (a context or
  exact match on one of the article's segments) keeps that segment's id, once; every other
  sentence gets the next number after the article's highest, in document order. The prefix
  is the article's own (an added article's is the first five hex digits of the SHA-1 of its
  English path).
* An ATX heading with a sentence gets the anchor the pipeline puts at the start of its
  text, ``<a name="SLUG"></a>``, so links to ``#SLUG`` keep working once the heading is
  translated: SLUG is the English heading's visible text (an include counting as its
  label) in lower case, every character but letters, digits, ``_``, ``-`` and spaces
  dropped, spaces made ``-`` (how DocFX names headings). The English's own anchors follow it.
* Convention for what still needs work: **the English in both halves** (check's C004
  reports it, ``loctk kit`` exports it, ``merge`` fills it); ``pending.json`` beside the
  output lists each such id with its match class and best score.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from toolkit.align.sentences import Sentence, sentences_of
from toolkit.align.source import English, PathMapping
from toolkit.docs import relative_path
from toolkit.inline import parse_inline
from toolkit.leverage import Band, Job, Known, Leveraged, Memory, sentence_keys
from toolkit.model import Article, BlockKind, Code


@dataclass(frozen=True, slots=True)
class Prior:
    """What updating needs of the translation being updated: small, so it travels between
    processes where the parsed article would cost more to send than to parse."""

    path: str
    locale: str
    front_matter: str
    translation_type: str
    """``ms.translationtype`` of its front matter ('' when none)."""
    segments: Known

    @classmethod
    def of(cls, article: Article) -> Prior:
        kind = article.metadata.get("ms.translationtype")
        return cls(article.path, article.locale, article.front_matter, str(kind) if kind else "", Known.of(article))


@dataclass(frozen=True, slots=True)
class Task:
    """One article of a locale to plan: an updated one (``previous``) or an added one."""

    locale: str
    output: str
    """Where it goes, relative to the output folder (mirrors the input tree)."""
    english_path: str
    previous: Prior | None
    translation_type: str = ""
    """``ms.translationtype`` for an added article: the one most of the locale's articles have."""


@dataclass(frozen=True, slots=True)
class Planned:
    """One article of a locale for the new English."""

    locale: str
    output: str
    """Where it goes, relative to the output folder (mirrors the input tree)."""
    english_path: str
    previous: Prior | None
    """The translation being updated; None for an added article."""
    english: str | None
    """The new English text; None when the article was deleted from the English."""
    leveraged: tuple[Leveraged, ...]
    translation_type: str = ""
    """``ms.translationtype`` for an added article: the one most of the locale's articles have."""
    layout: Layout | None = None
    """The new English's :class:`Layout`, when it was made with the cut (:meth:`Planner.read`)."""

    @property
    def status(self) -> str:
        return "deleted" if self.english is None else "added" if self.previous is None else "updated"


@dataclass(frozen=True, slots=True)
class Layout:
    """What every locale's updated article keeps of an English file: its front matter, the
    text between its sentences (headings' anchors put in, see :func:`heading_anchor`), and
    each sentence's markup with its lines joined (:func:`layout_of`)."""

    front: str
    between: tuple[str, ...]
    """Before the first sentence, between each two, after the last: one more than the sentences."""
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EnglishFile:
    """An English article read and cut once: what every locale's update of it needs (small
    enough to send to the worker processes, where cutting it again would cost more)."""

    text: str
    sentences: tuple[Sentence, ...]
    keys: tuple[str, ...]
    """Each sentence's key (:func:`~toolkit.leverage.sentence_keys`): what tells a repetition."""
    layout: Layout | None
    """None when a sentence cannot be found in the text (:func:`write_updated` says which)."""


@dataclass(frozen=True, slots=True)
class Written:
    """An updated article's text and what each of its pairs holds."""

    text: str
    ids: tuple[str, ...]
    """The pair id of each new English sentence, in order."""


def english_hash(text: str) -> str:
    """``ms.openlocfilehash`` of an English file: SHA-1 of its bytes with CRLF line ends."""
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    return hashlib.sha1(data).hexdigest()


class Planner:
    """Plans the articles of one locale against the new English (picklable when its English
    is: worker processes plan one article each, :meth:`planned`)."""

    def __init__(self, english: English, revision: str, mapping: PathMapping) -> None:
        self.english = english
        self.revision = revision
        self.mapping = mapping

    def plan(
        self, locale: str, articles: Sequence[tuple[str, Article | Prior]], memory: Memory, candidates: Iterable[str] = ()
    ) -> Iterator[Planned]:
        """(output path, article) pairs of one locale, then every English file of
        ``candidates`` none of them comes from (added articles), in one process."""
        job = Job(memory)
        priors = [(output, a if isinstance(a, Prior) else Prior.of(a)) for output, a in articles]
        for task in self.tasks(locale, priors, candidates):
            yield self.planned(task, job, self.read(task.english_path))

    def english_path(self, prior: Prior) -> str:
        """Where the English of an article is in the English tree."""
        relative = relative_path(prior.path, prior.locale)
        return self.mapping.english_path(relative) or relative

    def read(self, path: str) -> EnglishFile | None:
        """An English file and its sentences (None when it is gone)."""
        text = self.english.read(path, self.revision)
        return None if text is None else cut_english(text)

    def tasks(self, locale: str, priors: Sequence[tuple[str, Prior]], candidates: Iterable[str] = ()) -> list[Task]:
        """The articles :meth:`plan` plans, in its order: the updated ones, then the added
        ones (English files of ``candidates`` that exist and none of ``priors`` comes from)."""
        tasks = []
        used = set()
        base = ""
        for output, prior in priors:
            relative = relative_path(prior.path, prior.locale)
            path = self.english_path(prior)
            used.add(path)
            base = output[: len(output) - len(relative)] if output.endswith(relative) else base
            tasks.append(Task(locale, output, path, prior))
        lead = self._lead(prior for _, prior in priors)
        kinds = Counter(prior.translation_type for _, prior in priors if prior.translation_type)
        kind = kinds.most_common(1)[0][0] if kinds else ""
        for path in candidates:
            if path in used or not path.startswith(self.mapping.prefix) or self.english.read(path, self.revision) is None:
                continue
            tasks.append(Task(locale, base + lead + path[len(self.mapping.prefix) :], path, None, kind))
        return tasks

    def planned(self, task: Task, job: Job, english: EnglishFile | None) -> Planned:
        """One article planned with ``job`` (the locale's memory, and the English it has seen)
        against its new English (:meth:`read`; None when it is gone)."""
        previous = task.previous
        if english is None:
            return Planned(task.locale, task.output, task.english_path, previous, None, (), task.translation_type)
        leveraged = tuple(job.leverage(english.sentences, previous.segments if previous else None))
        return Planned(
            task.locale, task.output, task.english_path, previous, english.text, leveraged, task.translation_type, english.layout
        )

    def _lead(self, priors: Iterable[Prior]) -> str:
        """The folders the mapping drops from the articles' paths (``articles/``)."""
        for prior in priors:
            parts = relative_path(prior.path, prior.locale).split("/")
            if len(parts) > self.mapping.strip:
                return "".join(p + "/" for p in parts[: self.mapping.strip])
        return ""


def added_candidates(files: Iterable[str], covered: Iterable[str]) -> list[str]:
    """English Markdown files in the folders of ``covered`` English paths (what a locale
    that translates those folders should have)."""
    folders = {str(PurePath(p).parent) for p in covered}
    return [f for f in files if f.lower().endswith(".md") and str(PurePath(f).parent) in folders]


# --- writing -------------------------------------------------------------------------------

_CONTINUATION = re.compile(r"[ \t]*\r?\n[ \t>]*")
_JOIN = re.compile(r"[ \t]*\r?\n[ \t>]*")
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def locate(markdown: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Where each sentence's markup is in the English file, in order (lines of a sentence
    may be separated by indentation or ``>`` markers in the file)."""
    front = _FRONT.match(markdown)
    cursor = front.end() if front else 0
    spans = []
    for sentence in sentences:
        lines = [line.strip(" \t") for line in sentence.markup.split("\n")]
        start = markdown.find(lines[0], cursor)
        while start >= 0:
            end = _rest(markdown, start + len(lines[0]), lines[1:])
            if end >= 0:
                break
            start = markdown.find(lines[0], start + 1)
        else:
            raise ValueError(f"sentence not found in the English: {sentence.markup[:60]!r}")
        spans.append((start, end))
        cursor = end
    return spans


def _rest(markdown: str, position: int, lines: Sequence[str]) -> int:
    """The end of ``lines`` following ``position`` across line breaks and their
    continuation markers, or -1."""
    for line in lines:
        found = _CONTINUATION.match(markdown, position)
        if found is None or not markdown.startswith(line, found.end()):
            return -1
        position = found.end() + len(line)
    return position


def assign_ids(planned: Planned) -> list[str]:
    """Pair ids by the module's rule."""
    previous = planned.previous
    ids_before = previous.segments.ids if previous else ()
    prefixes = [p for p in (i.rpartition("-")[0] for i in ids_before) if p]
    prefix = (
        max(set(prefixes), key=prefixes.count) if prefixes else hashlib.sha1(planned.english_path.encode("utf-8")).hexdigest()[:5]
    )
    numbers = [int(tail) for tail in (i.rpartition("-")[2] for i in ids_before) if tail.isdigit()]
    following = max(numbers, default=100) + 1
    taken: set[str] = set()
    ids = []
    for item in planned.leveraged:
        entry = item.suggestions[0].entry if item.band.reused and item.suggestions else None
        own = entry is not None and previous is not None and entry.origin == previous.path and entry.segment
        if own and entry is not None and entry.segment not in taken:
            ids.append(entry.segment)
            taken.add(entry.segment)
        else:
            while f"{prefix}-{following}" in taken:
                following += 1
            ids.append(f"{prefix}-{following}")
            taken.add(ids[-1])
            following += 1
    return ids


def pair(segment_id: str, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="{segment_id}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="{segment_id}">{source}</span></span>'
    )


def with_edges_of(english: str, translation: str) -> str:
    """A reused translation with the white space at its edges taken from the English it now
    translates: the English it was made for may have had other edges (a table cell's line
    breaks), and a pair's edges follow its English (check ``C007``)."""
    core = translation.strip()
    if not core:
        return translation
    lead = english[: len(english) - len(english.lstrip())]
    return lead + core + english[len(english.rstrip()) :]


@lru_cache(maxsize=2048)
def cut_english(text: str) -> EnglishFile:
    """An English file's sentences, their keys and its layout (memoized: a process that
    plans several locales, as the library does, cuts each English file once)."""
    sentences = sentences_of(text)
    try:
        layout: Layout | None = layout_of(text, sentences)
    except ValueError:
        layout = None
    return EnglishFile(text, sentences, sentence_keys(sentences), layout)


def layout_of(english: str, sentences: Sequence[Sentence]) -> Layout:
    """The parts of an English file that its updated articles keep (ValueError when a
    sentence is not found in it)."""
    spans = locate(english, sentences)
    front = _FRONT.match(english)
    cursor = front.end() if front else 0
    between = []
    for (start, end), sentence in zip(spans, sentences, strict=True):
        anchor = heading_anchor(english, cursor, start) if sentence.kind is BlockKind.HEADING else None
        if anchor is not None:
            between.append(english[cursor : anchor[0]] + anchor[1] + english[anchor[0] : start])
        else:
            between.append(english[cursor:start])
        cursor = end
    between.append(english[cursor:])
    sources = tuple(_JOIN.sub(" ", english[start:end]) for start, end in spans)
    return Layout(english[: front.end()] if front else "", tuple(between), sources)


def write_updated(planned: Planned, commit: str = "") -> Written:
    """The bilingual article for the new English."""
    english = planned.english
    if english is None:
        raise ValueError(f"{planned.output}: the English article was deleted")
    layout = planned.layout or layout_of(english, [item.sentence for item in planned.leveraged])
    ids = assign_ids(planned)
    pieces = [_front_matter(planned, layout.front, commit), layout.between[0]]
    for item, segment_id, source, after in zip(planned.leveraged, ids, layout.sources, layout.between[1:], strict=True):
        translation = item.translation
        target = with_edges_of(source, translation.target_markup) if translation is not None else source
        pieces.append(pair(segment_id, target, source))
        pieces.append(after)
    return Written("".join(pieces), tuple(ids))


_HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


def heading_anchor(markdown: str, cursor: int, start: int) -> tuple[int, str] | None:
    """Where an ATX heading's text begins and its ``<a name="slug"></a>``, when the sentence at
    ``start`` is the first of that heading after ``cursor`` (None otherwise)."""
    line_start = markdown.rfind("\n", 0, start) + 1
    opening = _HEADING_START.match(markdown, line_start, start)
    if opening is None or opening.end() < cursor:
        return None
    end = markdown.find("\n", start)
    text = _CLOSING_HASHES.sub("", markdown[opening.end() : len(markdown) if end < 0 else end].rstrip("\r"))
    inline = parse_inline(text)
    visible = "".join(part if isinstance(part, str) else _label(part) for part in inline.parts)
    return opening.end(), f'<a name="{slug(visible)}"></a>'


_INCLUDE_LABEL = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]", re.IGNORECASE)


def _label(code: Code) -> str:
    """What a code adds to a heading's anchor: an include's label (DocFX reads it as text)."""
    found = _INCLUDE_LABEL.match(code.markup) if code.type == "include" else None
    return found.group(1) if found else ""


def slug(text: str) -> str:
    """A heading's anchor name, as DocFX makes it."""
    return re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")


_KEY_LINE = r"(?m)^({key}[ \t]*:[ \t]*)(.*?)([ \t]*\r?$)"


def _set_key(front: str, key: str, value: str) -> str:
    """``key: value`` in a raw front matter: the line replaced, or added before the closing fence."""
    pattern = re.compile(_KEY_LINE.format(key=re.escape(key)))
    if pattern.search(front):
        return pattern.sub(lambda m: m.group(1) + value + m.group(3), front, count=1)
    closing = re.search(r"(?m)^(?:---|\.\.\.)[ \t]*\r?\n?\Z", front)
    if closing is None:
        return front
    newline = "\r\n" if "\r\n" in front else "\n"
    return front[: closing.start()] + f"{key}: {value}{newline}" + front[closing.start() :]


def _front_matter(planned: Planned, english_front: str, commit: str) -> str:
    english = planned.english or ""
    if planned.previous is not None and planned.previous.front_matter:
        front = planned.previous.front_matter
    else:
        front = english_front or "---\n---\n"
        front = _set_key(front, "ms.contentlocale", planned.locale)
        if planned.translation_type:
            front = _set_key(front, "ms.translationtype", planned.translation_type)
    front = _set_key(front, "ms.openlocfilehash", english_hash(english))
    if commit:
        front = _set_key(front, "ms.sourcegitcommit", commit)
    if not front.endswith("\n"):
        front += "\n"
    return front


def pending(planned: Planned, written: Written) -> list[dict[str, object]]:
    """The manifest rows of an article: the ids that still need work."""
    return [
        {"id": segment_id, "band": item.band.value, "score": item.score, "english": item.sentence.text}
        for item, segment_id in zip(planned.leveraged, written.ids, strict=True)
        if not item.band.reused
    ]


def reused(leveraged: Iterable[Leveraged]) -> int:
    return sum(1 for item in leveraged if item.band in (Band.CONTEXT, Band.EXACT))
