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

from rapidfuzz import fuzz

from toolkit.align.sentences import Sentence, normalize
from toolkit.inline import parse_inline
from toolkit.model import Article, Code, CodeKind, Inline


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
    """One translation memory entry: an English half and its translation."""

    source: Inline
    target: Inline
    origin: str
    """Where it comes from: ``path`` of the article, or the ``--tm`` file."""
    segment: str = ""
    """The segment id in that article (empty for ``--tm`` entries)."""


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
    def translation(self) -> Inline | None:
        return self.suggestions[0].entry.target if self.band.reused else None


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


class Memory:
    """A locale's translation memory: exact lookup by key, fuzzy lookup through an index."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = {}
        self._texts: list[str] = []
        self._keys: list[str] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, entry: Entry) -> None:
        if not entry.target.text.strip() and not entry.target.codes:
            return
        key = key_of(entry.source)
        found = self._exact.get(key)
        if found is None:
            found = self._exact[key] = []
            text = placeable_text(entry.source)
            number = len(self._keys)
            self._keys.append(key)
            self._texts.append(text)
            postings = self._postings
            for word in words_of(text):
                postings[word].append(number)
        found.append(entry)

    def add_article(self, article: Article) -> None:
        for segment in article.segments:
            self.add(Entry(segment.source, segment.target, article.path, segment.id))

    def exact(self, key: str, prefer: str = "") -> Entry | None:
        """The entry for ``key``: from the article ``prefer`` when it has one, else the
        translation most entries agree on (the first seen among equals)."""
        found = self._exact.get(key)
        if not found:
            return None
        own = next((e for e in found if e.origin == prefer), None) if prefer else None
        if own is not None:
            return own
        votes = Counter(e.target.markup for e in found)
        best = max(votes.values())
        return next(e for e in found if votes[e.target.markup] == best)

    def fuzzy(self, inline: Inline, limit: int = 3, candidates: int = 40) -> list[Suggestion]:
        """The ``limit`` best entries scoring at least 50, best first.

        Candidates are the entries sharing the most of the query's :data:`RARE_WORDS`
        rarest words (a word in more than a fiftieth of the memory is left out unless
        nothing rarer is there); only they are scored."""
        text = placeable_text(inline)
        key = "".join(text.split())
        words = words_of(text)
        ceiling = max(50, len(self._keys) // 50)
        usable = sorted((w for w in words if w in self._postings), key=lambda w: (len(self._postings[w]), w))
        rare = [w for w in usable if len(self._postings[w]) <= ceiling][:RARE_WORDS] or usable[:2]
        shared: Counter[int] = Counter()
        for word in rare:
            shared.update(self._postings[word])
        scored = []
        for number, _ in shared.most_common(candidates):
            score = int(fuzz.ratio(text, self._texts[number], score_cutoff=FUZZY_FLOOR))
            if score >= FUZZY_FLOOR and self._keys[number] != key:
                scored.append((min(score, 99), number))
        scored.sort(key=lambda item: (-item[0], item[1]))
        result = []
        for score, number in scored[:limit]:
            entry = self.exact(self._keys[number])
            if entry is not None:
                result.append(Suggestion(score, entry))
        return result


def _neighbours(keys: Sequence[str], index: int) -> tuple[str | None, str | None]:
    return (keys[index - 1] if index else None, keys[index + 1] if index + 1 < len(keys) else None)


class Job:
    """One locale's leverage run: the memory, and the English already seen (repetitions)."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self.seen: set[str] = set()

    def leverage(self, sentences: Sequence[Sentence], previous: Article | None) -> list[Leveraged]:
        """Every new English sentence of an article, with its match class and suggestions."""
        inlines = [parse_inline(s.markup) for s in sentences]
        keys = [key_of(i) for i in inlines]
        old_keys = [key_of(s.source) for s in previous.segments] if previous else []
        context: dict[tuple[str, str | None, str | None], int] = {}
        for index, key in enumerate(old_keys):
            context.setdefault((key, *_neighbours(old_keys, index)), index)
        own = previous.path if previous else ""
        result = []
        for index, (sentence, inline, key) in enumerate(zip(sentences, inlines, keys, strict=True)):
            result.append(self._one(sentence, inline, key, context.get((key, *_neighbours(keys, index))), previous, own))
        return result

    def _one(self, sentence: Sentence, inline: Inline, key: str, at: int | None, previous: Article | None, own: str) -> Leveraged:
        if at is not None and previous is not None:
            segment = previous.segments[at]
            entry = Entry(segment.source, segment.target, previous.path, segment.id)
            if entry.target.text.strip() or entry.target.codes:
                self.seen.add(key)
                return Leveraged(sentence, inline, Band.CONTEXT, 100, (Suggestion(100, entry),))
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
