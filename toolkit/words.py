"""Word and character counts of plain text, the way translation tools count them.

A word is a run of letters or digits (``don't``, ``1,000.5`` and ``e-mail`` are one word);
each Chinese character, kana and other CJK ideograph counts as one word, since those scripts
write no spaces (CAT tools count them the same way). Thai writes no spaces between words
either, and nothing here splits it: a Thai run counts as one word, so Thai counts are low.
Characters are counted without whitespace.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from toolkit.model import Segment

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
"""Combining marks that are not word characters to ``re`` (Latin accents, Arabic vowels, Thai)."""
_MARK = re.compile(f"[{_MARKS}]")
_DROP_MARKS = {
    code: None for low, high in re.findall(r"(.)(?:-(.))?", _MARKS, re.DOTALL) for code in range(ord(low), ord(high or low) + 1)
}
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTERS = rf"[^\W_{_CJK}]+"
_WORD = re.compile(rf"{_LETTERS}(?:['\u2019.,\-]{_LETTERS})*")


class Count(NamedTuple):
    words: int
    characters: int

    def __add__(self, other: object) -> Count:
        if not isinstance(other, Count):
            return NotImplemented
        return Count(self.words + other.words, self.characters + other.characters)


def count(text: str) -> Count:
    """Words and non-space characters of ``text``."""
    characters = len("".join(text.split()))
    if _MARK.search(text):  # marks inside a word must not split it (dropping them is cheaper than matching them)
        text = text.translate(_DROP_MARKS)
    return Count(len(_WORD.findall(text)) + len(_CJK_CHAR.findall(text)), characters)


def count_all(texts: Iterable[str]) -> Count:
    """The sum of :func:`count` over ``texts``, in one pass over them joined (a line apart: no word spans two)."""
    return count("\n".join(texts))


@lru_cache(maxsize=1024)
def count_english(text: str) -> Count:
    """:func:`count` of an article's English, which every locale of it repeats (counted once)."""
    return count(text)


SIZES = ("source-words", "target-words", "source-chars", "target-chars")
"""The columns of ``loctk stats`` that :func:`sizes` fills."""


def sizes(segments: Iterable[Segment]) -> Counter[str]:
    """Words and characters of the English and of the translation of ``segments`` (one article's)."""
    pairs = list(segments)
    source, target = count_english("\n".join(s.source.text for s in pairs)), count_all(s.target.text for s in pairs)
    return Counter(dict(zip(SIZES, (source.words, target.words, source.characters, target.characters), strict=True)))
