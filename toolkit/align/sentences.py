"""English Markdown cut into the sentences the localization pipeline made segments of.

Rules of the cut:

* Only the text of leaf blocks is cut: headings, paragraphs, list items, table cells,
  alerts and block quotes; front matter, fenced and indented code and HTML comments are
  not text. A heading, a table cell and an alert's label never share a sentence.
* Inside a block, break positions follow :file:`segmentation.json` (SRX-like rules kept as
  data: exceptions such as "e.g." first, then the general breaks), and a position inside a
  code span, a link, an HTML tag or an include directive is never a break.
* Sentences are compared by :func:`normalize`: their visible text as the inline parser
  reads it (so entities, ``**`` and ``<strong>``, relative and absolute link targets are
  all equal), whitespace collapsed, include directives dropped (the pipeline left them out
  of the spans at a sentence's edges).
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
from toolkit.model import BlockKind


@dataclass(frozen=True, slots=True)
class Rule:
    """One SRX-style rule: break (or not) where ``before`` ends and ``after`` starts."""

    brk: bool
    before: re.Pattern[str]
    after: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One English sentence of a source article."""

    markup: str
    """The sentence's inline Markdown as written."""
    key: str
    """Its :func:`normalize`-d visible text; what segments are matched on."""
    line: int
    """1-based line of the block it starts in."""
    kind: BlockKind


def _load_rules() -> tuple[Rule, ...]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath("segmentation.json").read_text("utf-8"))
    abbreviations = "|".join(re.escape(a) for a in sorted(data["abbreviations"], key=len, reverse=True))
    return tuple(
        Rule(bool(r["break"]), re.compile(r["before"].replace("{abbreviations}", abbreviations)), re.compile(r["after"]))
        for r in data["rules"]
    )


RULES = _load_rules()

_CANDIDATE = re.compile(r"[.?!:][\"'\u201d\u2019)*_]*(?=\s)")
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
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def normalize(text: str) -> str:
    """The comparison key of a sentence's visible text."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def key_of(markup: str) -> str:
    """:func:`normalize` of the visible text of some inline markup."""
    return normalize(parse_inline(markup).text)


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
    pieces = [content] if kind is BlockKind.HEADING else split(content)
    result = []
    for piece in pieces:
        key = key_of(piece)
        if key:
            result.append(Sentence(piece, key, line, kind))
    return result


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def _body(markdown: str) -> str:
    front = _FRONT.match(markdown)
    return markdown[front.end() :] if front else markdown


def _front_lines(markdown: str) -> int:
    front = _FRONT.match(markdown)
    return markdown.count("\n", 0, front.end()) if front else 0
