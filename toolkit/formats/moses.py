"""Moses parallel text: two plain-text files, line N of one translating line N of the other.

Rules: plain visible text only (no markup); a line break inside a segment (any character
Python's ``str.splitlines`` breaks at) becomes a space, since a line is a segment; a lone
surrogate (a byte kept from invalid UTF-8) becomes U+FFFD, so the files are valid UTF-8;
nothing else is changed, so the files align with the units. :func:`write` writes one side
(``options.side``: 0 the English, 1 the translation); the export calls it once per file.
Moses has no ids: it is written for MT training, never merged back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from toolkit.formats.units import Options, Unit, Variant, distinct
from toolkit.model import Inline

_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONS = Options()


def line(text: str) -> str:
    """A segment's text as one line."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return _BREAKS.sub(" ", text) if _BREAKS.search(text) else text


def write(units: Iterable[Unit], stream: IO[str], options: Options = _OPTIONS) -> int:
    """One side of the units, a line each; returns how many lines."""
    kept, _dropped = distinct(units, options.dedup)
    stream.write(fragment(kept, options))
    return len(kept)


def fragment(units: Sequence[Unit], options: Options = _OPTIONS) -> str:
    """One side of one article's units, a line each."""
    return "".join([line(u.variants[options.side].inline.text) + "\n" for u in units])


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """One side back: a unit per line, its text the only variant (numbered by line)."""
    for number, raw in enumerate(stream, 1):
        text = raw.decode("utf-8", "replace").removesuffix("\n")
        yield Unit(str(number), "", (Variant("", Inline(text, (text,) if text else (), text)),), where=(number, 1))


def refuses(unit: Unit) -> str:
    """Plain text carries any segment (markup is not kept by design): nothing is refused."""
    return ""


def write_moses(units: Iterable[Unit], source: IO[str], target: IO[str], dedup: bool = False) -> tuple[int, int]:
    """Write the aligned files; returns (pairs written, duplicates dropped)."""
    kept, dropped = distinct(units, dedup)
    write(kept, source, Options(side=0))
    write(kept, target, Options(side=1))
    return len(kept), dropped


def read_moses(source: IO[str], target: IO[str]) -> Iterator[tuple[str, str]]:
    """The (source, target) line pairs; the files must have as many lines."""
    for source_line, target_line in zip(source, target, strict=True):
        yield source_line.removesuffix("\n"), target_line.removesuffix("\n")
