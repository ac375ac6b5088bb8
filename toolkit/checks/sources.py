"""Same translation, different English: when does it matter (X002)?

On a human-translated corpus nearly every translation shared by two English sentences is
right for both: the English was copy-edited (``Cannot`` / ``Can't``, ``the active accounts`` /
``all active accounts``, ``July 16, 2021`` / ``16-July-21``) and the translation, already
right, was kept. A reader judged 20 of 20 such findings paraphrases. What one translation
cannot render for two English sentences is a difference that must show in any translation:

* a number (values compared as the C001 number check reads them, a year of two digits or four
  being one);
* a negation (``not``, ``no``, ``never``, ``without``, ``n't``…: one sentence has more than
  the other);
* a name: a capitalized word inside the sentence (a UI label, a product, a field) that the
  other sentence does not have, in any case, number (``Detail`` / ``details``), with one typo
  (``Expereince``) or as an acronym (``US`` / ``United States``, ``BPF`` / ``business process
  flow``); where the other sentence says ``he`` or ``she``, a capitalized word may be the person.

:func:`different_sources` works on plain records, one per pair of a locale, so the records
can be made where each file is read and judged together afterwards.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from rapidfuzz.distance import OSA

from toolkit.checks.numbers import same_numbers
from toolkit.checks.profile import numbers_of

_WORD = re.compile(r"[^\W\d_]+")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|nobody|nowhere|neither|nor|cannot|without)\b|n[’']t\b", re.IGNORECASE)  # noqa: RUF001
_PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})
"""Pronouns that stand for a person named in the other sentence (``Nancy met`` / ``she met``)."""
_STARTS = ".:;!?•·–—-*>|(["  # noqa: RUF001 (typography this check is about)
"""What may come before a word that is capitalized because it starts a sentence, item or cell."""


class Record(NamedTuple):
    """One pair of a locale, as X002 compares it."""

    english: str
    """The English normalized (``consistency.normalized``): the key English sentences are counted by."""
    text: str
    """The English plain text, as written."""
    translation: str
    """The translation normalized: the key pairs are grouped by."""


class Different(NamedTuple):
    """A record whose English means something else than the usual English of its translation."""

    position: int
    """Index of the record in the list judged."""
    usual: int
    """Index of a record with the usual English."""
    uses: int
    """How many records have the usual English."""
    difference: str
    """What differs, for the message: ``a number``, ``a negation``, ``the name “Submit”``."""


def _names(text: str) -> list[tuple[int, str]]:
    """Capitalized words not at the start of a sentence, item or cell, with their place among the words."""
    names = []
    for place, match in enumerate(_WORD.finditer(text)):
        before = text[: match.start()].rstrip()
        if match.group()[0].isupper() and before and before[-1] not in _STARTS:
            names.append((place, match.group()))
    return names


def _stem(word: str) -> str:
    """A crude English stem, enough to tell a word from another: case, number and the usual
    endings taken off (``Details``, ``details``, ``detail``; ``Submission``, ``submitting``)."""
    word = word.casefold()
    for ending in ("ssion", "ation", "ting", "ing", "ies", "ion", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def _acronyms(words: list[str], other: list[str]) -> set[int]:
    """Places of the words of ``words`` that spell out an acronym of ``other`` (``United States``
    for ``US``, ``business process flow`` for ``BPF``: three letters or more may spell lowercase)."""
    capitals = "".join(word[0] if word[0].isupper() else " " for word in words)
    initials = "".join(word[0].upper() for word in words)
    found: set[int] = set()
    for acronym in {word for word in other if len(word) >= 2 and word.isupper()}:
        letters = initials if len(acronym) >= 3 else capitals
        start = letters.find(acronym)
        while start >= 0:
            found.update(range(start, start + len(acronym)))
            start = letters.find(acronym, start + 1)
    return found


def _missing(text: str, against: str) -> str:
    """The first name of ``text`` that ``against`` does not have in any form; '' when none."""
    words, others = _WORD.findall(text), _WORD.findall(against)
    stems = {_stem(word) for word in others}
    stems |= {_stem(first + second) for first, second in pairwise(others)}  # Write In / WriteIn
    spelled = _acronyms(words, others)
    person = any(word.casefold() in _PERSONAL for word in others)
    for place, name in _names(text):
        if place in spelled or (person and name.istitle() and len(name) > 2):
            continue
        joined = {_stem(name)}
        if place > 0:
            joined.add(_stem(words[place - 1] + name))
        if place + 1 < len(words):
            joined.add(_stem(name + words[place + 1]))
        if joined & stems or (name.isupper() and _acronyms(others, [name])):
            continue
        if len(name) >= 4 and any(OSA.distance(_stem(name), stem, score_cutoff=1) <= 1 for stem in stems):
            continue  # a typo: Expereince
        return name
    return ""


@lru_cache(maxsize=1 << 12)
def what_differs(usual: str, other: str) -> str:
    """What a translation cannot render the same for both English texts; '' for a paraphrase
    (memoized: an English edit recurs in every locale)."""
    if not same_numbers(numbers_of(usual), numbers_of(other)):
        return "a number"
    if len(_NEGATION.findall(usual)) != len(_NEGATION.findall(other)):
        return "a negation"
    name = _missing(other, usual) or _missing(usual, other)
    return f"the name “{name}”" if name else ""


def different_sources(records: Sequence[Record]) -> Iterator[Different]:
    """The records whose English differs, in what a translation must render, from the English most
    used with the same translation (ties: the first seen), in record order per translation."""
    by_translation: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_translation[record.translation].append(index)
    for members in by_translation.values():
        if len(members) < 2:
            continue
        counts = Counter(records[i].english for i in members)
        if len(counts) < 2:
            continue
        usual, count = counts.most_common(1)[0]
        first = next(i for i in members if records[i].english == usual)
        judged: dict[str, str] = {}
        for i in members:
            english = records[i].english
            if english == usual:
                continue
            if english not in judged:
                judged[english] = what_differs(records[first].text, records[i].text)
            if judged[english]:
                yield Different(i, first, count, judged[english])
