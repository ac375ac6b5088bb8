"""Block context of each pair, from markdown-it-py's block parser.

markdown-it-py parses a *skeleton* of the body: each pair replaced by a private-use
character (and a second one on each further line of the rare pair that spans lines), so the block structure is the document's but
there is little text to scan. The skeleton of an article is usually the same in every
locale (the Markdown around the sentences comes from the English), so results are
memoized on it and one parse serves all the locales of an article. Image alt text, which
is translated outside the pairs but never changes the block structure, is emptied in the
skeleton so that more locales share one parse. The same parse collects the article's link
reference definitions, which the inline reader needs for ``[text][label]`` links.

Docs extensions are read before markdown-it sees the skeleton (:func:`docs_extensions`):
``:::row:::``/``:::column:::`` containers (their indented content is Markdown, not code),
``::: zone``/``::: moniker`` fences, ``:::image``/``:::code`` lines and the ``---`` that ends
a tab group (``# [Title](#tab/id)``) become blank lines, so they neither join nor split
the blocks around them; ``> [!div class="…"]`` is a plain container, not a quotation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from toolkit.docs import ALERT_NAMES
from toolkit.inline import References
from toolkit.model import Block, BlockKind

_MARKDOWN = MarkdownIt("commonmark").enable("table")
_ALERT = re.compile(rf"\s*(?:>\s*)+\[!({ALERT_NAMES})\]", re.IGNORECASE)
_DIV = re.compile(r"\s*(?:>\s*)+\[!div\b", re.IGNORECASE)
_HTML_CELL = re.compile(r"<(/?)(td|th)\b", re.IGNORECASE)
_IMAGE_ALT = re.compile(r"!\[[^\]\n\ue000\ue001]*\]\(")
_LEAVES = {"heading_open", "paragraph_open", "tr_open", "html_block", "fence", "code_block"}


PAIR_MARK = "\ue000"
_MORE_MARK = "\ue001"


def skeleton(text: str, start: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:]`` with each ``(begin, end)`` span replaced by marks, lines kept."""
    pieces: list[str] = []
    append, count = pieces.append, text.count
    previous = start
    for begin, end in spans:
        append(text[previous:begin])
        lines = count("\n", begin, end)
        append(PAIR_MARK + ("\n" + _MORE_MARK) * lines if lines else PAIR_MARK)
        previous = end
    append(text[previous:])
    if PAIR_MARK in text or _MORE_MARK in text:  # a mark in the input itself is plain text
        pieces = [piece if index % 2 else _unmark(piece) for index, piece in enumerate(pieces)]
    joined = "".join(pieces)
    return _IMAGE_ALT.sub("![](", joined) if "![" in joined else joined


def _unmark(piece: str) -> str:
    return piece.replace(PAIR_MARK, "x").replace(_MORE_MARK, "x")


class BlockContext(NamedTuple):
    """What the block pass finds in a skeleton."""

    blocks: tuple[Block, ...]
    """The block of each pair mark, in order."""
    references: References
    """Link reference definitions: (normalized label, destination), sorted by label."""


@lru_cache(maxsize=2048)
def block_context(skeleton_text: str) -> BlockContext:
    """The block of each pair mark of a skeleton, and the link reference definitions."""
    source = skeleton_text.replace("\r\n", "\n") if "\r" in skeleton_text else skeleton_text
    if ":::" in source or "#tab/" in source:
        source = docs_extensions(source)
    lines = source.split("\n")
    tokens: list[Token] = []
    env: dict[str, dict[str, dict[str, str]]] = {}
    _MARKDOWN.block.parse(source, _MARKDOWN, env, tokens)
    found = env.get("references")
    references = tuple(sorted((label, found[label]["href"]) for label in found)) if found else ()
    return BlockContext(tuple(_assign(source, lines, _leaves(tokens, lines))), references)


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_CONTAINER = re.compile(r"[ \t]*:::[ \t]*(row|column)\b[^:\n]*:::[ \t]*$")
_CONTAINER_END = re.compile(r"[ \t]*:::[ \t]*(row|column)-end[ \t]*:::[ \t]*$")
_MARKER = re.compile(  # lines that stand alone: zone and moniker fences, image and code lines
    r"[ \t]*:::[ \t]*(?:(?:zone|moniker)(?:-end|[ \t].*)?|image-end[ \t]*:::|(?:image|code)[ \t].*:::)[ \t]*$"
)
_TAB = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+\[[^\n]*\]\(#tab/[^)\s]*\)[ \t]*$")
_TAB_END = re.compile(r"[ \t]{0,3}-{3,}[ \t]*$")


def docs_extensions(source: str) -> str:
    """The skeleton with Docs block extensions turned into what markdown-it understands.

    Marker lines become blank (a pair mark on one is kept, in a paragraph of its own, so
    every pair still has a leaf); lines inside ``:::row:::``/``:::column:::`` lose the
    indentation of the container's first content line. Fenced code is left alone.
    """
    out: list[str] = []
    fence = ""
    indents: list[int | None] = []
    in_tabs = False
    for line in source.split("\n"):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            out.append(line)
            continue
        opening = _FENCE.match(line)
        if opening and not indents:
            fence = opening.group(1)
            out.append(line)
            continue
        if _CONTAINER.match(line):
            indents.append(None)
            line = _marks_only(line)
        elif _CONTAINER_END.match(line):
            if indents:
                indents.pop()
            line = _marks_only(line)
        elif _MARKER.match(line) or (in_tabs and _TAB_END.match(line)):
            in_tabs = in_tabs and not _TAB_END.match(line)
            line = _marks_only(line)
        elif indents:
            if indents[-1] is None and line.strip():
                indents[-1] = len(line) - len(line.lstrip(" \t"))
            width = indents[-1] or 0
            line = line[min(width, len(line) - len(line.lstrip(" \t"))) :]
        if _TAB.match(line):
            in_tabs = True
        out.append(line)
    return "\n".join(out)


def _marks_only(line: str) -> str:
    """A marker line reduced to the pair marks on it: usually a blank line; marks (alt text
    of an ``:::image``) become a paragraph of their own, between blank lines."""
    if PAIR_MARK not in line and _MORE_MARK not in line:
        return ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\n" + indent + "".join(char for char in line if char in (PAIR_MARK, _MORE_MARK)) + "\n"


class _Leaf(NamedTuple):
    """A leaf block and the containers around it; turned into a Block only if a pair is in it."""

    first: int
    end: int
    token: Token
    containers: tuple[tuple[str, str], ...]
    """(``list``, ``quote`` or ``div``, alert name) from the outermost in."""
    ordinal: int


def _leaves(tokens: list[Token], lines: list[str]) -> list[_Leaf]:
    """Every leaf block with a line range, in order."""
    containers: list[tuple[str, str]] = []
    found: list[_Leaf] = []
    for token in tokens:
        type_ = token.type
        if type_ in _LEAVES and token.map:
            found.append(_Leaf(token.map[0], token.map[1], token, tuple(containers), len(found)))
        elif type_ in ("bullet_list_open", "ordered_list_open"):
            containers.append(("list", ""))
        elif type_ == "blockquote_open":
            line = lines[token.map[0]] if token.map else ""
            alert = _ALERT.match(line)
            containers.append(("div", "") if _DIV.match(line) else ("quote", alert.group(1).upper() if alert else ""))
        elif type_ in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
    return found


def _block(leaf: _Leaf) -> Block:
    token = leaf.token
    containers = tuple(c for c in leaf.containers if c[0] != "div") if leaf.containers else ()
    list_depth = sum(1 for kind, _ in containers if kind == "list")
    quote_depth = len(containers) - list_depth
    alert = next((name for kind, name in reversed(containers) if kind == "quote" and name), "")
    if token.type == "heading_open":
        kind, level = BlockKind.HEADING, int(token.tag[1:])
    else:
        level = 0
        kind = {
            "tr_open": BlockKind.TABLE_CELL,
            "html_block": BlockKind.HTML,
            "fence": BlockKind.CODE,
            "code_block": BlockKind.CODE,
        }.get(token.type, BlockKind.PARAGRAPH)
    if kind is BlockKind.PARAGRAPH and containers:
        innermost, name = containers[-1]
        kind = BlockKind.LIST_ITEM if innermost == "list" else BlockKind.ALERT if name else BlockKind.BLOCKQUOTE
    return Block(kind, leaf.ordinal, level, list_depth, quote_depth, alert)


def _assign(source: str, lines: list[str], leaves: list[_Leaf]) -> list[Block]:
    """Walk marks and leaves together: both are in document order."""
    blocks: list[Block] = []
    leaf = 0
    line = 0
    position = 0
    outside = Block(BlockKind.PARAGRAPH, -1)
    current: tuple[int, Block] = (-1, outside)  # marks of one leaf share its Block
    line_starts: list[int] = []
    mark = source.find(PAIR_MARK)
    while mark != -1:
        line += source.count("\n", position, mark)
        position = mark
        while leaf < len(leaves) and leaves[leaf].end <= line:
            leaf += 1
        if leaf < len(leaves) and leaves[leaf].first <= line:
            if current[0] != leaf:
                current = (leaf, _block(leaves[leaf]))
            block = current[1]
            if block.kind is BlockKind.HTML:
                line_starts = line_starts or [0, *accumulate(len(text) + 1 for text in lines)]
                if _in_html_cell(source, line_starts[leaves[leaf].first], mark):
                    block = replace(block, kind=BlockKind.TABLE_CELL)
            blocks.append(block)
        else:
            blocks.append(outside)
        mark = source.find(PAIR_MARK, mark + 1)
    return blocks


def _in_html_cell(source: str, block_start: int, mark: int) -> bool:
    """Whether the last cell tag between the HTML block's start and the mark opens a cell."""
    tags = _HTML_CELL.findall(source, block_start, mark)
    return bool(tags) and tags[-1][0] == ""
