"""Text for the XML formats (TMX, XLIFF): escaping, and the characters XML 1.0 forbids.

Such a character (or a byte kept from invalid UTF-8, a lone surrogate) can never be written
raw; each format says how it stands in for one (``<cp hex>`` in XLIFF, a ``ph`` in TMX),
and where no element can stand (attribute values) it becomes U+FFFD.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.formats.units import UNSAFE


def escape(text: str) -> str:
    """Element text, unsafe characters replaced."""
    if UNSAFE.search(text):
        text = UNSAFE.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str) -> str:
    """An attribute value between double quotes."""
    return escape(text).replace('"', "&quot;")


def content(text: str, stand_in: Callable[[str], str]) -> str:
    """Element text where each unsafe character is written as ``stand_in(char)``."""
    if UNSAFE.search(text) is None:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pieces = []
    start = 0
    for match in UNSAFE.finditer(text):
        pieces.append(escape(text[start : match.start()]))
        pieces.append(stand_in(match.group()))
        start = match.end()
    pieces.append(escape(text[start:]))
    return "".join(pieces)
