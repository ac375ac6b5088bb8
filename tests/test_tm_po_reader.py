"""The PO reader's continuation lines: taken in runs, they read exactly as line by line."""

from __future__ import annotations

import io

import pytest

from toolkit.formats import po
from toolkit.formats.units import FormatError

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nb\\n"\n\n'


def _target(body: str) -> str:
    (unit,) = po.read(io.BytesIO((HEADER + 'msgctxt "a/p-1"\nmsgid "E."\nmsgstr ""\n' + body).encode("utf-8")))
    return unit.target.inline.markup


# (continuation lines as written, the text they hold): plain runs, every escape, and lines the
# run leaves to the line-by-line path (CRLF, blanks after the quote, indentation, no final LF).
CONTINUATIONS = [
    ('"ab"\n' * 1000, "ab" * 1000),
    ('"a\\n"\n"b\\t\\r"\n"\\\\\\"c"\n', 'a\nb\t\r\\"c'),
    ('"\\a\\b\\f\\v"\n""\n"x"\n', "\a\b\f\vx"),
    ('"a"\r\n"b"\r\n"c"\n', "abc"),
    ('"a" \t\n"b"\n  "c"\n"d"', "abcd"),
    ('"é"\n"ü"\n', "éü"),
]


@pytest.mark.parametrize(("lines", "text"), CONTINUATIONS)
def test_continuation_lines_join_into_one_string(lines: str, text: str) -> None:
    assert _target(lines) == text


# The first continuation line is line 9.
@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ('"ab"\n' * 500 + '"\\q"\n', (509, 2), "unknown escape \\q"),
        ('"ab"\n' * 500 + '"ab" x\n', (509, 6), "text after the closing quote"),
        ('"ab"\n' * 500 + '"ab\n', (509, 1), "unterminated string"),
        ('"ab"\n#. a comment\n"cd"\n', (11, 1), "a string continues no keyword"),
        ('"ab"\n#~ "cd"\n', (10, 4), "a string continues no keyword"),
    ],
)
def test_errors_after_a_run_are_located_on_their_line(body: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(FormatError) as raised:
        _target(body)
    assert ((raised.value.line, raised.value.column), raised.value.message) == (where, message)
