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
_OTHER_MARKUP = re.compile(r"[<&_`\[\]\\!]")
_STARS = re.compile(r"\*+")

_TOKEN = re.compile(  # tried only where _MARKUP_CHAR found a candidate; commonest first
    r"""
    (?P<delim>\*+|_+)
  | (?P<link_close>\]\(\s*(?P<href><[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\))
  | (?P<autolink><(?P<auto_target>(?:xref:|https?://|mailto:)[^<>\s]*)>)
  | (?P<tag></?[A-Za-z][\w:.-]*(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?/?>)
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<escape>\\[!-/:-@\[-`{-~])
  | (?P<code>(?<!`)(?P<ticks>`+)(?!`)(?P<code_text>.+?)(?<!`)(?P=ticks)(?!`))
  | (?P<include>\[!(?:INCLUDE|include)\s*\[[^\]]*\]\((?P<include_target>[^)]*)\)\])
  | (?P<ref_close>\]\[[^\]]*\])
  | (?P<image_open>!\[)
  | (?P<link_open>\[)
  | (?P<comment><!--.*?-->)
    """,
    re.VERBOSE | re.DOTALL,
)

_HTML_TYPES = {
    "strong": "bold", "b": "bold", "em": "italic", "i": "italic", "a": "link",
    "code": "code", "u": "underline", "sup": "superscript", "sub": "subscript",
    "br": "break", "img": "image", "span": "span", "kbd": "code",
}
_VOID_TAGS = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source"})
_EMPHASIS = {1: "italic", 2: "bold"}
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@lru_cache(maxsize=4096)
def _tag(markup: str) -> tuple[str, bool, str]:
    """(name, is_end_tag, target) of one HTML tag, via beautifulsoup4."""
    if markup.startswith("</"):
        return markup[2:-1].strip().lower(), True, ""
    soup = BeautifulSoup(markup, "html.parser")
    element = soup.find()
    if not isinstance(element, Tag):
        name, target = markup[1:].split()[0].rstrip("/>").lower(), ""
    else:
        found = element.get("href") or element.get("src") or ""
        name, target = element.name, found if isinstance(found, str) else " ".join(found)
    soup.decompose()  # its tree links parents and children: no cycles left for the collector
    return name, False, target


_MEMO: dict[str, Inline] = {}
_MEMO_BOUND = 1 << 18


def parse_inline(markup: str) -> Inline:
    """Interpret one half's inner markup.

    Memoized: the English halves of an article repeat in every locale. A plain dict is
    cheaper than ``lru_cache`` on the hit path; it is simply emptied when it fills up.
    """
    inline = _MEMO.get(markup)
    if inline is None:
        if len(_MEMO) >= _MEMO_BOUND:
            _MEMO.clear()
        inline = _MEMO[markup] = interpret(markup)
    return inline


def clear_memo() -> None:
    """Forget every memoized half (benchmarks start cold with it)."""
    _MEMO.clear()


def interpret(markup: str) -> Inline:
    """:func:`parse_inline` without the memo."""
    first = _MARKUP_CHAR.search(markup)
    if first is None:
        return Inline(markup, (markup,) if markup else (), markup)
    if first.group() == "*" and _OTHER_MARKUP.search(markup, first.start()) is None:
        emphasis = _paired_emphasis(markup)
        if emphasis is not None:
            return emphasis
    parts, text = _finish(_tokens(markup))
    return Inline(markup, parts, text)


def _paired_emphasis(markup: str) -> Inline | None:
    """The commonest marked-up half, emphasis only and every run closed by the next one
    (``Select **Save** and **Close**.``), read without the general machinery.

    The general reader would pair such runs the same way: an odd run that may open finds
    an empty stack, an even run that may close finds its opener. Anything else (unequal
    runs, a run that cannot open or close) returns None and takes the general path.
    """
    runs = [match.span() for match in _STARS.finditer(markup)]
    if len(runs) % 2:
        return None
    parts: list[Part] = []
    visible: list[str] = []
    position = 0
    for number, index in enumerate(range(0, len(runs), 2), start=1):
        (open_start, open_end), (close_start, close_end) = runs[index], runs[index + 1]
        if (
            open_end - open_start != close_end - close_start
            or not _can_open(markup, open_start, open_end)
            or not _can_close(markup, close_start, close_end)
        ):
            return None
        inside = markup[open_end:close_start]
        if open_start > position:
            before = markup[position:open_start]
            parts.append(before)
            visible.append(before)
        opener, closer = _emphasis_codes(open_end - open_start, number)
        parts += (opener, inside, closer)
        visible.append(inside)
        position = close_end
    if position < len(markup):
        parts.append(markup[position:])
        visible.append(markup[position:])
    return Inline(markup, tuple(parts), "".join(visible))


@lru_cache(maxsize=1 << 16)
def _code(kind: CodeKind, type_: str, markup: str, pair: int, target: str = "", text: str = "") -> Code:
    """Codes are few and repeat endlessly (``**`` #1…): one shared value each."""
    return Code(kind, type_, markup, pair, target, text)


@lru_cache(maxsize=256)
def _emphasis_codes(length: int, number: int) -> tuple[Code, Code]:
    """The OPEN and CLOSE codes of an emphasis pair made of ``length`` asterisks."""
    type_ = _EMPHASIS.get(length, "bold_italic")
    return _code(CodeKind.OPEN, type_, "*" * length, number), _code(CodeKind.CLOSE, type_, "*" * length, number)


class _Pending:
    """An opener waiting on the stack for its closer; ``code`` is set once paired."""

    __slots__ = ("code", "key", "number", "raw", "target", "type")

    def __init__(self, type_: str, raw: str, key: str, target: str, number: int) -> None:
        self.type = type_
        self.raw = raw
        self.key = key
        self.target = target
        self.number = number
        self.code: Code | None = None


def _tokens(markup: str) -> list[Part | _Pending]:
    """Text runs and codes; openers are paired with the nearest closer of the same key.

    This is the hot loop of the reader, hence one function with local names.
    """
    parts: list[Part | _Pending] = []
    stack: list[_Pending] = []
    number = 0
    pos = 0

    def close(key: str, raw: str, type_: str, target: str) -> bool:
        for index in range(len(stack) - 1, -1, -1):
            opener = stack[index]
            if opener.key == key:
                del stack[index:]
                opener.code = _code(CodeKind.OPEN, opener.type, opener.raw, opener.number, target or opener.target)
                parts.append(_code(CodeKind.CLOSE, type_, raw, opener.number, target or opener.target))
                return True
        return False

    candidate = _MARKUP_CHAR.search(markup)
    while candidate is not None:
        start = candidate.start()
        match = _TOKEN.match(markup, start)
        if match is None:  # a markup character that starts nothing here: plain text
            candidate = _MARKUP_CHAR.search(markup, start + 1)
            continue
        if start > pos:
            parts.append(markup[pos:start])
        pos = match.end()
        candidate = _MARKUP_CHAR.search(markup, pos)
        kind = match.lastgroup
        raw = match.group()
        if kind == "delim":
            left, right = _flanking(markup, start, pos)
            type_ = _EMPHASIS.get(len(raw), "bold_italic")
            if right and close(raw, raw, type_, ""):
                continue
            if left:
                number += 1
                pending = _Pending(type_, raw, raw, "", number)
                parts.append(pending)
                stack.append(pending)
            else:
                parts.append(raw)
        elif kind == "entity":
            parts.append(html.unescape(raw))
        elif kind == "escape":
            parts.append(raw[1])
        elif kind == "link_open" or kind == "image_open":
            number += 1
            pending = _Pending("link" if kind == "link_open" else "image", raw, "[", "", number)
            parts.append(pending)
            stack.append(pending)
        elif kind == "link_close" or kind == "ref_close":
            href = (match.group("href") or "").strip("<>") if kind == "link_close" else ""
            opener = next((p for p in reversed(stack) if p.key == "["), None)
            if opener is None or not close("[", raw, opener.type, href):
                parts.append(raw)
        elif kind == "tag":
            name, is_end, target = _tag(raw)
            type_ = _HTML_TYPES.get(name, "html")
            if is_end and close("<" + name, raw, type_, ""):
                continue
            number += 1
            if is_end or name in _VOID_TAGS or raw.endswith("/>"):
                parts.append(_code(CodeKind.PLACEHOLDER, type_, raw, number, target))
            else:
                pending = _Pending(type_, raw, "<" + name, target, number)
                parts.append(pending)
                stack.append(pending)
        else:
            number += 1
            parts.append(_placeholder(kind or "", match, number))
    if pos < len(markup):
        parts.append(markup[pos:])
    return parts


def _placeholder(kind: str, match: re.Match[str], number: int) -> Code:
    """Code spans, includes, autolinks, xrefs and comments: markup that stands alone."""
    raw = match.group()
    if kind == "code":
        return _code(CodeKind.PLACEHOLDER, "code", raw, number, "", match.group("code_text"))
    if kind == "include":
        return _code(CodeKind.PLACEHOLDER, "include", raw, number, match.group("include_target").strip())
    if kind == "autolink":
        target = match.group("auto_target")
        if target.startswith("xref:"):  # Docs shows the API name: the uid before any query
            return _code(CodeKind.PLACEHOLDER, "xref", raw, number, target, target[5:].split("?")[0])
        return _code(CodeKind.PLACEHOLDER, "link", raw, number, target, target)
    return _code(CodeKind.PLACEHOLDER, "comment", raw, number)


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether a delimiter run may open (left-flanking) and close (right-flanking).

    CommonMark's rules; underscores also refuse to open or close inside a word, so
    ``snake_case`` stays text.
    """
    left, right = _can_open(text, start, end), _can_close(text, start, end)
    if text[start] == "_":
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        return left and (not right or before in _PUNCTUATION), right and (not left or after in _PUNCTUATION)
    return left, right


def _can_open(text: str, start: int, end: int) -> bool:
    """Left-flanking: not followed by a space, and not by punctuation unless after one."""
    after = text[end] if end < len(text) else " "
    if after.isspace():
        return False
    if after not in _PUNCTUATION:
        return True
    before = text[start - 1] if start > 0 else " "
    return before.isspace() or before in _PUNCTUATION


def _can_close(text: str, start: int, end: int) -> bool:
    """Right-flanking: not after a space, and not after punctuation unless followed by one."""
    before = text[start - 1] if start > 0 else " "
    if before.isspace():
        return False
    if before not in _PUNCTUATION:
        return True
    after = text[end] if end < len(text) else " "
    return after.isspace() or after in _PUNCTUATION


def _finish(tokens: list[Part | _Pending]) -> tuple[tuple[Part, ...], str]:
    """Final parts and visible text in one pass.

    An opener that found its closer becomes its code; one that did not is text (an HTML
    tag: a placeholder). Neighbouring text runs are joined and codes numbered 1, 2, …
    in order, so equal content always has equal parts.
    """
    parts: list[Part] = []
    visible: list[str] = []
    numbers: dict[int, int] = {}
    for token in tokens:
        if isinstance(token, _Pending):
            if token.code is not None:
                token = token.code
            elif token.key.startswith("<"):
                token = _code(CodeKind.PLACEHOLDER, token.type, token.raw, token.number, token.target)
            else:
                token = token.raw
        if isinstance(token, str):
            if parts and isinstance(parts[-1], str):
                parts[-1] += token
            elif token:
                parts.append(token)
            visible.append(token)
        else:
            number = numbers.setdefault(token.pair, len(numbers) + 1)
            if number != token.pair:
                token = _code(token.kind, token.type, token.markup, number, token.target, token.text)
            parts.append(token)
            if token.text:
                visible.append(token.text)
    return tuple(parts), "".join(visible)


_ESCAPE = re.compile(r"[\\`*_\[\]]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def escape_text(text: str) -> str:
    """Markup for plain text: each character that could start markup is escaped."""
    return _ESCAPE.sub(lambda m: "&amp;" if m.group() == "&" else "\\" + m.group(), text)


def render(parts: tuple[Part, ...] | list[Part]) -> str:
    """Markup for parts: codes as written, text escaped; ``parse_inline`` reads it back."""
    return "".join(p.markup if isinstance(p, Code) else escape_text(p) for p in parts)
