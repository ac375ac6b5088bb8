"""Text for the XML formats (TMX, XLIFF): escaping, the characters XML 1.0 forbids, and a
hardened reader.

Writing: a character XML 1.0 forbids (or a byte kept from invalid UTF-8, a lone surrogate)
is never written raw; each format says how it stands in for one (``<cp hex>`` in XLIFF, a
``ph`` in TMX), and where no element can stand (attribute values, TMX code content) it
becomes U+FFFD. CR is written ``&#13;`` (and tab and LF in attributes as references), since
a parser turns a raw CR into LF: a lone CR reads back as a CR.

Reading (:func:`units_of`): lxml with no DTD (a document type with declarations is
refused, an external one never loaded), no entity expansion, no network, libxml2's depth
and size limits; a file that is not well-formed raises :class:`FormatError` with the line
and column libxml2 gives. lxml is the faster of the two hardened parsers measured
(``bench/formats.py``): a locale's 24 MB TMX in 1.4 s against 3.3 s for defusedxml's
expat, and an 8 MB attribute in 0.07 s against 8.6 s (expat, fed in chunks, rescans a long
token: quadratic); past 10 MB in one attribute or text libxml2 refuses, with a location.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, Final, cast

from lxml import etree

from toolkit.formats.units import UNSAFE, FormatError, Unit, Variant, tuid
from toolkit.model import SOURCE_LOCALE, Inline

MAX_BYTES: Final = 1 << 30
"""The largest translation file read (1 GiB): beyond, a file is refused, not parsed."""

_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE = re.compile('[&<>"\r\n\t]')
_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


def _reference(match: re.Match[str]) -> str:
    return _REFERENCES[match.group()]


def escape(text: str) -> str:
    """Element text, unsafe characters replaced."""
    if UNSAFE.search(text):
        text = UNSAFE.sub("\ufffd", text)
    return _SPECIAL.sub(_reference, text)


def quote(text: str) -> str:
    """An attribute value between double quotes."""
    if UNSAFE.search(text):
        text = UNSAFE.sub("\ufffd", text)
    return _ATTRIBUTE.sub(_reference, text)


def content(text: str, stand_in: Callable[[str], str]) -> str:
    """Element text where each unsafe character is written as ``stand_in(char)``."""
    if UNSAFE.search(text) is None:
        return _SPECIAL.sub(_reference, text)
    pieces = []
    start = 0
    for match in UNSAFE.finditer(text):
        pieces.append(escape(text[start : match.start()]))
        pieces.append(stand_in(match.group()))
        start = match.end()
    pieces.append(escape(text[start:]))
    return "".join(pieces)


def code_point(value: str) -> str | None:
    """The character a ``<cp hex>``/``x-cp`` value names, or None when it names none."""
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", value):
        return None
    number = int(value, 16)
    return chr(number) if number <= 0x10FFFF else None


class Located:
    """Lines and columns of a file's bytes (the index is built at the first question)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._starts: list[int] = []
        self._seen: dict[tuple[int, bytes], int] = {}

    def start(self, line: int) -> int:
        if not self._starts:
            self._starts = [0, *(m.end() for m in re.finditer(b"\n", self.data))]
        return self._starts[min(max(line, 1), len(self._starts)) - 1]

    def column(self, line: int, offset: int) -> int:
        return len(self.data[self.start(line) : offset].decode("utf-8", "replace")) + 1

    def tag(self, line: int, name: bytes) -> tuple[int, int]:
        """Where the next ``<name`` on ``line`` starts (tags are met in document order)."""
        begin = self._seen.get((line, name), self.start(line))
        offset = self.data.find(b"<" + name, begin)
        if offset < 0:
            return line, 1
        self._seen[(line, name)] = offset + 1
        return line, self.column(line, offset)

    def offset(self, offset: int) -> tuple[int, int]:
        self.start(1)
        line = bisect.bisect_right(self._starts, offset)
        return line, self.column(line, offset)


Check = Callable[[etree._Element], str]
"""What is wrong with a document's root element (its tag, version…); empty when nothing."""


def units_of(
    stream: IO[bytes],
    local: str,
    check: Check,
    namespace: str | None = None,
) -> Iterator[tuple[etree._Element, tuple[int, int], etree._Element]]:
    """(unit element, its line and column, the root) for every element named ``local`` (in
    ``namespace``), each cleared once the caller is done with it; the root must pass ``check``."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormatError(1, 1, f"larger than {MAX_BYTES} bytes")
    located = Located(data)
    etree.clear_error_log()  # the log is per thread: only this file's errors in it
    tag = local if namespace is None else f"{{{namespace}}}{local}"
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root: etree._Element | None = None
    where = (1, 1)
    try:
        for event, element in events:
            if root is None:
                root = element.getroottree().getroot()
                _check_document(root, located, check)
            if event == "start":
                where = located.tag(_line(element), local.encode())
                continue
            yield element, where, root
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        entries: list[Any] = list(cast(Any, error.error_log))  # lxml's stubs lack these (here and the DTD's)
        last = entries[-1] if entries else None
        line, column = (last.line, last.column) if last is not None and last.line else (error.position or (1, 1))
        raise FormatError(max(line, 1), max(column, 1), f"not well-formed XML: {last.message if last else error.msg}") from None
    if root is None:  # no unit: the document is still checked
        last_root: etree._Element | None = cast(Any, events).root
        if last_root is None:
            raise FormatError(1, 1, "not well-formed XML: no element")
        _check_document(last_root, located, check)


def root_problem(root: etree._Element, tag: str, versions: tuple[str, ...], namespace: str | None = None) -> str:
    """Why a root element is not ``<tag version=…>`` in ``namespace``; empty when it is."""
    name = etree.QName(root)
    if name.localname != tag or name.namespace != namespace:
        where = f"in namespace {namespace}" if namespace else "in no namespace"
        return f"the root element is <{root.tag}>, not <{tag}> {where}"
    version = root.get("version", "")
    if version not in versions:
        return f"{tag} version {version!r} is not read (only {', '.join(versions)})"
    return ""


class Flaw(ValueError):
    """A unit the reader cannot take as it stands: it is read with the reason, never merged."""


def xliff_unit(
    sides: Callable[[], tuple[Inline, Inline, str]],
    name: str,
    facts: Mapping[str, str],
    file: tuple[str, str],
    block: str,
    where: tuple[int, int],
) -> Unit:
    """A unit of an XLIFF file (either version). ``facts`` are its file's notes (the article and
    the front matter's ``ms.*`` facts), ``file`` is (target locale, original path); ``sides()``
    reads (source, target, pending), and a :class:`Flaw` it raises becomes the unit's flaw."""
    article = facts.get("article", "")
    props = tuple((k, v) for k, v in facts.items() if k.startswith("ms."))
    flaw = pending = ""
    source = target = Inline("", (), "")
    try:
        source, target, pending = sides()
    except Flaw as error:
        flaw = str(error)
    locale, path = file
    return Unit(
        tuid(article, name),
        article,
        (Variant(SOURCE_LOCALE, source), Variant(locale, target, name, path, props)),
        block,
        where=where,
        flaw=flaw,
        pending=pending,
    )


def _check_document(root: etree._Element, located: Located, check: Check) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (cast(Any, dtd).elements() or cast(Any, dtd).entities()):
        raise FormatError(
            *located.offset(max(located.data.find(b"<!DOCTYPE"), 0)),
            "a document type with declarations is not read (no DTD, no entities)",
        )
    problem = check(root)
    if problem:
        raise FormatError(*located.tag(_line(root), etree.QName(root).localname.encode()), problem)


def _line(element: etree._Element) -> int:
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else 1
