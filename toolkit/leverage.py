"""Leverage: the best existing translation for every sentence of a new English article.

Match classes, tried in this order for each new English sentence:

* ``context``: the article's own previous version (its segments) has the same English with
  the same English neighbours (the sentence before and after, or the article's edge).
* ``exact``: the same English somewhere in the locale's translation memory (every article
  of that locale, and ``--tm`` files); the article's own segment is preferred, then the
  translation most segments give.
* ``repetition``: the same English earlier in this job (this locale) that had no context
  or exact match: it is translated once.
* fuzzy bands ``95-99``, ``85-94``, ``75-84``, ``50-74``: the best memory entry by
  similarity, else ``new``.

"Same English" compares the :func:`placeable_text` with white space dropped: visible
text where every inline code (bold, link, code span…) is one placeable character that
stands for its kind, type, syntax, target and text, so a changed link target with unchanged
words, or ``**`` turned into ``<strong>``, is not an exact match. The similarity is
rapidfuzz's ``fuzz.ratio`` of the two placeable texts, white space collapsed:
``100 * (1 - (insertions + deletions) / (len(a) + len(b)))``,
rounded down, and at most 99 when the texts differ. Candidates come from an inverted index
of words (:class:`Memory`): only entries sharing the query's rarer words are scored.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

from rapidfuzz import fuzz, process

from toolkit.align.sentences import Sentence, normalize
from toolkit.inline import NO_REFERENCES, References, parse_inline, parse_translation
from toolkit.model import Article, Code, CodeKind, Inline
from toolkit.sxs import link_references


class Band(StrEnum):
    """Match classes, best first."""

    CONTEXT = "context"
    EXACT = "exact"
    REPETITION = "repetition"
    FUZZY_95 = "95-99"
    FUZZY_85 = "85-94"
    FUZZY_75 = "75-84"
    FUZZY_50 = "50-74"
    NEW = "new"

    @property
    def reused(self) -> bool:
        """Whether the translation is taken as it is (nothing left to do)."""
        return self in (Band.CONTEXT, Band.EXACT)


FUZZY_FLOOR = 50
RARE_WORDS = 8
"""How many of a query's rarest words pick the fuzzy candidates."""
_BANDS = ((95, Band.FUZZY_95), (85, Band.FUZZY_85), (75, Band.FUZZY_75), (FUZZY_FLOOR, Band.FUZZY_50))


def band_of(score: int) -> Band:
    """The fuzzy band of a similarity score (``new`` below 50)."""
    return next((band for floor, band in _BANDS if score >= floor), Band.NEW)


_MEMO: dict[str, str] = {}
_MEMO_BOUND = 200_000


def placeable_text(inline: Inline) -> str:
    """Visible text with each inline code as one private-use character naming the code.

    Memoized by markup (every locale's memory holds the same English halves); the memo is
    emptied when it fills up."""
    text = _MEMO.get(inline.markup)
    if text is None:
        if len(_MEMO) >= _MEMO_BOUND:
            _MEMO.clear()
        text = _MEMO[inline.markup] = normalize(
            "".join(part if isinstance(part, str) else _placeable(part) for part in inline.parts)
        )
    return text


def _placeable(code: Code) -> str:
    """One character per code; a closing code stands for its type and syntax only, so a
    changed link target costs one placeable, not two. The syntax counts: ``**`` where the
    translation has ``<strong>`` is markup the translator must change, so not an exact match."""
    kind, syntax = code.kind.value, code.syntax.value
    fields = (kind, code.type, syntax) if code.kind is CodeKind.CLOSE else (kind, code.type, syntax, code.target, code.text)
    identity = "\0".join(fields).encode("utf-8", "surrogatepass")
    return chr(0xE000 + zlib.crc32(identity) % 6400)


_KEYS: dict[str, str] = {}


def clear_memo() -> None:
    """Empty the placeable-text and key memos (see :mod:`toolkit.caches`)."""
    _MEMO.clear()
    _KEYS.clear()
    _WORDS.clear()


def key_of(inline: Inline) -> str:
    """What "same English" compares: :func:`placeable_text` without white space (memoized by markup)."""
    key = _KEYS.get(inline.markup)
    if key is None:
        if len(_KEYS) >= _MEMO_BOUND:
            _KEYS.clear()
        key = _KEYS[inline.markup] = "".join(placeable_text(inline).split())
    return key


@dataclass(frozen=True, slots=True)
class Entry:
    """One translation memory entry: an English half and its translation.

    It keeps the markup, not the parsed halves: a locale's memory travels to the worker
    processes (:mod:`toolkit.commands.update`), and strings cost a fraction of parsed
    halves to send. :attr:`source` and :attr:`target` parse the markup when asked (with
    the article's link reference definitions, as its reader did; memoized), which only a
    kit's suggestions need."""

    source_markup: str
    target_markup: str
    origin: str
    """Where it comes from: ``path`` of the article, or the ``--tm`` file."""
    segment: str = ""
    """The segment id in that article (empty for ``--tm`` entries)."""
    references: References = NO_REFERENCES
    """The article's link reference definitions (empty when no half may use one)."""
    parsed: tuple[Inline, Inline] | None = None
    """The halves as read, for an entry not read from an article (``--tm`` files)."""

    @classmethod
    def of(cls, source: Inline, target: Inline, origin: str, segment: str = "") -> Entry:
        """An entry for halves already parsed (kept as they are)."""
        return cls(source.markup, target.markup, origin, segment, parsed=(source, target))

    @property
    def source(self) -> Inline:
        return self.parsed[0] if self.parsed else parse_inline(self.source_markup, self.references)

    @property
    def target(self) -> Inline:
        return self.parsed[1] if self.parsed else parse_translation(self.target_markup, self.references)


def usable(target: Inline) -> bool:
    """Whether a translation has text or codes (an empty one is never offered)."""
    return bool(target.text.strip() or target.codes)


@dataclass(frozen=True, slots=True)
class Known:
    """An article's segments as leverage needs them, worked out where the article is
    parsed, column by column: tuples of strings cost next to nothing to send between
    processes, where an object per segment costs more than parsing the article again."""

    path: str
    ids: tuple[str, ...]
    sources: tuple[str, ...]
    """The English halves' markup."""
    targets: tuple[str, ...]
    keys: tuple[str, ...]
    """Each English half's :func:`key_of`."""
    texts: tuple[str, ...]
    """Each English half's :func:`placeable_text`."""
    usable: tuple[bool, ...]
    references: References = NO_REFERENCES

    @classmethod
    def of(cls, article: Article) -> Known:
        segments = article.segments
        linked = any("]" in s.source.markup or "]" in s.target.markup for s in segments)
        return cls(
            article.path,
            tuple(s.id for s in segments),
            tuple(s.source.markup for s in segments),
            tuple(s.target.markup for s in segments),
            tuple(key_of(s.source) for s in segments),
            tuple(placeable_text(s.source) for s in segments),
            tuple(usable(s.target) for s in segments),
            link_references(article) if linked else NO_REFERENCES,
        )

    def entry(self, index: int) -> Entry:
        return Entry(self.sources[index], self.targets[index], self.path, self.ids[index], self.references)


@dataclass(frozen=True, slots=True)
class Suggestion:
    score: int
    entry: Entry


@dataclass(frozen=True, slots=True)
class Leveraged:
    """One new English sentence and what the memory offers for it."""

    sentence: Sentence
    source: Inline
    """The sentence's inline markup, parsed."""
    band: Band
    score: int
    """100 for context, exact and repetition; the best similarity otherwise (0 for new)."""
    suggestions: tuple[Suggestion, ...]
    """Best first; for context and exact matches the first is the translation used."""

    @property
    def translation(self) -> Entry | None:
        """The entry whose translation is used (context and exact matches)."""
        return self.suggestions[0].entry if self.band.reused else None


_WORD = re.compile(r"\w+|[\ue000-\uf8ff]")
_WORDS: dict[str, frozenset[str]] = {}


def words_of(text: str) -> frozenset[str]:
    """The distinct lower-case words and placeables of a placeable text (memoized: every
    locale's memory holds the same English halves)."""
    found = _WORDS.get(text)
    if found is None:
        if len(_WORDS) >= _MEMO_BOUND:
            _WORDS.clear()
        found = _WORDS[text] = frozenset(_WORD.findall(text.lower()))
    return found


_Row = tuple[str, str, str, str, References]
"""An entry as the memory keeps it: (source, target, origin, segment, references)."""


class Memory:
    """A locale's translation memory: exact lookup by key, fuzzy lookup through an index.

    Entries are kept as rows of strings (sent to worker processes whole, see
    :mod:`toolkit.commands.update`), made :class:`Entry` objects when looked up."""

    def __init__(self) -> None:
        self._rows: list[_Row] = []
        self._parsed: dict[int, tuple[Inline, Inline]] = {}
        self._exact: dict[str, list[int]] = {}
        self._texts: list[str] = []
        self._keys: list[str] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._found: dict[tuple[str, int, int], tuple[Suggestion, ...]] = {}
        """Fuzzy lookups already made (a repeated sentence is looked up once)."""

    def __getstate__(self) -> dict[str, object]:
        return self.__dict__ | {"_found": {}}

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, entry: Entry) -> None:
        if usable(entry.target):
            source = entry.source
            row = (entry.source_markup, entry.target_markup, entry.origin, entry.segment, entry.references)
            if entry.parsed:
                self._parsed[len(self._rows)] = entry.parsed
            self._add(key_of(source), placeable_text(source), row)

    def add_known(self, known: Known) -> None:
        """The usable segments of one article."""
        path, references = known.path, known.references
        for index, keep in enumerate(known.usable):
            if keep:
                row = (known.sources[index], known.targets[index], path, known.ids[index], references)
                self._add(known.keys[index], known.texts[index], row)

    def _add(self, key: str, text: str, row: _Row) -> None:
        self._found.clear()
        found = self._exact.get(key)
        if found is None:
            found = self._exact[key] = []
            number = len(self._keys)
            self._keys.append(key)
            self._texts.append(text)
            postings = self._postings
            for word in words_of(text):
                postings[word].append(number)
        found.append(len(self._rows))
        self._rows.append(row)

    def add_article(self, article: Article) -> None:
        self.add_known(Known.of(article))

    def _entry(self, number: int) -> Entry:
        return Entry(*self._rows[number], parsed=self._parsed.get(number))

    def exact(self, key: str, prefer: str = "") -> Entry | None:
        """The entry for ``key``: from the article ``prefer`` when it has one, else the
        translation most entries agree on (the first seen among equals)."""
        found = self._exact.get(key)
        if not found:
            return None
        if len(found) == 1:
            return self._entry(found[0])
        rows = self._rows
        own = next((n for n in found if rows[n][2] == prefer), None) if prefer else None
        if own is not None:
            return self._entry(own)
        votes = Counter(rows[n][1] for n in found)
        best = max(votes.values())
        return self._entry(next(n for n in found if votes[rows[n][1]] == best))

    def fuzzy(self, inline: Inline, limit: int = 3, candidates: int = 40) -> list[Suggestion]:
        """The ``limit`` best entries scoring at least 50, best first.

        Candidates are the entries sharing the most of the query's :data:`RARE_WORDS`
        rarest words (a word in more than a fiftieth of the memory is left out unless
        nothing rarer is there); only they are scored."""
        text = placeable_text(inline)
        done = self._found.get((text, limit, candidates))
        if done is None:
            done = self._found[text, limit, candidates] = tuple(self._fuzzy(text, limit, candidates))
        return list(done)

    def _fuzzy(self, text: str, limit: int, candidates: int) -> list[Suggestion]:
        key = "".join(text.split())
        postings = self._postings
        ceiling = max(50, len(self._keys) // 50)
        usable = sorted((w for w in words_of(text) if w in postings), key=lambda w: (len(postings[w]), w))
        rare = [w for w in usable if len(postings[w]) <= ceiling][:RARE_WORDS] or usable[:2]
        shared = Counter(chain.from_iterable(postings[word] for word in rare))
        ranked = sorted(shared, key=shared.__getitem__, reverse=True)[:candidates]  # most_common's order, without its heap
        texts, keys = self._texts, self._keys
        found = process.extract(text, [texts[n] for n in ranked], scorer=fuzz.ratio, limit=None, score_cutoff=FUZZY_FLOOR)
        scored = [(min(int(score), 99), ranked[at]) for _, score, at in found if keys[ranked[at]] != key]
        scored.sort(key=lambda item: (-item[0], item[1]))
        result = []
        for score, number in scored[:limit]:
            entry = self.exact(keys[number])
            if entry is not None:
                result.append(Suggestion(score, entry))
        return result


def _in_context(keys: Sequence[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """Each key with the one before and after it (None at the article's edges)."""
    return zip(keys, (None, *keys[:-1]), (*keys[1:], None), strict=False)  # no keys: the others hold one None


class Job:
    """One locale's leverage run: the memory, and the English already seen (repetitions).

    ``seen`` starts a job part way through a locale (a worker process given one article):
    the keys of this article's English that the locale's earlier articles had."""

    def __init__(self, memory: Memory, seen: Iterable[str] = ()) -> None:
        self.memory = memory
        self.seen: set[str] = set(seen)

    def leverage(self, sentences: Sequence[Sentence], previous: Known | None = None) -> list[Leveraged]:
        """Every new English sentence of an article, with its match class and suggestions;
        ``previous`` is the segments of the article's old version."""
        inlines = [parse_inline(s.markup) for s in sentences]
        keys = [key_of(i) for i in inlines]
        context: dict[tuple[str, str | None, str | None], int] = {}
        for index, around in enumerate(_in_context(previous.keys if previous else ())):
            context.setdefault(around, index)
        own = previous.path if previous else ""
        result = []
        for sentence, inline, around in zip(sentences, inlines, _in_context(keys), strict=True):
            key = around[0]
            at = context.get(around)
            if at is not None and previous is not None and previous.usable[at]:
                self.seen.add(key)
                result.append(Leveraged(sentence, inline, Band.CONTEXT, 100, (Suggestion(100, previous.entry(at)),)))
            else:
                result.append(self._one(sentence, inline, key, own))
        return result

    def _one(self, sentence: Sentence, inline: Inline, key: str, own: str) -> Leveraged:
        exact = self.memory.exact(key, own)
        if exact is not None:
            self.seen.add(key)
            return Leveraged(sentence, inline, Band.EXACT, 100, (Suggestion(100, exact),))
        suggestions = tuple(self.memory.fuzzy(inline))
        if key in self.seen:
            return Leveraged(sentence, inline, Band.REPETITION, 100, suggestions)
        self.seen.add(key)
        score = suggestions[0].score if suggestions else 0
        return Leveraged(sentence, inline, band_of(score), score, suggestions)


def sentence_keys(sentences: Iterable[Sentence]) -> tuple[str, ...]:
    """What :class:`Job` compares a new article's sentences on (for repetitions)."""
    return tuple(key_of(parse_inline(s.markup)) for s in sentences)


def memory_of(articles: Iterable[Article], extra: Iterable[Entry] = ()) -> Memory:
    """A memory of every segment of ``articles`` and the ``extra`` entries."""
    memory = Memory()
    for article in articles:
        memory.add_article(article)
    for entry in extra:
        memory.add(entry)
    return memory


def band_counts(leveraged: Iterable[Leveraged]) -> Iterator[tuple[Band, int]]:
    counts = Counter(item.band for item in leveraged)
    for band in Band:
        yield band, counts[band]
