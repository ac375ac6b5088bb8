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
* Unsafe characters are ``<cp hex>``, in text and in ``<data>`` alike.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Final

from toolkit.formats.units import Unit, Variant, article_props, base_key, rebuild, sequential, tuid, unique
from toolkit.formats.xmltext import content, escape, quote
from toolkit.model import SOURCE_LOCALE, Article, Code, CodeKind, Inline, Part, Segment

NAMESPACE: Final = "urn:oasis:names:tc:xliff:document:2.0"
_NS = "{" + NAMESPACE + "}"
OWN_NAMESPACE: Final = "urn:loctk"
"""For ``loctk:pair``: a code's number, written only when the numbers are not 1, 2, 3…"""
_PAIR = "{" + OWN_NAMESPACE + "}pair"
_NMTOKEN = re.compile(r"[\w.:-]+")
_STATES = {"HT": "final", "MT": "translated"}


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


def _unit(key: str, segment: Segment, state: str) -> str:
    codes = _Codes()
    source = codes.content(segment.source, "s")
    target = codes.content(segment.target, "t")
    unit_key = key if _NMTOKEN.fullmatch(key) else f"u{segment.line}-{segment.column}"
    return (
        f'<unit id="{quote(unit_key)}" name="{quote(segment.id)}"><notes>{_note("block", segment.block.kind.value)}'
        f'{_note("line", str(segment.line))}</notes>{codes.original_data()}<segment state="{state}">'
        f'<source xml:space="preserve">{source}</source><target xml:space="preserve">{target}</target></segment></unit>\n'
    )


def dumps_file(article: Article, number: int) -> str:
    """One article as a ``<file>``; empty for an article without segments (XLIFF wants a unit)."""
    if not article.segments:
        return ""
    state = _STATES.get(str(article.metadata.get("ms.translationtype", "")), "translated")
    notes = "".join(_note(name, value) for name, value in (("article", article.identity), *article_props(article)))
    units = "".join(_unit(key, s, state) for key, s in zip(unique(s.id for s in article.segments), article.segments,
                                                          strict=True))
    return f'<file id="f{number}" original="{quote(article.path)}"><notes>{notes}</notes>\n{units}</file>\n'


def write_xliff(articles: Sequence[Article], stream: IO[str], locale: str) -> int:
    """One XLIFF document for articles of one locale; returns how many units."""
    stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NAMESPACE}" xmlns:loctk="{OWN_NAMESPACE}" '
                 f'version="2.0" srcLang="{SOURCE_LOCALE}" trgLang="{quote(locale)}">\n')
    count = 0
    for number, article in enumerate(articles, 1):
        stream.write(dumps_file(article, number))
        count += len(article.segments)
    stream.write("</xliff>\n")
    return count


def read_xliff(source: str | Path | IO[bytes]) -> Iterator[Unit]:
    """The units of an XLIFF 2 document, in document order."""
    locale = path = ""
    facts: dict[str, str] = {}
    in_unit = False
    for event, element in ElementTree.iterparse(source, events=("start", "end")):
        tag = element.tag.removeprefix(_NS)
        if event == "start":
            if tag == "xliff":
                locale = element.get("trgLang", "")
            elif tag == "file":
                path, facts = element.get("original", ""), {}
            in_unit = in_unit or tag == "unit"
        elif tag == "unit":
            yield _read_unit(element, locale, path, facts)
            element.clear()
            in_unit = False
        elif tag == "note" and not in_unit:
            facts[element.get("category", "")] = element.text or ""


def _read_unit(element: ElementTree.Element, locale: str, path: str, facts: dict[str, str]) -> Unit:
    notes = {n.get("category", ""): n.text or "" for n in element.iter(_NS + "note")}
    data = {d.get("id", ""): _text(d) for d in element.iter(_NS + "data")}
    segment = element.find(_NS + "segment")
    source = segment.find(_NS + "source") if segment is not None else None
    target = segment.find(_NS + "target") if segment is not None else None
    name = element.get("name") or base_key(element.get("id", ""))
    article = facts.get("article", "")
    props = tuple((k, v) for k, v in facts.items() if k.startswith("ms."))
    return Unit(
        tuid(article, name),
        article,
        (Variant(SOURCE_LOCALE, rebuild(_parts(source, data))),
         Variant(locale, rebuild(_parts(target, data)), name, path, props)),
        notes.get("block", ""),
    )


def _text(element: ElementTree.Element) -> str:
    pieces = [element.text or ""]
    for child in element:
        pieces.append(chr(int(child.get("hex", "FFFD"), 16)))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _parts(element: ElementTree.Element | None, data: dict[str, str]) -> list[Part]:
    if element is None:
        return []
    parts: list[Part] = [element.text] if element.text else []
    for child in element:
        tag = child.tag.removeprefix(_NS)
        pair = int(child.get(_PAIR, "0"))
        if tag == "cp":
            parts.append(chr(int(child.get("hex", "FFFD"), 16)))
        elif tag == "pc":
            parts.append(Code(CodeKind.OPEN, "", data.get(child.get("dataRefStart", ""), ""), pair))
            parts.extend(_parts(child, data))
            parts.append(Code(CodeKind.CLOSE, "", data.get(child.get("dataRefEnd", ""), ""), pair))
        elif tag == "mrk":
            parts.extend(_parts(child, data))
        else:
            kind = {"sc": CodeKind.OPEN, "ec": CodeKind.CLOSE}.get(tag, CodeKind.PLACEHOLDER)
            parts.append(Code(kind, "", data.get(child.get("dataRef", ""), ""), pair))
        if child.tail:
            parts.append(child.tail)
    return parts

