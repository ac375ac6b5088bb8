"""XLIFF 1.2: writer and reader (validated against ``xliff-core-1.2-strict.xsd``).

Many CAT tools still speak only XLIFF 1.2, so it sits beside XLIFF 2.0. Rules:

* One ``<file>`` per article (``original`` its path, ``datatype="x-markdown"``; header notes
  carry the identity and the front-matter facts, ``from`` naming each), one
  ``<trans-unit>`` per segment: ``id`` the segment id made distinct, ``resname`` the
  segment id itself, notes with the block kind and the line.
* Target ``state``: ``final`` for human translations (``ms.translationtype: HT``),
  ``translated`` for machine ones. Reading, a missing or empty target is unfinished work
  (``pending``: ``empty``), and so is one in a ``needs-review-…`` state (``fuzzy``: a
  translation waiting for review). A target in state ``new`` or another ``needs-…`` that
  reads the same as its source is the untranslated copy of the source that CAT tools
  expect (``empty``); one that reads differently was translated by a tool that does not
  update states (OmegaT 3.6 leaves them as they were), and is taken.
* Inline markup keeps its Markdown in ``equiv-text``: a placeholder is ``<x/>``; a pair
  that nests and closes with the markup it opens with (emphasis) is ``<g>``; any other pair
  is ``<bx/>``…``<ex/>`` sharing ``rid``. ``ctype`` says what the code does (``bold``,
  ``link``, ``image``, ``lb``, else ``x-<type>``).
* A character XML 1.0 forbids (or a byte kept from invalid UTF-8) is
  ``<ph id="cpN" ctype="x-cp">HEX</ph>`` in text; CR is ``&#13;``. In attributes (and so in
  a code's markup) such a character becomes U+FFFD, and the export refuses that unit.
* A translation kit (:func:`write` with ``offers``, an :class:`Offer` per unit id) adds to a
  unit its memory matches as ``<alt-trans match-quality origin>`` (the match's English as
  its ``<source>``), notes (match class, neighbouring sentences) and the work state: a
  reused translation is locked, ``translate="no"`` with a ``final`` target
  (``state-qualifier="exact-match"``); a sentence that needs work has the copy of its
  source as target, in state ``needs-translation``, as Okapi's and OmegaT's XLIFF filters
  expect (OmegaT translates the target's text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from itertools import groupby
from typing import IO, Final

from lxml import etree

from toolkit.formats.units import (
    Alternative,
    Offer,
    Options,
    Unit,
    base_key,
    rebuild,
    unique,
    xml_refusal,
)
from toolkit.formats.xmltext import Flaw, code_point, content, escape, quote, root_problem, units_of, xliff_unit
from toolkit.model import SOURCE_LOCALE, Code, CodeKind, Inline, Part

NAMESPACE: Final = "urn:oasis:names:tc:xliff:document:1.2"
_NS = "{" + NAMESPACE + "}"
_STATES = {"HT": "final", "MT": "translated"}
_DELIMITERS = {"bold": "bold", "italic": "italic", "underline": "underlined", "link": "link"}
_PLACEHOLDERS = {"image": "image", "break": "lb"}
_CP = "x-cp"
_DEFAULT = Options()


def _ctype(code: Code) -> str:
    table = _PLACEHOLDERS if code.kind is CodeKind.PLACEHOLDER else _DELIMITERS
    name = table.get(code.type) or (f"x-{code.type}" if code.type else "")
    return f' ctype="{quote(name)}"' if name else ""


def _grouped(parts: Sequence[Part]) -> set[int]:
    """Pairs written as ``<g>``: they nest inside the pair around them and close with their opening markup."""
    closes = {p.pair: p.markup for p in parts if isinstance(p, Code) and p.kind is CodeKind.CLOSE}
    stack: list[int] = []
    good: set[int] = set()
    for part in parts:
        if not isinstance(part, Code) or part.kind is CodeKind.PLACEHOLDER:
            continue
        if part.kind is CodeKind.OPEN:
            stack.append(part.pair)
        elif stack and stack[-1] == part.pair:
            stack.pop()
            good.add(part.pair)
        else:
            stack.clear()
            return set()
    opens = {p.pair: p.markup for p in parts if isinstance(p, Code) and p.kind is CodeKind.OPEN}
    return {pair for pair in good if opens.get(pair) == closes.get(pair)}


_CONTENT: dict[str, tuple[Inline, str]] = {}


def clear_memo() -> None:
    """Forget the memoized contents and notes (see :mod:`toolkit.caches`)."""
    _CONTENT.clear()
    _NOTES.clear()


def inline_content(inline: Inline) -> str:
    """The ``<source>``/``<target>`` content of one inline (memoized: a kit or an export of
    many locales writes the same English halves again and again, and a kit the same
    suggestions). Keyed by markup, the inline kept to tell apart one that reads otherwise
    (the same markup with other link definitions): hashing an inline's parts costs more
    than comparing them, which the reader's own memo mostly spares (the same object)."""
    found = _CONTENT.get(inline.markup)
    if found is None or (found[0] is not inline and found[0] != inline):
        if len(_CONTENT) >= 1 << 16:
            _CONTENT.clear()
        found = _CONTENT[inline.markup] = (inline, _content(inline))
    return found[1]


def _content(inline: Inline) -> str:
    grouped = _grouped(inline.parts)
    counter = iter(range(1, 1 << 30))
    pieces = []
    for part in inline.parts:
        if isinstance(part, str):
            pieces.append(content(part, lambda char: f'<ph id="cp{next(counter)}" ctype="{_CP}">{ord(char):04X}</ph>'))
            continue
        equiv = f'equiv-text="{quote(part.markup)}"'
        if part.kind is CodeKind.PLACEHOLDER:
            pieces.append(f'<x id="{next(counter)}"{_ctype(part)} {equiv}/>')
        elif part.pair in grouped:
            pieces.append(f'<g id="{next(counter)}"{_ctype(part)} {equiv}>' if part.kind is CodeKind.OPEN else "</g>")
        elif part.kind is CodeKind.OPEN:
            pieces.append(f'<bx id="{next(counter)}" rid="{part.pair}"{_ctype(part)} {equiv}/>')
        else:
            pieces.append(f'<ex id="{next(counter)}" rid="{part.pair}" {equiv}/>')
    return "".join(pieces)


_NOTES: dict[tuple[str, str], str] = {}


def _note(name: str, text: str) -> str:
    """One ``<note>`` (memoized: a kit's notes are block kinds, match classes and the
    neighbouring English sentences, the same in every locale)."""
    found = _NOTES.get((name, text))
    if found is None:
        if len(_NOTES) >= 1 << 16:
            _NOTES.clear()
        found = _NOTES[name, text] = f"{_note_start(name)}{escape(text)}</note>"
    return found


@lru_cache(maxsize=256)
def _note_start(name: str) -> str:
    """A note's start tag (the names are a handful: block, line, match…)."""
    return f'<note from="{quote(name)}">'


def _alternatives(unit: Unit, alternatives: Sequence[Alternative]) -> str:
    pieces = []
    for alternative in alternatives:
        quality = f' match-quality="{quote(alternative.quality)}"' if alternative.quality else ""
        origin = f' origin="{quote(alternative.origin)}"' if alternative.origin else ""
        source = f"<source>{inline_content(alternative.source)}</source>" if alternative.source is not None else ""
        pieces.append(
            f'<alt-trans{quality}{origin}>{source}<target xml:lang="{quote(unit.target.locale)}">'
            f"{inline_content(alternative.inline)}</target></alt-trans>"
        )
    return "".join(pieces)


_LOCKED = (' translate="no" approved="yes"', 'state="final" state-qualifier="exact-match"')
_OPEN = ("", 'state="needs-translation"')


def _state(unit: Unit, offer: Offer | None) -> tuple[str, str]:
    """The ``<trans-unit>`` attributes a kit adds, and the target's state attributes."""
    if offer is None:
        return "", f'state="{_STATES.get(unit.target.prop("ms.translationtype"), "translated")}"'
    return _LOCKED if offer.locked else _OPEN


def _unit(key: str, unit: Unit, offer: Offer | None) -> str:
    variant = unit.target
    attributes, state = _state(unit, offer)
    alternatives = notes = ""
    if offer is not None:
        alternatives = _alternatives(unit, offer.alternatives) if offer.alternatives else ""
        notes = _note("match", offer.match)
        for name, text in offer.notes:
            notes += _note(name, text)
    return (
        f'<trans-unit id="{quote(key)}" resname="{quote(variant.segment)}"{attributes} xml:space="preserve">'
        f"<source>{inline_content(unit.source.inline)}</source>"
        f"<target {state}>{inline_content(variant.inline)}</target>{alternatives}"
        f"{_note('block', unit.block)}{_note('line', str(variant.line))}{notes}</trans-unit>\n"
    )


def _file(units: Sequence[Unit], locale: str, offers: Mapping[str, Offer]) -> str:
    first = units[0].target
    notes = "".join(_note(name, value) for name, value in (("article", units[0].article), *first.props))
    keys = unique(u.target.segment for u in units)
    body = "".join(_unit(key, u, offers.get(u.id)) for key, u in zip(keys, units, strict=True))
    return (
        f'<file original="{quote(first.path or units[0].article)}" source-language="{SOURCE_LOCALE}" '
        f'target-language="{quote(locale)}" datatype="x-markdown"><header>{notes}</header><body>\n{body}</body></file>\n'
    )


def write(
    units: Iterable[Unit],
    stream: IO[str],
    options: Options = _DEFAULT,
    offers: Mapping[str, Offer] | None = None,
) -> int:
    """One XLIFF 1.2 document, a ``<file>`` per run of units of one article; returns how many units.

    ``offers`` (per unit id) make it a translation kit (see the module's rules)."""
    stream.write(head(options))
    count = 0
    for _key, group in groupby(units, key=lambda u: (u.article, u.target.path)):
        batch = list(group)
        stream.write(_file(batch, options.locale or batch[0].target.locale, offers or {}))
        count += len(batch)
    stream.write(tail(options, count))
    return count


def fragment(units: Sequence[Unit], options: Options = _DEFAULT) -> str:
    """One article's units as a ``<file>`` (no suggestions: those are for kits)."""
    return _file(units, options.locale or units[0].target.locale, {}) if units else ""


def head(options: Options = _DEFAULT) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NAMESPACE}" version="1.2">\n'


def tail(options: Options = _DEFAULT, count: int = 0) -> str:
    """The end of the document; a document without units still needs a ``<file>`` (the schema says so)."""
    empty = (
        f'<file original="" source-language="{SOURCE_LOCALE}" target-language="{quote(options.locale or "und")}"'
        ' datatype="x-markdown"><body/></file>\n'
    )
    return ("" if count else empty) + "</xliff>\n"


refuses = xml_refusal
"""Why the unit would not read back exactly (empty when it would)."""


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """The units of an XLIFF 1.2 document, in document order (see :func:`xmltext.units_of`)."""
    check = partial(root_problem, tag="xliff", versions=("1.2",), namespace=NAMESPACE)
    file: etree._Element | None = None
    facts: dict[str, str] = {}
    for element, where, _root in units_of(stream, "trans-unit", check, NAMESPACE):
        owner = next(element.iterancestors(_NS + "file"), None)
        if owner is not file and owner is not None:
            file = owner
            facts = {n.get("from", ""): n.text or "" for n in owner.iterfind(f"{_NS}header/{_NS}note")}
        yield _read_unit(element, file, facts, where)


def _read_unit(element: etree._Element, file: etree._Element | None, facts: dict[str, str], where: tuple[int, int]) -> Unit:
    notes = {n.get("from", ""): n.text or "" for n in element.iterfind(_NS + "note")}

    def sides() -> tuple[Inline, Inline, str]:
        found = element.find(_NS + "target")
        source = rebuild(_parts(element.find(_NS + "source")))
        target = rebuild(_parts(found))
        state = found.get("state", "") if found is not None else ""
        if found is None or not target.markup:
            return source, target, "empty"
        if state.startswith("needs-review-"):
            return source, target, "fuzzy"
        new = state == "new" or state.startswith("needs-")
        return source, target, "empty" if new and _same(source, target) else ""

    name = element.get("resname") or base_key(element.get("id", ""))
    target_file = (file.get("target-language", ""), file.get("original", "")) if file is not None else ("", "")
    return xliff_unit(sides, name, facts, target_file, notes.get("block", ""), where)


def _same(source: Inline, target: Inline) -> bool:
    return source.text == target.text and [c.markup for c in source.codes] == [c.markup for c in target.codes]


_KINDS = {"bx": CodeKind.OPEN, "ex": CodeKind.CLOSE, "x": CodeKind.PLACEHOLDER}


def _parts(element: etree._Element | None) -> list[Part]:
    if element is None:
        return []
    parts: list[Part] = [element.text] if element.text else []
    for child in element:
        tag = str(child.tag).removeprefix(_NS)
        markup = child.get("equiv-text")
        if tag == "ph" and child.get("ctype") == _CP:
            char = code_point(child.text or "")
            if char is None:
                raise Flaw(f"<ph ctype={_CP!r}> names no character: {(child.text or '')[:20]!r}")
            parts.append(char)
        elif tag == "mrk":
            parts.extend(_parts(child))
        elif tag not in ("g", *_KINDS) or markup is None:
            raise Flaw(f"<{tag}> without equiv-text is not read inside a segment")
        elif tag == "g":
            parts.append(Code(CodeKind.OPEN, "", markup, 0))
            parts.extend(_parts(child))
            parts.append(Code(CodeKind.CLOSE, "", markup, 0))
        else:
            parts.append(Code(_KINDS[tag], "", markup, 0))
        if child.tail:
            parts.append(child.tail)
    return parts
