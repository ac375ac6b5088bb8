"""TMX 1.4b: writer and reader of translation memories (validated against ``tmx14.dtd``).

API (units may carry any number of variants; the first is the en-US source)::

    with open("de-DE.tmx", "w", encoding="utf-8") as stream:
        write(units, stream, Options())    # -> number of <tu> written
    with open("de-DE.tmx", "rb") as stream:
        units = list(read(stream))         # Unit values, inlines rebuilt

Rules:

* The header states the truth: ``o-tmf`` names the format the units came from
  (:data:`ORIGINAL_FORMAT`, not an encoding), ``segtype="sentence"``, ``srclang`` the
  source locale, ``datatype`` Markdown.
* Inline markup becomes Level 2 codes: ``bpt``/``ept`` sharing ``i`` for pairs, ``ph``
  for placeholders (``x`` its number); the element content is the markup as written, so a tool that copies
  codes gives back valid Markdown.
* A character XML 1.0 forbids (or a byte kept from invalid UTF-8) is written as
  ``<ph type="x-cp">HEX</ph>`` and read back as that character; in attribute values and
  code markup it becomes U+FFFD (and the export refuses such a unit: :func:`refuses`).
  CR is ``&#13;``, so a lone CR reads back as CR.
* Unit props: ``x-article`` and ``x-block``; variant props: ``x-segment``, ``x-path`` and
  the front-matter facts as ``x-ms.locfileid``…
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, Final

from lxml import etree

from toolkit import __version__
from toolkit.formats.units import Options, Remembered, Unit, Variant, read_source, rebuild, xml_refusal
from toolkit.formats.xmltext import Flaw, code_point, content, escape, quote, root_problem, units_of
from toolkit.model import SOURCE_LOCALE, Code, CodeKind, Inline, Part

ORIGINAL_FORMAT: Final = "Microsoft Docs sxs Markdown"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STANDARD_TYPES = {"bold": "bold", "italic": "italic", "underline": "ulined", "link": "link", "image": "image"}
_TYPES_BACK = {value: key for key, value in _STANDARD_TYPES.items()}
_CHAR = "x-cp"
_DEFAULT = Options()


def _text(text: str) -> str:
    return content(text, _stand_in)


def _stand_in(char: str) -> str:
    return f'<ph type="{_CHAR}">{ord(char):04X}</ph>'


def _type(code: Code) -> str:
    return _STANDARD_TYPES.get(code.type) or "x-" + code.type


def seg(inline: Inline) -> str:
    """The ``<seg>`` content of one inline."""
    if len(inline.parts) == 1 and isinstance(inline.parts[0], str):
        return _text(inline.parts[0])
    pieces = []
    for part in inline.parts:
        if isinstance(part, str):
            pieces.append(_text(part))
        elif part.kind is CodeKind.OPEN:
            pieces.append(f'<bpt i="{part.pair}" type="{_type(part)}">{escape(part.markup)}</bpt>')
        elif part.kind is CodeKind.CLOSE:
            pieces.append(f'<ept i="{part.pair}">{escape(part.markup)}</ept>')
        else:
            pieces.append(f'<ph x="{part.pair}" type="{_type(part)}">{escape(part.markup)}</ph>')
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _props(props: tuple[tuple[str, str], ...]) -> str:
    """Props repeat for every unit of an article: each set is written once and remembered."""
    return "".join(f'<prop type="x-{name}">{escape(value)}</prop>' for name, value in props if value)


@lru_cache(maxsize=4096)
def _variant_props(path: str, props: tuple[tuple[str, str], ...]) -> str:
    return _props((("path", path), *props))


@lru_cache(maxsize=256)
def _tuv_start(locale: str) -> str:
    return f'<tuv xml:lang="{quote(locale)}">'


_bare_seg = Remembered(seg)
"""The ``<seg>`` of a variant without ids or props: an English half, which every locale repeats."""


def clear_memo() -> None:
    """Forget the remembered ``<seg>`` (see :mod:`toolkit.caches`)."""
    _bare_seg.forget()


def dumps_variant(variant: Variant) -> str:
    """One ``<tuv>``."""
    if not variant.segment and not variant.path and not variant.props:
        return f"{_tuv_start(variant.locale)}<seg>{_bare_seg(variant.inline)}</seg></tuv>"
    segment = f'<prop type="x-segment">{escape(variant.segment)}</prop>' if variant.segment else ""
    props = _variant_props(variant.path, variant.props)
    return f"{_tuv_start(variant.locale)}{segment}{props}<seg>{seg(variant.inline)}</seg></tuv>"


def dumps_unit(unit: Unit) -> str:
    return dumps_rendered(unit.id, unit.article, unit.block, unit.created, [dumps_variant(v) for v in unit.variants])


def dumps_rendered(tuid: str, article: str, block: str, created: str, variants: Iterable[str]) -> str:
    """A ``<tu>`` of variants already rendered by :func:`dumps_variant` (possibly elsewhere)."""
    when = f' creationdate="{created}"' if created else ""
    props = _props((("article", article), ("block", block)))
    return f'<tu tuid="{quote(tuid)}"{when}>{props}{"".join(variants)}</tu>\n'


def header(source_locale: str = SOURCE_LOCALE) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'<header creationtool="loctk" creationtoolversion="{__version__}" segtype="sentence"'
        f' o-tmf="{ORIGINAL_FORMAT}" adminlang="en-US" srclang="{quote(source_locale)}" datatype="markdown"/>\n<body>\n'
    )


FOOTER: Final = "</body>\n</tmx>\n"


def write(units: Iterable[Unit], stream: IO[str], options: Options = _DEFAULT) -> int:
    """Write a whole TMX document (any text: see the rules above); returns how many units."""
    return write_tmx(units, stream)


def fragment(units: Sequence[Unit], options: Options = _DEFAULT) -> str:
    """One article's units as they stand in the document's body."""
    return "".join([dumps_unit(unit) for unit in units])


def head(options: Options = _DEFAULT) -> str:
    return header()


def tail(options: Options = _DEFAULT, count: int = 0) -> str:
    return FOOTER


refuses = xml_refusal
"""Why the unit would not read back exactly (empty when it would)."""


def write_tmx(units: Iterable[Unit], stream: IO[str], source_locale: str = SOURCE_LOCALE) -> int:
    """Write a whole TMX document; returns how many units."""
    stream.write(header(source_locale))
    count = 0
    for unit in units:
        stream.write(dumps_unit(unit))
        count += 1
    stream.write(FOOTER)
    return count


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """The units of a TMX 1.4 document, one at a time (see :func:`xmltext.units_of`)."""
    check = partial(root_problem, tag="tmx", versions=("1.4", "1.4b"))
    for element, where, _root in units_of(stream, "tu", check):
        yield _unit(element, where)


def read_tmx(source: str | Path | IO[bytes]) -> Iterator[Unit]:
    """The units of a TMX file named by its path (or an open binary stream)."""
    return read_source(read, source)


def _unit(element: etree._Element, where: tuple[int, int]) -> Unit:
    props: dict[str, str] = {}
    variants = []
    flaw = ""
    for child in element:  # one pass over the children: lxml's find() parses a path each call
        if child.tag == "prop":
            props[child.get("type", "").removeprefix("x-")] = child.text or ""
        elif child.tag == "tuv":
            variant, problem = _variant_of(child)
            variants.append(variant)
            flaw = flaw or problem
    if len(variants) < 2:
        flaw = flaw or "a unit needs a source and a translation (<tuv>)"
    pending = "empty" if not flaw and any(not v.inline.markup for v in variants[1:]) else ""
    return Unit(
        element.get("tuid", ""),
        props.get("article", ""),
        tuple(variants),
        props.get("block", ""),
        element.get("creationdate", ""),
        where,
        flaw,
        pending,
    )


def _variant_of(tuv: etree._Element) -> tuple[Variant, str]:
    facts: dict[str, str] = {}
    seg = None
    for child in tuv:
        if child.tag == "prop":
            facts[child.get("type", "").removeprefix("x-")] = child.text or ""
        elif child.tag == "seg":
            seg = child
    segment = facts.pop("segment", "")
    path = facts.pop("path", "")
    flaw = ""
    try:
        inline = rebuild(_parts(seg))
    except Flaw as error:
        flaw, inline = str(error), Inline("", (), "")
    locale = tuv.get(_XML_LANG) or tuv.get("lang") or ""
    return Variant(locale, inline, segment, path, tuple(facts.items())), flaw


def _parts(element: etree._Element | None) -> list[Part]:
    if element is None:
        raise Flaw("a <tuv> without <seg>")
    parts: list[Part] = [element.text] if element.text else []
    for child in element:
        markup = "".join(str(text) for text in child.itertext())
        kind = {"bpt": CodeKind.OPEN, "ept": CodeKind.CLOSE}.get(str(child.tag), CodeKind.PLACEHOLDER)
        type_ = child.get("type", "")
        if child.tag == "ph" and type_ == _CHAR:
            char = code_point(markup)
            if char is None:
                raise Flaw(f"<ph type={_CHAR!r}> names no character: {markup[:20]!r}")
            parts.append(char)
        elif child.tag == "hi":
            parts.extend(_parts(child))
        elif child.tag in ("bpt", "ept", "ph", "it"):
            type_ = _TYPES_BACK.get(type_, type_.removeprefix("x-"))
            parts.append(Code(kind, type_, markup, _number(child.get("i") or child.get("x"))))
        else:
            raise Flaw(f"<{child.tag}> is not read inside <seg>")
        if child.tail:
            parts.append(child.tail)
    return parts


def _number(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else 0
