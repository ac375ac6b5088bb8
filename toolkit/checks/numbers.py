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

Values = tuple[str, ...]


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
    return f"{whole}.{match[2]}" if match[2] is not None else whole


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


def _kept(expected: Counter[str], target: Iterable[str], rules: LocaleRules) -> list[str] | None:
    """None when every expected value is among the translation's readings, else the readings chosen."""
    left = expected.copy()
    found: list[str] = []
    for token in target:
        options = readings(token, rules.decimal, rules.group, rules.secondary)
        chosen = next((option for option in options if all(left[v] > 0 for v in option)), options[0])
        left.subtract(chosen)
        found.extend(chosen)
    return None if set(expected) <= set(found) else found


def number_problem(source: Sequence[str], target: Sequence[str], rules: LocaleRules) -> tuple[list[str], list[str]] | None:
    """None when the translation keeps every English number, else the English values and the translation's.

    The English is read as en-US writes numbers, and when that fails with any grouping too:
    ``$10.000`` in an English sentence is a slip the translation rightly writes ``10 000``.
    """
    expected = _values(source, ENGLISH.decimal, ENGLISH.group)
    found = _kept(expected, target, rules)
    if found is None or _kept(_values(source, "", ""), target, rules) is None:
        return None
    return sorted(expected.elements()), sorted(found)
