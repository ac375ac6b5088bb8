"""Inline markup inside a segment half: text runs and codes.

A half mixes Markdown (``**bold**``, ``[text](url)``, `` `code` ``, escapes) with HTML
(``<strong>``, ``<a href>``, entities) and Docs extensions (``<xref:…>``,
``[!INCLUDE[…](…)]``). It is read the way CommonMark 0.31.2 reads inlines: one left-to-right
scan makes text runs, codes, delimiter runs and brackets; a ``]`` looks back for its opening
bracket and ahead for an inline link or a reference (resolved against the article's link
reference definitions); emphasis is paired by the spec's "process emphasis" procedure, with
Unicode whitespace and punctuation deciding which runs may open or close. What looks like a
tag is one only if it follows CommonMark's raw-HTML grammar, so ``<YOUR_DEVICE_IP>`` stays
text. Every step is linear in the length of the half (code spans find their closer through
an index of backtick runs, searches for an end marker remember where they failed).

Docs extensions and the spec part ways in two places only, both on purpose: ``<xref:uid>``
(an autolink to CommonMark) shows the uid, and ``[!INCLUDE[…](…)]`` is one placeholder
that shows nothing.

Halves without any markup character take a fast path, halves whose only markup is
``*``-emphasis closed run by run another; every result is memoized on the raw markup (and
the reference definitions, for the few halves that could use them): the English halves of
one article repeat in every locale.

:func:`render` is the inverse used when a translator's text comes back: parsing its output
gives the same parts.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from html.entities import html5
from itertools import repeat

from bs4 import BeautifulSoup

from toolkit.model import Code, CodeKind, Inline, Part, Syntax

References = tuple[tuple[str, str], ...]
"""Link reference definitions of an article: (normalized label, destination), sorted."""

NO_REFERENCES: References = ()

_MARKUP_CHAR = re.compile(r"[<&*_`\[\]\\!\n]")
_OTHER_MARKUP = re.compile(r"[<&_`\[\]\\!\n]")
_STARS = re.compile(r"\*+")
_SPECIAL = re.compile(r"[<&*_`\[\]\\!\n]")
_BRACKET_RUN = re.compile(r"\[+")
_RUN = {"*": re.compile(r"\*+"), "_": re.compile(r"_+"), "`": re.compile(r"`+")}

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});")
_SCHEME_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>")
_EMAIL_AUTOLINK = re.compile(
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
_ATTRIBUTE = r"""\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:" + _ATTRIBUTE + r")*)\s*(/?)>")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_TARGET_ATTRIBUTE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]{0,999}\]\(([^)]{0,999})\)\]", re.IGNORECASE)
_DESTINATION_RUN = re.compile(r"(?:[^\x00-\x20()\\\x7f]|\\[!-/:-@\[-`{-~]|\\)*")
_SPACES = re.compile(r"[ \t]*\n?[ \t]*")
_WHITESPACE_RUN = re.compile(r"\s+")

_HTML_TYPES = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "a": "link",
    "code": "code",
    "u": "underline",
    "sup": "superscript",
    "sub": "subscript",
    "br": "break",
    "img": "image",
    "span": "span",
    "kbd": "code",
}
_VOID_TAGS = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "track"})
_EMPHASIS = {1: "italic", 2: "bold"}
_AFTER_ANGLE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/!?.#$%&'*+=^_`{|}~-")
"""What may follow the ``<`` of an autolink (scheme or e-mail), a tag, a comment or a declaration."""
_MAX_LABEL = 999
_MAX_NESTING = 32

OTHER, SPACE, PUNCTUATION = 0, 1, 2


@lru_cache(maxsize=8192)
def char_class(char: str) -> int:
    """CommonMark's view of a character next to a delimiter run: Unicode whitespace (Zs, tab,
    line feed, form feed, carriage return), Unicode punctuation (P* and S*), or other."""
    if char in "\t\n\f\r":
        return SPACE
    if char in _ASCII_PUNCTUATION:
        return PUNCTUATION
    category = unicodedata.category(char)
    if category == "Zs":
        return SPACE
    return PUNCTUATION if category[0] in "PS" else OTHER


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether a delimiter run ``text[start:end]`` may open and may close emphasis.

    Left-flanking: not followed by whitespace, and not by punctuation unless preceded by
    whitespace or punctuation (right-flanking mirrors it). Underscores also refuse to open
    or close inside a word, so ``snake_case`` stays text.
    """
    before = char_class(text[start - 1]) if start > 0 else SPACE
    after = char_class(text[end]) if end < len(text) else SPACE
    left = after != SPACE and (after != PUNCTUATION or before != OTHER)
    right = before != SPACE and (before != PUNCTUATION or after != OTHER)
    if text[start] == "_":
        return left and (not right or before == PUNCTUATION), right and (not left or after == PUNCTUATION)
    return left, right


def normalize_label(label: str) -> str:
    """A link label as definitions are matched: whitespace collapsed, case folded (as
    markdown-it-py folds it, so both readers find the same definitions)."""
    return _WHITESPACE_RUN.sub(" ", label.strip()).lower().upper()


@lru_cache(maxsize=1024)
def _lookup(references: References) -> Mapping[str, str]:
    return dict(references)


_MEMO: dict[object, Inline] = {}
_MEMO_BOUND = 1 << 17
_TRANSLATED: dict[object, Inline] = {}
_TRANSLATED_BOUND = 1 << 12
"""Translations repeat far less than English halves, and mostly close together (one article's
"Select **Save**."): a memo with room for every translation a worker reads held hundreds of
MB at four times the corpus and saved little."""


def parse_inline(markup: str, references: References = NO_REFERENCES) -> Inline:
    """Interpret one half's inner markup, with the article's link reference definitions.

    Memoized: the English halves of an article repeat in every locale (and the reader gives
    each repeat the same object). Only a half with a ``]`` can use a definition, so only
    those are keyed on the definitions too. A plain dict is cheaper than ``lru_cache`` on
    the hit path; it is emptied when it fills up.
    """
    return _memoized(_MEMO, _MEMO_BOUND, markup, references)


def parse_translation(markup: str, references: References = NO_REFERENCES) -> Inline:
    """:func:`parse_inline` for a translated half, memoized apart (see :data:`_TRANSLATED_BOUND`)."""
    return _memoized(_TRANSLATED, _TRANSLATED_BOUND, markup, references)


def _memoized(memo: dict[object, Inline], bound: int, markup: str, references: References) -> Inline:
    key: object = (markup, references) if references and "]" in markup else markup
    inline = memo.get(key)
    if inline is None:
        if len(memo) >= bound:
            memo.clear()
        inline = memo[key] = interpret(markup, references)
    return inline


def clear_memo() -> None:
    """Forget every memoized half (benchmarks start cold with it)."""
    _MEMO.clear()
    _TRANSLATED.clear()


def interpret(markup: str, references: References = NO_REFERENCES) -> Inline:
    """:func:`parse_inline` without the memo."""
    first = _MARKUP_CHAR.search(markup)
    if first is None:
        return Inline(markup, (markup,) if markup else (), markup)
    if first.group() == "*" and _OTHER_MARKUP.search(markup, first.start()) is None:
        emphasis = _paired_emphasis(markup)
        if emphasis is not None:
            return emphasis
    return read(markup, references)


def _paired_emphasis(markup: str) -> Inline | None:
    """The commonest marked-up half, ``*``-emphasis only and every run closed by the next one
    (``Select **Save** and **Close**.``), read without the general machinery.

    The general reader pairs such runs the same way: each odd run opens, finds nothing
    left open before it, and the even run after it closes it whole (equal lengths of one
    or two never meet the rule of three). Anything else returns None and takes the general path.
    """
    runs = [match.span() for match in _STARS.finditer(markup)]
    if len(runs) % 2:
        return None
    parts: list[Part] = []
    visible: list[str] = []
    position = 0
    for number, index in enumerate(range(0, len(runs), 2), start=1):
        (open_start, open_end), (close_start, close_end) = runs[index], runs[index + 1]
        length = open_end - open_start
        if (
            length > 2
            or length != close_end - close_start
            or not _flanking(markup, open_start, open_end)[0]
            or not _flanking(markup, close_start, close_end)[1]
        ):
            return None
        inside = markup[open_end:close_start]
        if open_start > position:
            before = markup[position:open_start]
            parts.append(before)
            visible.append(before)
        opener, closer = _emphasis_codes(length, number)
        parts += (opener, inside, closer)
        visible.append(inside)
        position = close_end
    if position < len(markup):
        parts.append(markup[position:])
        visible.append(markup[position:])
    return Inline(markup, tuple(parts), "".join(visible))


@lru_cache(maxsize=1 << 16)
def _code(
    kind: CodeKind,
    type_: str,
    markup: str,
    pair: int,
    target: str = "",
    text: str = "",
    syntax: Syntax = Syntax.MARKDOWN,
    name: str = "",
) -> Code:
    """Codes are few and repeat endlessly (``**`` #1…): one shared value each."""
    return Code(kind, type_, markup, pair, target, text, syntax, name)


@lru_cache(maxsize=256)
def _emphasis_codes(length: int, number: int) -> tuple[Code, Code]:
    """The OPEN and CLOSE codes of an emphasis pair made of ``length`` asterisks."""
    type_ = _EMPHASIS[length]
    return _code(CodeKind.OPEN, type_, "*" * length, number), _code(CodeKind.CLOSE, type_, "*" * length, number)


class _Delimiter:
    """A run of ``*`` or ``_`` in the delimiter list; emphasis eats it from the inside.

    As a closer it gives up characters from its start, as an opener from its end; what
    is left in between is text.
    """

    __slots__ = ("can_close", "can_open", "char", "closes", "end", "length", "next", "opens", "previous", "start")

    def __init__(self, char: str, start: int, end: int, can_open: bool, can_close: bool) -> None:
        self.char = char
        self.start = start
        self.end = end
        self.length = end - start
        self.can_open = can_open
        self.can_close = can_close
        self.previous: _Delimiter | None = None
        self.next: _Delimiter | None = None
        self.opens: list[Code] = []
        self.closes: list[Code] = []


_Bracket = tuple[str, int, "_Delimiter | None", int]
"""An opening ``[`` or ``![`` waiting for its ``]``: the bracket, the offset where the link
text begins, the last delimiter before it (emphasis inside the link stops there) and the
index of its text in the node list (replaced by the OPEN code of a link). A plain tuple: a
run of thousands of brackets stays cheap."""


class _Pending:
    """An HTML start tag waiting for its end tag; a placeholder if none comes."""

    __slots__ = ("code", "name", "number", "raw", "target", "type")

    def __init__(self, type_: str, raw: str, name: str, target: str, number: int) -> None:
        self.type = type_
        self.raw = raw
        self.name = name
        self.target = target
        self.number = number
        self.code: Code | None = None


Node = str | Code | _Delimiter | _Pending


def _opener_for(closer: _Delimiter, limit: _Delimiter | None, bottom: _Delimiter | None) -> _Delimiter | None:
    """The nearest delimiter below ``closer`` (down to ``limit``) that it closes, by the rule of three."""
    opener = closer.previous
    while opener is not None and opener is not limit and opener is not bottom:
        if (
            opener.char == closer.char
            and opener.can_open
            and not (
                (opener.can_close or closer.can_open)
                and (opener.length + closer.length) % 3 == 0
                and (opener.length % 3 or closer.length % 3)
            )
        ):
            return opener
        opener = opener.previous
    return None


class _Reader:
    """One half read left to right; see the module docstring for the steps."""

    def __init__(self, markup: str, references: References) -> None:
        self.text = markup
        self.references = references
        self.nodes: list[Node] = []
        self.head: _Delimiter | None = None
        self.tail: _Delimiter | None = None
        self.brackets: list[_Bracket] = []
        self.inactive_below = 0
        """Bracket openers below this index are inside a link already: no link there."""
        self.tags: dict[str, list[_Pending]] = {}
        self.number = 0
        self.ticks: dict[int, list[int]] | None = None
        self.no_end: dict[str, int] = {}
        """For each end marker (``-->``, ``?>``…), the offset after which it no longer occurs."""

    def next_number(self) -> int:
        self.number += 1
        return self.number

    def run(self) -> list[Node]:
        text, nodes = self.text, self.nodes
        length = len(text)
        pos = 0
        search = _SPECIAL.search
        candidate = search(text)
        while candidate is not None:
            start = candidate.start()
            if start > pos:
                nodes.append(text[pos:start])
            char = text[start]
            if char == "*" or char == "_":
                pos = self.delimiter_run(char, start)
            elif char == "[":
                if text.startswith("[!", start):
                    pos = self.open_bracket(start)
                else:  # a run of brackets at once (one that opens ``[!`` is read on its own)
                    pos = _BRACKET_RUN.match(text, start).end()  # type: ignore[union-attr]
                    if text.startswith("!", pos):
                        pos -= 1
                    bottom, first = self.tail, len(nodes)
                    count = pos - start  # (kind, text start, delimiter below, node) for each, built in C
                    self.brackets.extend(zip(repeat("["), range(start + 1, pos + 1), repeat(bottom), range(first, first + count)))
                    nodes.extend(["["] * count)
            elif char == "]":
                pos = self.close_bracket(start)
            elif char == "`":
                pos = self.code_span(start)
            elif char == "<":
                pos = self.angle(start)
            elif char == "&":
                pos = self.entity(start)
            elif char == "\\":
                pos = self.backslash(start)
            elif char == "!":
                if start + 1 < length and text[start + 1] == "[":
                    self.brackets.append(("![", start + 2, self.tail, len(nodes)))
                    nodes.append("![")
                    pos = start + 2
                else:
                    nodes.append("!")
                    pos = start + 1
            else:  # a line ending: spaces before and after it are not shown
                nodes.append("\n")
                pos = start + 1
            candidate = search(text, pos)
        if pos < length:
            nodes.append(text[pos:])
        self.process_emphasis(None)
        return nodes

    # -- emphasis ---------------------------------------------------------------------

    def delimiter_run(self, char: str, start: int) -> int:
        end = _RUN[char].match(self.text, start).end()  # type: ignore[union-attr]
        can_open, can_close = _flanking(self.text, start, end)
        if not (can_open or can_close):
            self.nodes.append(self.text[start:end])
            return end
        delimiter = _Delimiter(char, start, end, can_open, can_close)
        delimiter.previous = self.tail
        if self.tail is None:
            self.head = delimiter
        else:
            self.tail.next = delimiter
        self.tail = delimiter
        self.nodes.append(delimiter)
        return end

    def unlink(self, delimiter: _Delimiter) -> None:
        before, after = delimiter.previous, delimiter.next
        if before is None:
            self.head = after
        else:
            before.next = after
        if after is None:
            self.tail = before
        else:
            after.previous = before

    def process_emphasis(self, bottom: _Delimiter | None) -> None:
        """CommonMark's "process emphasis" over the delimiters above ``bottom``.

        ``openers_bottom`` remembers, per kind of closer, where a failed search stopped,
        so no opener is looked at twice for the same kind: the pass is linear.
        """
        openers_bottom: dict[tuple[str, bool, int], _Delimiter | None] = {}
        closer = bottom.next if bottom is not None else self.head
        while closer is not None:
            if not closer.can_close:
                closer = closer.next
                continue
            key = (closer.char, closer.can_open, closer.length % 3)
            opener = _opener_for(closer, openers_bottom.get(key, bottom), bottom)
            if opener is not None:
                closer = self.emphasize(opener, closer)
                continue
            openers_bottom[key] = closer.previous
            following = closer.next
            if not closer.can_open:
                self.unlink(closer)
            closer = following
        if bottom is None:
            self.head = self.tail = None
        else:  # everything after the bottom is inside the link just made
            bottom.next = None
            self.tail = bottom

    def emphasize(self, opener: _Delimiter, closer: _Delimiter) -> _Delimiter | None:
        """Emphasis (strong when both have two) between the pair; returns the closer to look at next."""
        used = 2 if opener.end - opener.start >= 2 and closer.end - closer.start >= 2 else 1
        number = self.next_number()
        type_ = _EMPHASIS[used]
        opener.end -= used
        opener.opens.append(_code(CodeKind.OPEN, type_, self.text[opener.end : opener.end + used], number))
        closer.closes.append(_code(CodeKind.CLOSE, type_, self.text[closer.start : closer.start + used], number))
        closer.start += used
        opener.next, closer.previous = closer, opener  # what was between them is text now
        if opener.start == opener.end:
            self.unlink(opener)
        if closer.start != closer.end:
            return closer
        following = closer.next
        self.unlink(closer)
        return following

    # -- links and images ---------------------------------------------------------------

    def open_bracket(self, start: int) -> int:
        include = _INCLUDE.match(self.text, start) if self.text.startswith("[!", start) else None
        if include is not None:
            raw = include.group()
            target = include.group(1).strip()
            self.nodes.append(_code(CodeKind.PLACEHOLDER, "include", raw, self.next_number(), target, "", Syntax.DOCS))
            return include.end()
        self.brackets.append(("[", start + 1, self.tail, len(self.nodes)))
        self.nodes.append("[")
        return start + 1

    def close_bracket(self, start: int) -> int:
        brackets = self.brackets
        if not brackets:
            self.nodes.append("]")
            return start + 1
        raw, text_start, bottom, node = brackets.pop()
        index = len(brackets)
        image = raw == "!["
        inactive = not image and index < self.inactive_below
        self.inactive_below = min(self.inactive_below, index)
        found = None if inactive else self.link_tail(start + 1, text_start)
        if found is None:
            self.nodes.append("]")
            return start + 1
        end, target = found
        number = self.next_number()
        type_ = "image" if image else "link"
        self.nodes[node] = _code(CodeKind.OPEN, type_, raw, number, target)
        self.process_emphasis(bottom)
        self.nodes.append(_code(CodeKind.CLOSE, type_, self.text[start:end], number, target))
        if not image:  # no link inside a link: every "[" still open is text now
            self.inactive_below = index
        return end

    def link_tail(self, after: int, text_start: int) -> tuple[int, str] | None:
        """End and destination of the link whose text ends just before ``after``."""
        text = self.text
        if after < len(text) and text[after] == "(":
            inline = _inline_link(text, after)
            if inline is not None:
                return inline
        label_end = -1
        label = ""
        if after < len(text) and text[after] == "[":
            label_end = _label_end(text, after)
            if label_end != -1:
                label = text[after + 1 : label_end - 1]
        if label_end == -1 or not label:  # shortcut or collapsed: the link text is the label
            if after - 1 - text_start > _MAX_LABEL:
                return None
            label = text[text_start : after - 1]
            if _label_end(text, text_start - 1) != after:
                return None
            if label_end == -1:
                label_end = after
        if not self.references or not label.strip():
            return None
        destination = _lookup(self.references).get(normalize_label(label))
        return None if destination is None else (label_end, destination)

    # -- code spans, autolinks, raw HTML, entities, escapes -----------------------------------

    def code_span(self, start: int) -> int:
        text = self.text
        end = _RUN["`"].match(text, start).end()  # type: ignore[union-attr]
        length = end - start
        if self.ticks is None:
            self.ticks = {}
            for run in _RUN["`"].finditer(text):
                self.ticks.setdefault(run.end() - run.start(), []).append(run.start())
        runs = self.ticks.get(length, [])
        index = bisect_right(runs, start)
        if index == len(runs):
            self.nodes.append(text[start:end])
            return end
        close = runs[index]
        content = text[end:close].replace("\n", " ")
        if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip(" "):
            content = content[1:-1]
        raw = text[start : close + length]
        self.nodes.append(_code(CodeKind.PLACEHOLDER, "code", raw, self.next_number(), "", content))
        return close + length

    def angle(self, start: int) -> int:
        text = self.text
        if text[start + 1 : start + 2] not in _AFTER_ANGLE:  # starts no autolink, tag, comment…
            self.nodes.append("<")
            return start + 1
        autolink = _SCHEME_AUTOLINK.match(text, start) or _EMAIL_AUTOLINK.match(text, start)
        if autolink is not None:
            raw, target = autolink.group(), autolink.group(1)
            if target[:5].lower() == "xref:":  # Docs shows the API name: the uid before any query
                code = _code(CodeKind.PLACEHOLDER, "xref", raw, self.next_number(), target, target[5:].split("?")[0], Syntax.DOCS)
            else:
                code = _code(CodeKind.PLACEHOLDER, "link", raw, self.next_number(), target, target, Syntax.AUTOLINK)
            self.nodes.append(code)
            return autolink.end()
        tag = _OPEN_TAG.match(text, start)
        if tag is not None:
            self.start_tag(tag)
            return tag.end()
        tag = _CLOSE_TAG.match(text, start)
        if tag is not None:
            self.end_tag(tag.group(), tag.group(1).lower())
            return tag.end()
        end = self.other_html(start)
        if end == -1:
            self.nodes.append("<")
            return start + 1
        raw = text[start:end]
        type_ = "comment" if raw.startswith("<!--") else "html"
        self.nodes.append(_code(CodeKind.PLACEHOLDER, type_, raw, self.next_number(), "", "", Syntax.HTML))
        return end

    def other_html(self, start: int) -> int:
        """End of a comment, processing instruction, declaration or CDATA section at ``start``; -1 if none."""
        text = self.text
        if text.startswith("<!--", start):
            if text.startswith(">", start + 4):
                return start + 5
            if text.startswith("->", start + 4):
                return start + 6
            return self.find_end("-->", start + 4)
        if text.startswith("<?", start):
            return self.find_end("?>", start + 2)
        if text.startswith("<![CDATA[", start):
            return self.find_end("]]>", start + 9)
        if text.startswith("<!", start) and start + 2 < len(text) and text[start + 2].isascii() and text[start + 2].isalpha():
            return self.find_end(">", start + 2)
        return -1

    def find_end(self, marker: str, start: int) -> int:
        """Offset after the next ``marker`` from ``start``, -1 if none; a failed search is
        remembered so that later starts do not scan again."""
        if start >= self.no_end.get(marker, len(self.text) + 1):
            return -1
        found = self.text.find(marker, start)
        if found == -1:
            self.no_end[marker] = start
            return -1
        return found + len(marker)

    def start_tag(self, tag: re.Match[str]) -> None:
        raw, name = tag.group(), tag.group(1).lower()
        type_ = _HTML_TYPES.get(name, "html")
        target = _target(tag.group(2)) if tag.group(2) else ""
        number = self.next_number()
        if name in _VOID_TAGS or tag.group(3):
            self.nodes.append(_code(CodeKind.PLACEHOLDER, type_, raw, number, target, "", Syntax.HTML, name))
            return
        pending = _Pending(type_, raw, name, target, number)
        self.tags.setdefault(name, []).append(pending)
        self.nodes.append(pending)

    def end_tag(self, raw: str, name: str) -> None:
        type_ = _HTML_TYPES.get(name, "html")
        waiting = self.tags.get(name)
        if waiting:
            opener = waiting.pop()
            opener.code = _code(CodeKind.OPEN, type_, opener.raw, opener.number, opener.target, "", Syntax.HTML, name)
            self.nodes.append(_code(CodeKind.CLOSE, type_, raw, opener.number, opener.target, "", Syntax.HTML, name))
        else:
            self.nodes.append(_code(CodeKind.PLACEHOLDER, type_, raw, self.next_number(), "", "", Syntax.HTML, name))

    def entity(self, start: int) -> int:
        match = _ENTITY.match(self.text, start)
        if match is None or (match.group()[1] != "#" and match.group()[1:] not in html5):
            self.nodes.append("&")
            return start + 1
        self.nodes.append(_character(match.group()))
        return match.end()

    def backslash(self, start: int) -> int:
        text = self.text
        following = text[start + 1] if start + 1 < len(text) else ""
        if following in _ASCII_PUNCTUATION and following:
            self.nodes.append(following)
            return start + 2
        if following == "\n":  # a hard line break
            self.nodes.append(_code(CodeKind.PLACEHOLDER, "break", "\\", self.next_number()))
            return start + 1
        self.nodes.append("\\")
        return start + 1


def _character(reference: str) -> str:
    """The text of an entity or numeric reference; code points that are not characters become U+FFFD."""
    if reference[1] == "#":
        value = int(reference[3:-1], 16) if reference[2] in "xX" else int(reference[2:-1])
        return "\ufffd" if value == 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF else chr(value)
    return html5[reference[1:]]


def _unescape(value: str) -> str:
    """Backslash escapes and entities resolved, as in a link destination or title."""
    if "\\" in value:
        value = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", value)
    return html.unescape(value) if "&" in value else value


@lru_cache(maxsize=4096)
def _target(attributes: str) -> str:
    """The ``href`` or ``src`` of a tag's attributes, read by beautifulsoup4's HTML parser.

    Attribute values follow HTML's rules, not Markdown's: entities without their semicolon,
    repeated attributes (the first one counts), any quoting. The regular expression only
    says whether there is a target at all, so the parser runs once per distinct attribute
    text that has one (memoized), never per half.
    """
    if _TARGET_ATTRIBUTE.search(attributes) is None:
        return ""
    tag = BeautifulSoup(f"<a {attributes}>", "html.parser", on_duplicate_attribute="ignore").a
    if tag is None:
        return ""
    value = tag.get("href") if tag.has_attr("href") else tag.get("src")
    return value if isinstance(value, str) else ""


def _inline_link(text: str, start: int) -> tuple[int, str] | None:
    """``(destination "title")`` at ``start``: its end and the destination, or None."""
    length = len(text)
    pos = _SPACES.match(text, start + 1).end()  # type: ignore[union-attr]
    if pos < length and text[pos] == ")":
        return pos + 1, ""
    found = _pointy_destination(text, pos) if pos < length and text[pos] == "<" else _bare_destination(text, pos)
    if found is None:
        return None
    after_destination, destination = found
    pos = _SPACES.match(text, after_destination).end()  # type: ignore[union-attr]
    if pos < length and pos > after_destination and text[pos] in "\"'(":
        title_end = _title_end(text, pos)
        if title_end == -1:
            return None
        pos = _SPACES.match(text, title_end).end()  # type: ignore[union-attr]
    if pos >= length or text[pos] != ")":
        return None
    return pos + 1, _unescape(destination)


def _pointy_destination(text: str, start: int) -> tuple[int, str] | None:
    """``<destination>`` at ``start``: the offset after it and the destination, or None."""
    length = len(text)
    pos = start + 1
    while pos < length and text[pos] not in "<>\n":
        pos += 2 if text[pos] == "\\" and pos + 1 < length and text[pos + 1] in _ASCII_PUNCTUATION else 1
    if pos >= length or text[pos] != ">":
        return None
    return pos + 1, text[start + 1 : pos]


def _bare_destination(text: str, start: int) -> tuple[int, str] | None:
    """A destination without angle brackets (balanced parentheses, bounded nesting) at ``start``."""
    length = len(text)
    pos = start
    depth = 0
    while True:
        pos = _DESTINATION_RUN.match(text, pos).end()  # type: ignore[union-attr]
        char = text[pos] if pos < length else ""
        if char == "(":
            depth += 1
            if depth > _MAX_NESTING:
                return None
        elif char == ")" and depth:
            depth -= 1
        else:
            break
        pos += 1
    if depth or pos == start:
        return None
    return pos, text[start:pos]


def _title_end(text: str, start: int) -> int:
    """Offset after the link title opening at ``start``; -1 if it does not close (or has a blank line)."""
    closing = ")" if text[start] == "(" else text[start]
    pos = start + 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == "\\" and pos + 1 < length:
            pos += 2
            continue
        if char == closing:
            return pos + 1
        if closing == ")" and char == "(":
            return -1
        pos += 1
    return -1


def _label_end(text: str, start: int) -> int:
    """Offset after the link label ``[…]`` opening at ``start``; -1 if there is none there.

    At most 999 characters, no unescaped bracket inside: the search is bounded.
    """
    pos = start + 1
    limit = min(len(text), start + 1 + _MAX_LABEL + 1)
    while pos < limit:
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            pos += 2
            continue
        if char == "[":
            return -1
        if char == "]":
            return pos + 1 if pos - start - 1 <= _MAX_LABEL else -1
        pos += 1
    return -1


def read(markup: str, references: References = NO_REFERENCES) -> Inline:
    """The general reader: every construct, no shortcut."""
    parts, text = _finish(_Reader(markup, references).run(), markup)
    return Inline(markup, parts, text)


def _finish(nodes: list[Node], markup: str) -> tuple[tuple[Part, ...], str]:
    """Final parts and visible text in one pass.

    A delimiter gives its closing codes, what is left of it as text, then its opening
    codes; a bracket or HTML start tag that found no partner is text (a tag: a
    placeholder). Neighbouring text runs are joined, codes numbered 1, 2, … in order (so
    equal content always has equal parts), and spaces at line edges left out of the text.
    """
    parts: list[Part] = []
    visible: list[str] = []
    run: list[str] = []
    """Text since the last code, joined once (adding to a string in a list is quadratic)."""
    numbers: dict[int, int] = {}

    def add(token: Part) -> None:
        if isinstance(token, str):
            run.append(token)
            return
        if run:
            joined = "".join(run)
            if joined:
                parts.append(joined)
                visible.append(joined)
            run.clear()
        number = numbers.setdefault(token.pair, len(numbers) + 1)
        if number != token.pair:
            token = _code(token.kind, token.type, token.markup, number, token.target, token.text, token.syntax, token.name)
        parts.append(token)
        if token.text:
            visible.append(token.text)

    for node in nodes:
        if type(node) is str:  # the common case, without the call
            run.append(node)
        elif isinstance(node, (str, Code)):
            add(node)
        elif isinstance(node, _Delimiter):
            node.previous = node.next = None  # no cycles left for the collector
            for code in node.closes:
                add(code)
            add(markup[node.start : node.end])
            for code in reversed(node.opens):
                add(code)
        elif node.code is not None:
            add(node.code)
        else:
            add(_code(CodeKind.PLACEHOLDER, node.type, node.raw, node.number, node.target, "", Syntax.HTML, node.name))
    if run:
        joined = "".join(run)
        if joined:
            parts.append(joined)
            visible.append(joined)
    text = "".join(visible)
    if "\n" in text:
        text = _LINE_EDGES.sub("\n", text)
    return tuple(parts), text


_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")

_ESCAPE = re.compile(r"[\\`*_\[\]]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def escape_text(text: str) -> str:
    """Markup for plain text: each character that could start markup is escaped."""
    return _ESCAPE.sub(lambda m: "&amp;" if m.group() == "&" else "\\" + m.group(), text)


def render(parts: tuple[Part, ...] | list[Part]) -> str:
    """Markup for parts: codes as written, text escaped; ``parse_inline`` reads it back."""
    return "".join(p.markup if isinstance(p, Code) else escape_text(p) for p in parts)
