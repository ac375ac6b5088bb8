"""Numbers compared across languages: ``3,000.50`` in English is ``3 000,50`` in French.

A number written in the text (a token of :attr:`~toolkit.checks.profile.Profile.numbers`) is
read with the locale's CLDR decimal and group symbols, or as the English wrote it (versions
such as ``10.0`` stay as they are), or, when it is neither (dates, ``1.0.0.0``), as its digit
groups one by one, since locales reorder dates and write them with other separators. The
translation keeps the English numbers when every English value is among its readings; a
number only added is not reported (CJK writes "two" as 2).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from toolkit.checks.locales import ENGLISH, LocaleRules

_ANY_DECIMAL = ".,\u066b"
_ANY_GROUP = ".,\u00a0\u202f '’\u066c"
"""Symbols used when the locale is unknown: any thousands grouping, any decimal mark."""
_NOT_DIGIT = re.compile(r"\D+")
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s?([AaPp])\.?[Mm]\b\.?")
_US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_THOUSANDS = re.compile(r"\b(\d+)[kK]\b")
_MAYBE_CLOCK = re.compile(r"\d\s?[AaPp]\.?[Mm]")
_MAYBE_THOUSANDS = re.compile(r"\d[kK]")
"""What each pattern above needs, found fast (a pattern that starts with a character set skips to it)."""

Values = tuple[str, ...]


def _clock(match: re.Match[str]) -> str:
    return f"{match[1]}:{match[2]}" if match[2] and match[2] != "00" else match[1]


@lru_cache(maxsize=1 << 12)
def clock_hours(text: str) -> frozenset[tuple[str, str]]:
    """The hours of the English's ``5 PM`` style times, each with its 24-hour form (``5``, ``17``)."""
    if "M" not in text and "m" not in text:
        return frozenset()
    return frozenset((str(int(m[1])), str(int(m[1]) % 12 + (12 if m[3] in "Pp" else 0))) for m in _CLOCK.finditer(text))


def as_written_anywhere(text: str) -> str:
    """English times, dates and shorthands written the way every locale can match them.

    ``7:00 PM`` is ``7`` (a locale writes 19:00, 19.00, 午後7時 or 7 вечера: see
    :func:`clock_hours`), ``10/1/2020`` keeps its day and year only (a locale may write the month
    as a word), ``80k`` is ``80000``.
    """
    if _MAYBE_CLOCK.search(text):
        text = _CLOCK.sub(_clock, text)
    if "/" in text:
        text = _US_DATE.sub(lambda m: f"{m[2]} {m[3]}", text)
    return _THOUSANDS.sub(lambda m: m[1] + "000", text) if _MAYBE_THOUSANDS.search(text) else text


@lru_cache(maxsize=64)
def _grammar(decimal: str, group: str, secondary: int) -> re.Pattern[str]:
    d, g, s = re.escape(decimal), re.escape(group), secondary
    return re.compile(rf"(\d{{1,{s}}}(?:[{g}]\d{{{s}}})*[{g}]\d{{3}}|\d+)(?:[{d}](\d+))?")


def _value(token: str, decimal: str, group: str, secondary: int = 3) -> str | None:
    """``3000.50`` for ``3 000,50`` read with these symbols; None when the token is not one number written so."""
    match = _grammar(decimal, group, secondary).fullmatch(token)
    if match is None:
        return None
    whole = _NOT_DIGIT.sub("", match[1]).lstrip("0") or "0"
    fraction = (match[2] or "").rstrip("0")  # 3000.00 is 3000: translations drop zero decimals
    return f"{whole}.{fraction}" if fraction else whole


@lru_cache(maxsize=1 << 14)
def readings(token: str, decimal: str, group: str, secondary: int = 3) -> tuple[Values, ...]:
    """The ways to read a token, most likely first: with the locale's symbols, with English ones, digit groups."""
    found: list[Values] = []
    for symbols in ((decimal or _ANY_DECIMAL, group or _ANY_GROUP, secondary), (ENGLISH.decimal, ENGLISH.group, 3)):
        value = _value(token, *symbols)
        if value is not None and (value,) not in found:
            found.append((value,))
    found.append(tuple(part.lstrip("0") or "0" for part in _NOT_DIGIT.split(token) if part))
    return tuple(found)


def _values(tokens: Iterable[str], decimal: str, group: str) -> Counter[str]:
    return Counter(value for token in tokens for value in readings(token, decimal, group)[0])


def _kept(
    expected: Counter[str], target: Iterable[str], rules: LocaleRules, clocks: frozenset[tuple[str, str]]
) -> list[str] | None:
    """None when every expected value is among the translation's readings, else the readings chosen."""
    left = expected.copy()
    found: list[str] = []
    for token in target:
        options = readings(token, rules.decimal, rules.group, rules.secondary)
        chosen = max(options, key=lambda option: sum(left[v] > 0 for v in option))  # the first of the best
        left.subtract(chosen)
        found.extend(chosen)
    have = set(found)
    have |= {hour for hour, on_24 in clocks if on_24 in have}
    return None if all(value in have or _long_year(value) & have for value in expected) else found


def _long_year(value: str) -> set[str]:
    """``21`` in ``06-July-21`` or ``October '19`` is written ``2021`` or ``2019`` by many locales."""
    return {"20" + value, "19" + value} if len(value) == 2 else set()


def number_problem(
    source: Sequence[str], target: Sequence[str], rules: LocaleRules, clocks: frozenset[tuple[str, str]] = frozenset()
) -> tuple[list[str], list[str]] | None:
    """None when the translation keeps every English number, else the English values and the translation's.

    The English is read as en-US writes numbers, and when that fails with any grouping too:
    ``$10.000`` in an English sentence is a slip the translation rightly writes ``10 000``.
    ``clocks`` are the English's 12-hour times (:func:`clock_hours`): each hour may be written
    on the 24-hour clock.
    """
    expected = _values(source, ENGLISH.decimal, ENGLISH.group)
    found = _kept(expected, target, rules, clocks)
    if found is None or _kept(_values(source, "", ""), target, rules, clocks) is None:
        return None
    return sorted(expected.elements()), sorted(found)


def same_numbers(source: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two English texts' numbers (profile tokens) have the same values, a year written
    with two digits or four (``16-July-21``, ``July 16, 2021``) being one value."""

    def values(tokens: Sequence[str]) -> set[str]:
        found = _values(tokens, ENGLISH.decimal, ENGLISH.group)
        return {value[2:] if len(value) == 4 and value[:2] in ("19", "20") else value for value in found}

    return values(source) == values(other)
