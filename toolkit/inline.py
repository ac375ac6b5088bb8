"""Inline markup inside a segment half: text runs and codes.

A half mixes Markdown (``**bold**``, ``[text](url)``, `` `code` ``, escapes) with HTML
(``<strong>``, ``<a href>``, entities) and Docs extensions (``<xref:…>``,
``[!INCLUDE[…](…)]``). One regular expression cuts the half into tokens; emphasis and
brackets are then paired with a stack, the way CommonMark pairs delimiters (simplified:
a run closes the nearest open run of the same character and length). Each distinct HTML
tag is interpreted once by beautifulsoup4, which knows the quoting and entity rules of
attributes; text entities are resolved with the same tables.

Halves without any markup character take a fast path, and every result is memoized on
the raw markup: the English halves of one article repeat in every locale.

:func:`render` is the inverse used when a translator's text comes back: parsing its output
gives the same parts.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from bs4 import BeautifulSoup, Tag

from toolkit.model import Code, CodeKind, Inline, Part

_MARKUP_CHAR = re.compile(r"[<&*_`\[\]\\!]")

_TOKEN = re.compile(
    r"""
    (?P<code>(?<!`)(?P<ticks>`+)(?!`)(?P<code_text>.+?)(?<!`)(?P=ticks)(?!`))
  | (?P<include>\[!(?:INCLUDE|include)\s*\[[^\]]*\]\((?P<include_target>[^)]*)\)\])
  | (?P<link_close>\]\(\s*(?P<href><[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\))
  | (?P<ref_close>\]\[[^\]]*\])
  | (?P<image_open>!\[)
  | (?P<link_open>\[)
  | (?P<autolink><(?P<auto_target>(?:xref:|https?://|mailto:)[^<>\s]*)>)
  | (?P<comment><!--.*?-->)
  | (?P<tag></?[A-Za-z][\w:.-]*(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?/?>)
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<escape>\\[!-/:-@\[-`{-~])
  | (?P<delim>\*+|_+)
    """,
    re.VERBOSE | re.DOTALL,
)

_HTML_TYPES = {
    "strong": "bold", "b": "bold", "em": "italic", "i": "italic", "a": "link",
    "code": "code", "u": "underline", "sup": "superscript", "sub": "subscript",
    "br": "break", "img": "image", "span": "span", "kbd": "code",
}
_VOID_TAGS = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source"})
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@lru_cache(maxsize=4096)
def _tag(markup: str) -> tuple[str, bool, str]:
    """(name, is_end_tag, target) of one HTML tag, via beautifulsoup4."""
    if markup.startswith("</"):
        return markup[2:-1].strip().lower(), True, ""
    element = BeautifulSoup(markup, "html.parser").find()
    if not isinstance(element, Tag):
        return markup[1:].split()[0].rstrip("/>").lower(), False, ""
    target = element.get("href") or element.get("src") or ""
    return element.name, False, target if isinstance(target, str) else " ".join(target)


@lru_cache(maxsize=1 << 17)
def parse_inline(markup: str) -> Inline:
    """Interpret one half's inner markup."""
    if _MARKUP_CHAR.search(markup) is None:
        return Inline(markup, (markup,) if markup else (), markup)
    return _Builder(markup).build()


class _Builder:
    """Turns tokens into parts; open delimiters wait on a stack for their closer."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.parts: list[Part | _Pending] = []
        self.stack: list[_Pending] = []
        self.count = 0

    def build(self) -> Inline:
        markup = self.markup
        pos = 0
        for match in _TOKEN.finditer(markup):
            if match.start() > pos:
                self.parts.append(markup[pos : match.start()])
            self._token(match)
            pos = match.end()
        if pos < len(markup):
            self.parts.append(markup[pos:])
        parts = _merge_text(self._resolve())
        text = "".join(p if isinstance(p, str) else p.text for p in parts)
        return Inline(markup, parts, text)

    def _number(self) -> int:
        self.count += 1
        return self.count

    def _placeholder(self, type_: str, raw: str, target: str = "", text: str = "") -> None:
        self.parts.append(Code(CodeKind.PLACEHOLDER, type_, raw, self._number(), target, text))

    def _open(self, type_: str, raw: str, key: str, target: str = "") -> None:
        pending = _Pending(type_, raw, key, target, self._number())
        self.parts.append(pending)
        self.stack.append(pending)

    def _close(self, key: str, raw: str, type_: str, target: str = "") -> bool:
        """Pair ``raw`` with the nearest open pending of ``key``; False if there is none."""
        for index in range(len(self.stack) - 1, -1, -1):
            opener = self.stack[index]
            if opener.key == key:
                del self.stack[index:]
                number = opener.number
                opener.code = Code(CodeKind.OPEN, opener.type, opener.raw, number, target or opener.target)
                self.parts.append(Code(CodeKind.CLOSE, type_, raw, number, target or opener.target))
                return True
        return False

    def _token(self, match: re.Match[str]) -> None:
        kind = match.lastgroup
        raw = match.group()
        if kind == "code":
            self._placeholder("code", raw, text=match.group("code_text"))
        elif kind == "include":
            self._placeholder("include", raw, target=match.group("include_target").strip())
        elif kind in ("image_open", "link_open"):
            self._open("image" if kind == "image_open" else "link", raw, "[")
        elif kind in ("link_close", "ref_close"):
            href = (match.group("href") or "").strip("<>") if kind == "link_close" else ""
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index].key == "[":
                    self._close("[", raw, self.stack[index].type, href)
                    return
            self.parts.append(raw)
        elif kind == "autolink":
            target = match.group("auto_target")
            if target.startswith("xref:"):  # Docs shows the API name: the uid before any query
                self._placeholder("xref", raw, target, target[5:].split("?")[0])
            else:
                self._placeholder("link", raw, target, target)
        elif kind == "comment":
            self._placeholder("comment", raw)
        elif kind == "tag":
            self._html(raw)
        elif kind == "entity":
            self.parts.append(html.unescape(raw))
        elif kind == "escape":
            self.parts.append(raw[1])
        else:
            self._delimiter(match)

    def _html(self, raw: str) -> None:
        name, is_end, target = _tag(raw)
        type_ = _HTML_TYPES.get(name, "html")
        if is_end:
            if not self._close("<" + name, raw, type_):
                self._placeholder(type_, raw)
        elif name in _VOID_TAGS or raw.endswith("/>"):
            self._placeholder(type_, raw, target=target)
        else:
            self._open(type_, raw, "<" + name, target)

    def _delimiter(self, match: re.Match[str]) -> None:
        """Emphasis runs: close if right-flanking and an opener waits, open if left-flanking."""
        raw = match.group()
        text = self.markup
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        left = not after.isspace() and (
            after not in _PUNCTUATION or before.isspace() or before in _PUNCTUATION
        )
        right = not before.isspace() and (
            before not in _PUNCTUATION or after.isspace() or after in _PUNCTUATION
        )
        if raw[0] == "_":  # no intraword emphasis with underscores (snake_case stays text)
            left, right = left and (not right or before in _PUNCTUATION), right and (
                not left or after in _PUNCTUATION
            )
        type_ = {1: "italic", 2: "bold"}.get(len(raw), "bold_italic")
        if right and self._close(raw, raw, type_):
            return
        if left:
            self._open(type_, raw, raw)
        else:
            self.parts.append(raw)

    def _resolve(self) -> list[Part]:
        """Openers that never closed are plain text after all (HTML tags: placeholders)."""
        resolved: list[Part] = []
        for part in self.parts:
            if not isinstance(part, _Pending):
                resolved.append(part)
            elif part.code is not None:
                resolved.append(part.code)
            elif part.key.startswith("<"):
                resolved.append(Code(CodeKind.PLACEHOLDER, part.type, part.raw, part.number, part.target))
            else:
                resolved.append(part.raw)
        return resolved


class _Pending:
    """An opener waiting for its closer; ``code`` is set once paired."""

    __slots__ = ("code", "key", "number", "raw", "target", "type")

    def __init__(self, type_: str, raw: str, key: str, target: str, number: int) -> None:
        self.type = type_
        self.raw = raw
        self.key = key
        self.target = target
        self.number = number
        self.code: Code | None = None


def _merge_text(parts: list[Part]) -> tuple[Part, ...]:
    """Join neighbouring text runs so equal content always has equal parts."""
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


_ESCAPE = re.compile(r"[\\`*_\[\]]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def escape_text(text: str) -> str:
    """Markup for plain text: each character that could start markup is escaped."""
    return _ESCAPE.sub(lambda m: "&amp;" if m.group() == "&" else "\\" + m.group(), text)


def render(parts: tuple[Part, ...] | list[Part]) -> str:
    """Markup for parts: codes as written, text escaped; ``parse_inline`` reads it back."""
    return "".join(p.markup if isinstance(p, Code) else escape_text(p) for p in parts)
