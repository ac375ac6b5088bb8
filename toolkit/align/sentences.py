"""English Markdown cut into the sentences the localization pipeline made segments of.

Rules of the cut:

* Only the text of leaf blocks is cut: headings, paragraphs, list items, table cells,
  alerts and block quotes; front matter, fenced and indented code and HTML comments are
  not text. Content inside Docs ``:::row:::``/``:::column:::`` layouts is read as Markdown
  (its indentation is not code). Two blocks never share a sentence.
* Inside a block (headings included), break positions follow :file:`segmentation.json`
  (SRX-like rules kept as data: exceptions such as "e.g." first, then the general breaks),
  and a position inside a code span, a link, an HTML tag or an include directive is never a
  break.
* A piece that is only an image without a title, or whose text has no letter or digit
  (``-`` in a table cell), is not a sentence: the pipeline made no segment of it.
* Sentences are compared by :func:`compare_key`: their visible text as the inline parser
  reads it (so entities, ``**`` and ``<strong>``, relative and absolute link targets are
  all equal), with white space dropped (the pipeline adds or drops a space beside ``**``
  and links freely), include directives dropped (the pipeline left them out of the spans
  at a sentence's edges).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from markdown_it import MarkdownIt

from toolkit.docs import ALERT_NAMES
from toolkit.inline import parse_inline
from toolkit.model import BlockKind, Code, Inline


@dataclass(frozen=True, slots=True)
class Rule:
    """One SRX-style rule: break (or not) where ``before`` ends and ``after`` starts."""

    name: str
    brk: bool
    before: re.Pattern[str]
    after: re.Pattern[str]
    example: tuple[str, tuple[str, ...]]
    """A block's markup and the sentences the rule makes of it (the tests cut it)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One English sentence of a source article."""

    markup: str
    """The sentence's inline Markdown as written."""
    key: str
    """Its :func:`compare_key`; what segments are matched on."""
    text: str
    """Its :func:`normalize`-d visible text, for people."""
    line: int
    """1-based line of the block it starts in."""
    kind: BlockKind


_CLOSE = r"[*_]*"
"""Emphasis markers that may sit between a word and its full stop (``**Task B**.``)."""


def _load_rules() -> tuple[Rule, ...]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath("segmentation.json").read_text("utf-8"))
    abbreviations = "|".join(re.escape(a[:-1]) + _CLOSE + r"\." for a in sorted(data["abbreviations"], key=len, reverse=True))

    def pattern(text: str) -> re.Pattern[str]:
        return re.compile(text.replace("{abbreviations}", abbreviations).replace("{close}", _CLOSE))

    return tuple(
        Rule(r["name"], bool(r["break"]), pattern(r["before"]), pattern(r["after"]), (r["example"][0], tuple(r["example"][1])))
        for r in data["rules"]
    )


RULES = _load_rules()

_CANDIDATE = re.compile(r"[.?!\u2026][\"'\u201d\u2019)*_]*(?=\s)")
_PROTECTED = re.compile(
    r"`+[^`]*`+"  # code spans
    r"|!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"  # links and images
    rf"|\[!(?:INCLUDE|include|{ALERT_NAMES})[^\]]*\](?:\([^)]*\)\])?"  # directives
    r"|<[^<>]+>"  # HTML tags, autolinks, xrefs
)
_HARD_BREAK = re.compile(
    r"<br\s*/?>|</br>|[ \t]{2,}\r?\n|\\\r?\n|<!--.*?-->"
    r"|</?(?:table|thead|tbody|tr|td|th|p|div|ul|ol|li|h[1-6]|blockquote)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_SPACE = re.compile(r"\s+")
_ALERT = re.compile(rf"^\s*\[!({ALERT_NAMES}|div\b[^\]]*)\]\s*", re.IGNORECASE)
_LEADING_ANCHOR = re.compile(r'^\s*<a\s+name="[^"]*"\s*>\s*</a>\s*')
_KINDS = {"heading_open": BlockKind.HEADING, "th_open": BlockKind.TABLE_CELL, "td_open": BlockKind.TABLE_CELL}
_MARKDOWN = MarkdownIt("commonmark").enable("table").disable("inline")  # blocks only: inline runs on pieces


def normalize(text: str) -> str:
    """Visible text with white space (no-break spaces included) collapsed, in NFC."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def compare_key(inline: Inline) -> str:
    """The comparison key of a sentence: its visible text in NFC with every white space
    character dropped. The pipeline adds or drops spaces beside ``**`` and links freely
    (``to**Work**``, ``to **Work**``) and markup comes and goes around unchanged words, so
    spacing is not evidence that the English changed; the words and punctuation are."""
    return "".join(unicodedata.normalize("NFC", inline.text).split())


def key_of(markup: str) -> str:
    """:func:`compare_key` of some inline markup."""
    return compare_key(parse_inline(markup))


def split(markup: str) -> list[str]:
    """The sentences of one block's inline markup, each stripped of surrounding space."""
    protected = [m.span() for m in _PROTECTED.finditer(markup)]
    sentences = []
    start = 0
    for match in _CANDIDATE.finditer(markup):
        end = match.end()
        if any(s < end < e for s, e in protected) or not _breaks(markup, end):
            continue
        piece = markup[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = markup[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _breaks(markup: str, position: int) -> bool:
    for rule in RULES:
        if rule.after.match(markup, position) and rule.before.search(markup, 0, position):
            return rule.brk
    return False


@lru_cache(maxsize=2048)
def sentences_of(markdown: str) -> tuple[Sentence, ...]:
    """Every sentence of an English article, in document order (memoized: one source
    file serves all the locales translated from it)."""
    found: list[Sentence] = []
    kind = BlockKind.PARAGRAPH
    kinds: list[BlockKind] = []
    for token in _MARKDOWN.parse(_body(markdown)):
        if token.type in _KINDS:
            kind = _KINDS[token.type]
        elif token.type == "list_item_open":
            kinds.append(BlockKind.LIST_ITEM)
        elif token.type == "blockquote_open":
            kinds.append(BlockKind.BLOCKQUOTE)
        elif token.type in ("list_item_close", "blockquote_close"):
            kinds.pop()
        elif token.type == "paragraph_open":
            kind = kinds[-1] if kinds else BlockKind.PARAGRAPH
        elif token.type in ("inline", "html_block"):
            line = (token.map[0] if token.map else 0) + 1 + _front_lines(markdown)
            for content in _HARD_BREAK.split(token.content):
                found.extend(_block_sentences(content, kind if token.type == "inline" else BlockKind.HTML, line))
    return tuple(found)


def _block_sentences(content: str, kind: BlockKind, line: int) -> list[Sentence]:
    alert = _ALERT.match(content)
    if alert:
        kind = BlockKind.ALERT
        content = content[alert.end() :]
    content = _LEADING_ANCHOR.sub("", content)
    result = []
    pieces = split(content)
    for piece in pieces:
        inline = parse_inline(piece)
        if _is_sentence(inline, len(pieces) == 1, kind):
            result.append(Sentence(piece, compare_key(inline), normalize(inline.text), line, kind))
    return result


_DIRECTIVE = re.compile(r"\[!(?:VIDEO|INCLUDE)\b[^\]]*\]\s*$", re.IGNORECASE)


def _is_sentence(inline: Inline, alone: bool, kind: BlockKind) -> bool:
    """Whether the pipeline made a segment of this piece of a block. Not when its text is
    only punctuation (``-`` in a table cell; ``●`` is a symbol, and a segment), when it is
    only code spans, when it is a ``[!VIDEO …]`` directive, or when it is a whole block
    (outside block quotes) that is just an image without a title (a screenshot's alt text;
    an image after a sentence of its paragraph, or alone in a quote, is translated)."""
    if not any(not unicodedata.category(c).startswith(("P", "Z", "C")) for c in inline.text):
        return False
    if _DIRECTIVE.match(inline.markup.strip()):
        return False
    parts = [p for p in inline.parts if not (isinstance(p, str) and not p.strip())]
    if all(isinstance(p, Code) and p.type == "code" for p in parts):
        return False
    lone_image = (
        len(parts) == 3
        and isinstance(parts[0], Code)
        and isinstance(parts[2], Code)
        and parts[0].type == "image"
        and parts[2].type == "image"
        and not _TITLE.search(parts[2].markup)
    )
    return not (lone_image and alone and kind not in (BlockKind.BLOCKQUOTE, BlockKind.ALERT))


_TITLE = re.compile(r"\s(?:\"[^\"]+\"|'[^']+'|\([^()]+\))\)$")


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def _body(markdown: str) -> str:
    front = _FRONT.match(markdown)
    return _unwrap_layouts(markdown[front.end() :] if front else markdown)


_LAYOUT = re.compile(r"^[ \t]*:::[ \t]*(row-end|column-end|row|column)\b[^\n]*?:::[ \t]*$", re.MULTILINE)


def _unwrap_layouts(body: str) -> str:
    """Docs ``:::row:::``/``:::column:::`` markers blanked and the column contents dedented,
    line numbers kept: what is inside a column is Markdown, not an indented code block."""
    if ":::" not in body:
        return body
    lines = body.split("\n")
    inside: list[int] = []
    column = False
    for number, line in enumerate(lines):
        marker = _LAYOUT.match(line)
        if marker:
            if column:
                _dedent(lines, inside)
            column, inside = marker.group(1) == "column", []
            lines[number] = ""
        elif column:
            inside.append(number)
    return "\n".join(lines)


def _dedent(lines: list[str], numbers: list[int]) -> None:
    indents = [len(lines[n]) - len(lines[n].lstrip(" \t")) for n in numbers if lines[n].strip()]
    cut = min(indents, default=0)
    for n in numbers:
        lines[n] = lines[n][cut:]


def _front_lines(markdown: str) -> int:
    front = _FRONT.match(markdown)
    return markdown.count("\n", 0, front.end()) if front else 0
