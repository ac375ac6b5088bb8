"""XLIFF 2.0 core: writer and reader (validated against ``xliff_core_2.0.xsd``).

Rules:

* One ``<file>`` per article (``original`` its path; notes carry the identity and the
  front-matter facts), one ``<unit>`` per segment: ``id`` the segment id made a distinct
  NMTOKEN, ``name`` the segment id itself, a note with the block kind.
* Segment ``state``: ``final`` for human translations (``ms.translationtype: HT``),
  ``translated`` for machine ones.
* Inline markup goes to ``<originalData>`` once per distinct markup; text refers to it with
  ``<ph dataRef>`` and ``<pc dataRefStart dataRefEnd>``. A translation's code takes the id
  of the source code with the same markup, so tools see them as the same code.
* Unsafe characters (XML 1.0 forbids them; surrogates are bytes kept from invalid UTF-8)
  are ``<cp hex>``, in text and in ``<data>`` alike; CR is ``&#13;``, so it reads back as
  CR. In attributes (paths, ids) they become U+FFFD, and the export refuses a unit whose
  id holds one (:func:`refuses`).
* A translation kit (:func:`write` with ``offers``, an :class:`Offer` per unit id) adds
  notes to a unit (match class, suggestions, neighbouring sentences) and its state: a
  reused translation is locked, ``translate="no"`` in state ``final``; a sentence that
  needs work is in state ``initial``, its target the best suggestion or empty. Reading,
  a target in state ``initial`` is unfinished work (``pending``), an empty one too.
* A document without units has one ``<file>`` with an empty ``<group>`` (the schema wants
  a ``<file>``, and a ``<file>`` a unit or a group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import IO, Final

from lxml import etree

from toolkit.formats.units import (
    Offer,
    Options,
    Unit,
    article_units,
    base_key,
    faithful,
    read_source,
    rebuild,
    sequential,
    unique,
    unsafe_ids,
)
from toolkit.formats.xmltext import Flaw, code_point, content, escape, quote, root_problem, units_of, xliff_unit
from toolkit.model import SOURCE_LOCALE, Article, Code, CodeKind, Inline, Part

NAMESPACE: Final = "urn:oasis:names:tc:xliff:document:2.0"
_NS = "{" + NAMESPACE + "}"
OWN_NAMESPACE: Final = "urn:loctk"
"""For ``loctk:pair``: a code's number, written only when the numbers are not 1, 2, 3…"""
_PAIR = "{" + OWN_NAMESPACE + "}pair"
_NMTOKEN = re.compile(r"[\w.:-]+")
_STATES = {"HT": "final", "MT": "translated"}
_DEFAULT = Options()


def _cp(char: str) -> str:
    return f'<cp hex="{ord(char):04X}"/>'


class _Codes:
    """The ``<originalData>`` of one unit and the ids its codes get."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.source_ids: dict[str, list[str]] = {}

    def ref(self, markup: str) -> str:
        return self.data.setdefault(markup, f"d{len(self.data) + 1}")

    def content(self, inline: Inline, side: str) -> str:
        parts = inline.parts
        if all(isinstance(p, str) for p in parts):
            return content(inline.text if parts else "", _cp)
        closes = {p.pair: p.markup for p in parts if isinstance(p, Code) and p.kind is CodeKind.CLOSE}
        nested = _nested(parts)
        available = {k: list(v) for k, v in self.source_ids.items()}
        numbered = not sequential(inline)
        opened: dict[int, str] = {}
        pieces = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(content(part, _cp))
                continue
            pair = f' loctk:pair="{part.pair}"' if numbered else ""
            if part.kind is CodeKind.CLOSE:
                ref = self.ref(part.markup)
                pieces.append("</pc>" if nested else f'<ec startRef="{opened.get(part.pair, "")}" dataRef="{ref}"{pair}/>')
                continue
            code_id = opened[part.pair] = self._id(part, side, available)
            ref = self.ref(part.markup)
            if part.kind is CodeKind.PLACEHOLDER:
                pieces.append(f'<ph id="{code_id}" dataRef="{ref}"{pair}/>')
            elif nested:
                end = self.ref(closes[part.pair])
                pieces.append(f'<pc id="{code_id}" dataRefStart="{ref}" dataRefEnd="{end}"{pair}>')
            else:
                pieces.append(f'<sc id="{code_id}" dataRef="{ref}"{pair}/>')
        return "".join(pieces)

    def _id(self, code: Code, side: str, available: dict[str, list[str]]) -> str:
        if side == "s":
            code_id = f"s{code.pair}"
            self.source_ids.setdefault(code.markup, []).append(code_id)
            return code_id
        same = available.get(code.markup)
        return same.pop(0) if same else f"t{code.pair}"

    def original_data(self) -> str:
        if not self.data:
            return ""
        items = "".join(f'<data id="{ref}">{content(markup, _cp)}</data>' for markup, ref in self.data.items())
        return f"<originalData>{items}</originalData>"


def _nested(parts: Sequence[Part]) -> bool:
    """Whether every pair closes inside the pair around it (``<pc>`` can say it)."""
    stack: list[int] = []
    for part in parts:
        if isinstance(part, Code) and part.kind is CodeKind.OPEN:
            stack.append(part.pair)
        elif isinstance(part, Code) and part.kind is CodeKind.CLOSE and (not stack or stack.pop() != part.pair):
            return False
    return not stack


def _note(category: str, text: str) -> str:
    return f'<note category="{quote(category)}">{escape(text)}</note>'


def _offered(offer: Offer | None) -> tuple[str, str, str]:
    """A kit's unit attributes, segment state and notes (see the module's rules)."""
    if offer is None:
        return "", "", ""
    notes = [("match", offer.match), *offer.notes]
    notes += [(f"suggestion {a.quality}% {a.origin}", a.inline.markup) for a in offer.alternatives]
    text = "".join(_note(name, value) for name, value in notes)
    return (' translate="no"', "final", text) if offer.locked else ("", "initial", text)


def _unit(key: str, unit: Unit, offer: Offer | None = None) -> str:
    codes = _Codes()
    source = codes.content(unit.source.inline, "s")
    target = codes.content(unit.target.inline, "t")
    variant = unit.target
    unit_key = key if _NMTOKEN.fullmatch(key) else f"u{variant.line}-{variant.column}"
    attributes, state, notes = _offered(offer)
    state = state or _STATES.get(variant.prop("ms.translationtype"), "translated")
    return (
        f'<unit id="{quote(unit_key)}" name="{quote(variant.segment)}"{attributes}><notes>{_note("block", unit.block)}'
        f'{_note("line", str(variant.line))}{notes}</notes>{codes.original_data()}<segment state="{state}">'
        f'<source xml:space="preserve">{source}</source><target xml:space="preserve">{target}</target></segment></unit>\n'
    )


def fragment(units: Sequence[Unit], options: Options = _DEFAULT, offers: Mapping[str, Offer] | None = None) -> str:
    """One article's units as a ``<file>`` (``original`` its path, notes its identity and
    facts) without its ``id``, which only the whole document can number (:func:`placed`)."""
    if not units:
        return ""
    first = units[0].target
    notes = "".join(_note(name, value) for name, value in (("article", units[0].article), *first.props))
    keys = unique(u.target.segment for u in units)
    body = "".join(_unit(key, unit, (offers or {}).get(unit.id)) for key, unit in zip(keys, units, strict=True))
    return f' original="{quote(first.path)}"><notes>{notes}</notes>\n{body}</file>\n'


def placed(text: str, number: int) -> str:
    """A :func:`fragment` as the document's ``number``-th ``<file>``."""
    return f'<file id="f{number}"{text}' if text else ""


def head(options: Options = _DEFAULT) -> str:
    return _head(options.locale)


def tail(options: Options = _DEFAULT, count: int = 0) -> str:
    return ("" if count else _EMPTY) + "</xliff>\n"


_EMPTY = '<file id="f0"><group id="empty"/></file>\n'
"""A document without units still needs a ``<file>`` with a unit or a group (the schema says so)."""


def write(units: Iterable[Unit], stream: IO[str], options: Options = _DEFAULT, offers: Mapping[str, Offer] | None = None) -> int:
    """One XLIFF document, one ``<file>`` per run of units of the same article; returns how many units.

    ``offers`` (per unit id) make it a translation kit (see the module's rules)."""
    count = 0
    started = False
    groups = groupby(units, key=lambda u: (u.article, u.target.path))
    for number, (_key, group) in enumerate(groups, 1):
        batch = list(group)
        if not started:
            stream.write(_head(options.locale or batch[0].target.locale))
            started = True
        stream.write(placed(fragment(batch, options, offers), number))
        count += len(batch)
    if not started:
        stream.write(_head(options.locale))
    stream.write(tail(options, count))
    return count


def _head(locale: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NAMESPACE}" xmlns:loctk="{OWN_NAMESPACE}" '
        f'version="2.0" srcLang="{SOURCE_LOCALE}" trgLang="{quote(locale or "und")}">\n'
    )


def refuses(unit: Unit) -> str:
    """Why the unit would not read back exactly (empty when it would)."""
    if not all(faithful(v.inline) for v in unit.variants):
        return "its markup would not read back the same"
    return unsafe_ids(unit)


def dumps_file(article: Article, number: int) -> str:
    """One article as a ``<file>``; empty for an article without segments."""
    return placed(fragment(article_units(article)), number)


def write_xliff(articles: Sequence[Article], stream: IO[str], locale: str) -> int:
    """One XLIFF document for articles of one locale; returns how many units."""
    return write((u for a in articles for u in article_units(a)), stream, Options(locale=locale))


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """The units of an XLIFF 2.0 document, in document order (see :func:`xmltext.units_of`)."""
    check = partial(root_problem, tag="xliff", versions=("2.0", "2.1"), namespace=NAMESPACE)
    file: etree._Element | None = None
    facts: dict[str, str] = {}
    for element, where, root in units_of(stream, "unit", check, NAMESPACE):
        parent = element.getparent()
        if parent is not file and parent is not None:
            file = parent
            facts = {n.get("category", ""): n.text or "" for n in file.iterfind(f"{_NS}notes/{_NS}note")}
        path = file.get("original", "") if file is not None else ""
        yield _read_unit(element, root.get("trgLang", ""), path, facts, where)


def read_xliff(source: str | Path | IO[bytes]) -> Iterator[Unit]:
    """The units of an XLIFF file named by its path (or an open binary stream)."""
    return read_source(read, source)


def _read_unit(element: etree._Element, locale: str, path: str, facts: dict[str, str], where: tuple[int, int]) -> Unit:
    notes = {n.get("category", ""): n.text or "" for n in element.iter(_NS + "note")}

    def sides() -> tuple[Inline, Inline, str]:
        data = {d.get("id", ""): _text(d) for d in element.iter(_NS + "data")}
        segments = element.findall(_NS + "segment")
        if len(segments) != 1:
            raise Flaw(f"a unit with {len(segments)} <segment> elements (one is read)")
        found = segments[0].find(_NS + "target")
        source = rebuild(_parts(segments[0].find(_NS + "source"), data))
        target = rebuild(_parts(found, data))
        if found is None or not target.markup:
            return source, target, "empty"
        return source, target, "fuzzy" if segments[0].get("state") == "initial" else ""

    name = element.get("name") or base_key(element.get("id", ""))
    return xliff_unit(sides, name, facts, (locale, path), notes.get("block", ""), where)


def _char(element: etree._Element) -> str:
    char = code_point(element.get("hex", ""))
    if char is None:
        raise Flaw(f"<cp hex={element.get('hex', '')[:20]!r}> names no character")
    return char


def _text(element: etree._Element) -> str:
    pieces = [element.text or ""]
    for child in element:
        pieces.append(_char(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _ref(data: dict[str, str], element: etree._Element, name: str) -> str:
    ref = element.get(name, "")
    if ref not in data:
        raise Flaw(f"{name}={ref!r} names no <data>")
    return data[ref]


def _parts(element: etree._Element | None, data: dict[str, str]) -> list[Part]:
    if element is None:
        return []
    parts: list[Part] = [element.text] if element.text else []
    for child in element:
        tag = str(child.tag).removeprefix(_NS)
        pair = child.get(_PAIR, "0")
        number = int(pair) if pair.isascii() and pair.isdigit() else 0
        if tag == "cp":
            parts.append(_char(child))
        elif tag == "pc":
            parts.append(Code(CodeKind.OPEN, "", _ref(data, child, "dataRefStart"), number))
            parts.extend(_parts(child, data))
            parts.append(Code(CodeKind.CLOSE, "", _ref(data, child, "dataRefEnd"), number))
        elif tag == "mrk":
            parts.extend(_parts(child, data))
        elif tag in ("sc", "ec", "ph"):
            kind = {"sc": CodeKind.OPEN, "ec": CodeKind.CLOSE}.get(tag, CodeKind.PLACEHOLDER)
            parts.append(Code(kind, "", _ref(data, child, "dataRef"), number))
        else:
            raise Flaw(f"<{tag}> is not read inside a segment")
        if child.tail:
            parts.append(child.tail)
    return parts
