"""What the checks compare in one segment half, computed once per distinct markup.

English halves repeat in every locale and many translations repeat inside a locale, so a
profile is memoized on the raw markup (strings cache their hash; a half with a ``]``, whose
reference links depend on the article, on its parts too): the per-pair checks then compare
small sorted tuples instead of walking parts again. Halves without markup and without
digits, URLs or placeholders get an almost empty profile cheaply. The profile reads the
codes the inline reader made (their type, syntax and element name), never the markup again.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from toolkit.checks.numbers import as_written_anywhere
from toolkit.docs import ALERT_NAMES, unlocalized_url
from toolkit.inline import parse_inline
from toolkit.model import Code, CodeKind, Inline, Syntax

_DIGIT = re.compile(r"\d")
"""A decimal digit of any script (Unicode ``Nd``): numbers are compared in ASCII digits."""
_NATIVE_DIGIT = re.compile(r"(?![0-9])\d")
_NUMBER = re.compile(r"\d+(?:(?:[.,'’\u00a0\u202f\u066b\u066c]|(?<=\d) (?=\d{3}(?!\d)))\d+)*")  # noqa: RUF001
"""Digits with the separators of any locale between them (a plain space only before a group of three)."""
_URL = re.compile(r"\bhttps?://[^\s<>()\"'“”«»]+[^\s<>()\"'“”«».,;:!?。、]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PLACEHOLDER = re.compile(r"\{\d+\}|\{\{[^{}]+\}\}|%\d*\$?[sdif]\b|\$\([A-Za-z_]\w*\)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ALERT = re.compile(rf"\[!(?:{ALERT_NAMES})\]", re.IGNORECASE)
_EMPHASIS = frozenset({"bold", "italic", "underline"})
_QUICK = re.compile(r"[\d@%{$]")
"""What a number, e-mail address or placeholder needs (a URL needs ``://``)."""


class Profile(NamedTuple):
    """The comparable content of one half; tuples are sorted so equal multisets compare equal.

    A named tuple rather than a frozen dataclass: one is made per distinct half, and a tuple is
    built four times faster.
    """

    prose: str
    """Text runs only: no code spans, no markup (what language checks look at)."""
    codes: int = 0
    emphasis: int = 0
    """Bold, italic and underline spans, in Markdown or HTML."""
    code_spans: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    """Targets of Markdown links, locale folder removed (``/en-us/`` and ``/fr-fr/`` compare equal)."""
    empty_links: int = 0
    """Links, Markdown or HTML, with no visible text."""
    anchors: tuple[str, ...] = ()
    """Targets of ``<a href>`` tags, locale folder removed."""
    xrefs: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    html: tuple[str, ...] = ()
    """Names of HTML tags other than ``<a>`` (start and void tags)."""
    entities: tuple[str, ...] = ()
    alerts: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    """Numbers as written, in ASCII digits (``1 000,5``); :mod:`toolkit.checks.numbers` reads them per locale."""
    urls: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    edges: int = 0
    """White space at the edges of the markup: 1 leading, 2 trailing, 3 both."""
    last: str = ""
    """The last character of the plain text that ends a sentence (white space, bidi controls,
    closing quotes and brackets passed over); '' when none."""
    kept: tuple[object, ...] = ()
    """The fields from :attr:`codes` to :attr:`emails`, what translation must keep; ``()``
    when all are empty. Equal in both halves, every parity check is silent (the runner skips them)."""


_ENGLISH: dict[object, Profile] = {}
_ENGLISH_BOUND = 1 << 16
"""Room for every English half of a docset: each repeats in every locale, however far apart
the locales are worked on (a command that reads in path order sees a whole locale in between)."""
_TRANSLATIONS: dict[object, Profile] = {}
_TRANSLATIONS_BOUND = 1 << 14
"""A translation repeats mostly near where it was first seen: room for every translation of
the corpus costs hundreds of MB and saves little (over 12 locales, a fifth more profiles are
made than with no bound)."""


def profile(half: Inline | str, english: bool = False) -> Profile:
    """The profile of one half (an inline as the reader made it, or markup read without
    reference definitions), memoized with the English halves or with the translations."""
    inline = parse_inline(half) if isinstance(half, str) else half
    markup = inline.markup
    key: object = markup if "]" not in markup else (markup, inline.parts)
    memo, bound = (_ENGLISH, _ENGLISH_BOUND) if english else (_TRANSLATIONS, _TRANSLATIONS_BOUND)
    found = memo.get(key)
    if found is None:
        if len(memo) >= bound:
            memo.clear()
        found = memo[key] = _profile(inline)
    return found


def clear_memo() -> None:
    """Forget every memoized profile (benchmarks start cold with it)."""
    _ENGLISH.clear()
    _TRANSLATIONS.clear()


_BIDI = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069 \t\n"
_CLOSERS = "*_`)\"“”„«»‹›‘’‚'」』）]"  # noqa: RUF001 (typography this check is about)


def _last_mark(text: str) -> str:
    """The character a sentence ends with: white space, bidi controls, closing quotes and brackets passed over."""
    end = text[-1:]
    if end and end not in _BIDI and end not in _CLOSERS:  # the usual case: nothing to strip
        return end
    return text.rstrip(_BIDI).rstrip(_CLOSERS).rstrip(_BIDI)[-1:]


def _profile(inline: Inline) -> Profile:
    """complexity: one pass over the parts fills every field; it runs on both sides of every
    segment checked, where a pass per field would walk the parts a dozen times."""
    markup = inline.markup
    parts = inline.parts
    edges = markup[:1].isspace() + 2 * markup[-1:].isspace()
    last = _last_mark(inline.text)
    if len(parts) <= 1 and (not parts or isinstance(parts[0], str)) and "&" not in markup and "[!" not in markup:
        prose = inline.text
        if "://" not in prose and _QUICK.search(prose) is None:
            return Profile(prose, edges=edges, last=last)
        placeholders, numbers, urls, emails = _patterns(prose, [])
        kept = _kept((0, 0, (), (), 0, (), (), (), (), (), (), (), placeholders, numbers, urls, emails))
        return Profile(
            prose, placeholders=placeholders, numbers=numbers, urls=urls, emails=emails, edges=edges, last=last, kept=kept
        )
    texts: list[str] = []
    codes = emphasis = empty_links = 0
    code_spans: list[str] = []
    links: list[str] = []
    anchors: list[str] = []
    xrefs: list[str] = []
    includes: list[str] = []
    images: list[str] = []
    html: list[str] = []
    autolinks: list[str] = []
    previous: Code | str | None = None
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        else:
            codes += 1
            kind, type_, syntax = part.kind, part.type, part.syntax
            if kind is CodeKind.CLOSE:
                if (
                    type_ == "link"
                    and isinstance(previous, Code)
                    and previous.kind is CodeKind.OPEN
                    and previous.pair == part.pair
                ):
                    empty_links += 1
            else:
                if type_ in _EMPHASIS:
                    emphasis += 1
                elif type_ == "code" and syntax is Syntax.MARKDOWN:
                    code_spans.append(part.text)
                elif type_ == "link":
                    if syntax is Syntax.HTML:
                        anchors.append(unlocalized_url(part.target))
                    elif syntax is Syntax.AUTOLINK:
                        autolinks.append(part.target)
                    else:
                        links.append(unlocalized_url(part.target))
                elif type_ == "xref":
                    xrefs.append(part.target)
                elif type_ == "include":
                    includes.append(part.target)
                elif type_ == "image":
                    images.append(part.target)
                if part.name and part.name != "a":
                    html.append(part.name)
        previous = part
    prose = "".join(texts)
    placeholders, numbers, urls, emails = _patterns(prose, autolinks)
    kept = (
        codes,
        emphasis,
        _sorted(code_spans),
        _sorted(links),
        empty_links,
        _sorted(anchors),
        _sorted(xrefs),
        _sorted(includes),
        _sorted(images),
        _sorted(html),
        tuple(sorted(_ENTITY.findall(markup))) if "&" in markup else (),
        tuple(sorted(m.upper() for m in _ALERT.findall(markup))) if "[!" in markup else (),
        placeholders,
        numbers,
        urls,
        emails,
    )
    return Profile(prose, *kept, edges, last, _kept(kept))


def _kept(fields: tuple[object, ...]) -> tuple[object, ...]:
    return fields if any(fields) else ()


Strings = tuple[str, ...]


def _sorted(items: list[str]) -> Strings:
    return tuple(sorted(items)) if items else ()


def numbers_of(text: str) -> tuple[str, ...]:
    """The numbers of a plain text, as :attr:`Profile.numbers` has them."""
    return _patterns(text, [])[1]


def _ascii_digits(text: str) -> str:
    """Digits of every script written in ASCII (``٢٠`` and ``२०`` are ``20``)."""
    if text.isascii():
        return text
    return _NATIVE_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def _patterns(prose: str, autolinks: list[str]) -> tuple[Strings, Strings, Strings, Strings]:
    """Numbers, URLs, e-mail addresses and placeholders written in the text itself (digits inside the others
    are not numbers). Each pattern runs only when a character it needs is there."""
    urls = _URL.findall(prose) if "://" in prose else []
    emails = _EMAIL.findall(prose) if "@" in prose else []
    rest = _URL.sub(" ", prose) if urls else prose
    rest = _EMAIL.sub(" ", rest) if emails else rest
    placeholders = _PLACEHOLDER.findall(rest) if "{" in rest or "%" in rest or "$(" in rest else []
    rest = _PLACEHOLDER.sub(" ", rest) if placeholders else rest
    numbers = _NUMBER.findall(as_written_anywhere(_ascii_digits(rest))) if _DIGIT.search(rest) else []
    autolinks = [a for a in autolinks if a.startswith("http")]
    return (tuple(sorted(placeholders)), tuple(sorted(numbers)), tuple(sorted(urls + autolinks)), tuple(sorted(emails)))
