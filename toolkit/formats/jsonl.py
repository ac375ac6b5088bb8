"""JSON Lines: one object per segment, the form ``loctk extract`` writes and MT pipelines read.

Every object has the same keys, so the file loads as a table: plain text in ``source`` and
``target``, the markup as written in ``source_markup`` and ``target_markup``. The pair form
(:func:`write_pairs`, ``loctk export --format jsonl``) is one translation unit per line with
its stable id, locales and front-matter facts, and reads back as units.

Any text is written: JSON escapes control characters, and a lone surrogate (a byte kept
from invalid UTF-8) is written as its ``\\udcXX`` escape, so every line is valid UTF-8.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import IO, Any

from toolkit.formats.units import FormatError, Options, Unit, Variant, distinct
from toolkit.inline import parse_inline
from toolkit.model import Article, Segment

_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONS = Options()
_STRING = {False: encode_basestring, True: encode_basestring_ascii}
"""A JSON string as ``json.dumps`` writes it, escapes all ASCII for text kept from invalid UTF-8."""


def segment_record(article: Article, segment: Segment) -> dict[str, Any]:
    block = segment.block
    return {
        "path": article.path,
        "locale": article.locale,
        "article": article.identity,
        "id": segment.id,
        "source": segment.source.text,
        "target": segment.target.text,
        "block": block.kind.value,
        "line": segment.line,
        "column": segment.column,
        "heading_level": block.level,
        "list_depth": block.list_depth,
        "alert": block.alert,
        "source_markup": segment.source.markup,
        "target_markup": segment.target.markup,
    }


def dumps_article(article: Article) -> str:
    """The article's segments as JSON Lines text (empty for an article without any): each line
    the bytes ``json.dumps`` makes of :func:`segment_record`, put together from the strings the
    C encoder escapes, the article's fields once (a third of the time of a record each).

    Text kept from invalid UTF-8 is written as ``\\udcXX`` escapes so the line stays
    valid JSON in valid UTF-8.
    """
    string = _STRING[any(d.code == "P001" for d in article.diagnostics)]
    head = f'{{"path": {string(article.path)}, "locale": {string(article.locale)}, "article": {string(article.identity)}, "id": '
    lines = []
    for s in article.segments:
        block = s.block
        lines.append(
            f'{head}{string(s.id)}, "source": {string(s.source.text)}, "target": {string(s.target.text)}, '
            f'"block": {string(block.kind.value)}, "line": {s.line}, "column": {s.column}, '
            f'"heading_level": {block.level}, "list_depth": {block.list_depth}, "alert": {string(block.alert)}, '
            f'"source_markup": {string(s.source.markup)}, "target_markup": {string(s.target.markup)}}}\n'
        )
    return "".join(lines)


def write_jsonl(articles: Iterable[Article], stream: IO[str]) -> int:
    """Write every segment; returns how many."""
    count = 0
    for article in articles:
        stream.write(dumps_article(article))
        count += len(article.segments)
    return count


def read_jsonl(stream: IO[str]) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file, skipping blank lines."""
    for line in stream:
        if line.strip():
            yield json.loads(line)


def pair_record(unit: Unit) -> dict[str, Any]:
    """One translation pair for MT training: plain texts, markup, ids and facts."""
    source, target = unit.source, unit.target
    return {
        "id": unit.id,
        "article": unit.article,
        "segment": target.segment,
        "path": target.path,
        "source_locale": source.locale,
        "target_locale": target.locale,
        "source": source.inline.text,
        "target": target.inline.text,
        "source_markup": source.inline.markup,
        "target_markup": target.inline.markup,
        "block": unit.block,
        "props": dict(target.props),
    }


def dumps(record: dict[str, Any]) -> str:
    """One JSON line in valid UTF-8: a lone surrogate (a byte kept from invalid UTF-8) is
    written as its ``\\udcXX`` escape, which Python's ``json`` reads back as that surrogate."""
    line = json.dumps(record, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) if _SURROGATE.search(line) else line


def write_pairs(units: Iterable[Unit], stream: IO[str], dedup: bool = False) -> tuple[int, int]:
    """One pair per line; returns (written, duplicates dropped)."""
    kept, dropped = distinct(units, dedup)
    stream.write(fragment(kept))
    return len(kept), dropped


def fragment(units: Sequence[Unit], options: Options = _OPTIONS) -> str:
    """One article's pairs, a line each."""
    return "".join([dumps(pair_record(unit)) + "\n" for unit in units])


def write(units: Iterable[Unit], stream: IO[str], options: Options = _OPTIONS) -> int:
    """One pair per line (exact duplicates dropped with ``options.dedup``); returns how many written."""
    return write_pairs(units, stream, options.dedup)[0]


def refuses(unit: Unit) -> str:
    """JSON carries any text: nothing is refused."""
    return ""


def read_pairs(stream: IO[str]) -> Iterator[Unit]:
    """Units back from :func:`write_pairs` output (inlines parsed from the markup)."""
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield _pair(line, number)


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """Units back from a pairs file; a line that is not such a pair raises :class:`FormatError`."""
    for number, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(number, len(raw[: error.start].decode("utf-8")) + 1, "invalid UTF-8") from None
        if line.strip():
            yield _pair(line, number)


_KEYS = ("id", "article", "segment", "path", "source_locale", "target_locale", "source_markup", "target_markup", "block")


def _pair(line: str, number: int) -> Unit:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise FormatError(number, error.colno, f"not JSON: {error.msg}") from None
    if not isinstance(record, dict) or any(not isinstance(record.get(k), str) for k in _KEYS):
        raise FormatError(number, 1, f"a pair needs the string fields {', '.join(_KEYS)}")
    props = record.get("props")
    facts = tuple((k, v) for k, v in props.items() if isinstance(v, str)) if isinstance(props, dict) else ()
    target = parse_inline(record["target_markup"])
    return Unit(
        record["id"],
        record["article"],
        (
            Variant(record["source_locale"], parse_inline(record["source_markup"])),
            Variant(record["target_locale"], target, record["segment"], record["path"], facts),
        ),
        record["block"],
        where=(number, 1),
        pending="" if target.markup else "empty",
    )
