"""Moses parallel text: two plain-text files, line N of one translating line N of the other.

Rules: plain visible text only (no markup); a line break inside a segment becomes a space,
since a line is a segment; nothing else is changed, so the files align with the units.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from toolkit.formats.units import Unit, distinct


def line(text: str) -> str:
    """A segment's text as one line."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def write_moses(units: Iterable[Unit], source: IO[str], target: IO[str], dedup: bool = False) -> tuple[int, int]:
    """Write the aligned files; returns (pairs written, duplicates dropped)."""
    kept, dropped = distinct(units, dedup)
    source.write("".join(line(u.source.inline.text) + "\n" for u in kept))
    target.write("".join(line(u.target.inline.text) + "\n" for u in kept))
    return len(kept), dropped


def read_moses(source: IO[str], target: IO[str]) -> Iterator[tuple[str, str]]:
    """The (source, target) line pairs; the files must have as many lines."""
    for source_line, target_line in zip(source, target, strict=True):
        yield source_line.removesuffix("\n"), target_line.removesuffix("\n")
