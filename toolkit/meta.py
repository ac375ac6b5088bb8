"""Front matter: where it is, what it says, and the YAML 1.1 traps avoided.

The raw text is kept by the article and never re-serialized; it is read with PyYAML's
*base* loader, which keeps every scalar a string and never runs a tag. The
default loaders would turn ``no`` into ``False``, ``0123`` into 83 and ``2016-02-28``
into a date, and a value such as ``ms.locfileid`` must stay what the file says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import repeat
from typing import Any, NamedTuple

import yaml

from toolkit.diagnostics import Unlocated

_BASE_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _StringLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The base loader, with nodes turned into Python directly: PyYAML's generic
    constructor would cost twice the parse itself."""

    budget = 0
    """Most nodes the document may expand to; 0 when it cannot hold an alias."""

    def get_single_data(self) -> object:
        node = self.get_single_node()
        return None if node is None else _plain(node, self.budget)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return ""  # tags are never looked at: every scalar stays a string


NODE_MARGIN = 10_000
"""Nodes allowed beyond one per character of the YAML text (see :func:`load_plain_yaml`)."""


class AliasBomb(yaml.YAMLError):
    """YAML whose aliases would expand past the node budget."""


def load_plain_yaml(text: str) -> object:
    """YAML with every scalar kept a string (TOC files and front matter alike).

    An alias is a reference, and expanding nested ones multiplies ("billion laughs": 2.7 KB
    of them name billions of nodes). Without aliases a node takes at least one character
    of the text, so the expanded document may have at most one node per character (plus
    :data:`NODE_MARGIN`); past that :class:`AliasBomb` is raised, after work linear in the text.
    """
    loader = _StringLoader(text)
    loader.budget = len(text) + NODE_MARGIN if "&" in text else 0  # no anchor, no alias
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _expanded_size(root: yaml.Node, budget: int) -> int:
    """How many nodes the graph has once every alias is expanded, counted on the shared
    graph (each distinct node once); refused past ``budget`` or when an alias is its own
    ancestor (a recursive document)."""
    sizes: dict[int, int] = {}
    ancestors: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            ancestors.discard(key)
            sizes[key] = size = 1 + sum(map(sizes.__getitem__, map(id, children)))
            if size > budget:
                raise AliasBomb(f"aliases expand to more than {budget:,} nodes")
        elif key not in sizes:
            if key in ancestors:
                raise AliasBomb("an alias refers to a node that contains it")
            ancestors.add(key)
            stack.append((node, True))
            stack.extend(zip(children, repeat(False)))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _plain(root: yaml.Node, budget: int) -> object:
    """Plain dicts, lists and strings for a node graph, walked with a stack of its own
    (nesting depth is the input's to choose, Python's recursion is not)."""
    if budget:
        _expanded_size(root, budget)
    top: list[object] = [None]
    stack: list[tuple[yaml.Node, list[object] | dict[str, object], Any]] = [(root, top, 0)]
    while stack:
        node, holder, slot = stack.pop()
        value: object
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, object] = {}
            children: list[tuple[yaml.Node, list[object] | dict[str, object], Any]] = []
            for key, item in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise yaml.constructor.ConstructorError(None, None, "found a non-scalar key", key.start_mark)
                mapping[key.value] = None
                children.append((item, mapping, key.value))
            stack.extend(reversed(children))  # taken in document order: a repeated key's last value wins
            value = mapping
        elif isinstance(node, yaml.SequenceNode):
            items: list[object] = [None] * len(node.value)
            stack.extend((item, items, index) for index, item in reversed(list(enumerate(node.value))))
            value = items
        else:
            value = node.value
        holder[slot] = value
    return top[0]


_SURROGATE = re.compile("[\udc80-\udcff]")
_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


class FrontMatter(NamedTuple):
    metadata: Mapping[str, object]
    end: int
    """Offset just past the closing fence; 0 when there is no front matter."""
    findings: list[Unlocated]


def read_front_matter(text: str, start: int) -> FrontMatter:
    """Front matter opening at ``start`` (after any BOM), if there is one."""
    opening = _OPENING.match(text, start)
    if opening is None:
        return FrontMatter({}, start, [])
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return FrontMatter({}, start, [Unlocated(start, "P006", "front matter has no closing '---'")])
    raw = text[opening.end() : closing.start()]
    if _SURROGATE.search(raw):  # invalid UTF-8, already reported: the pairs and other keys still count
        raw = _SURROGATE.sub("\ufffd", raw)
    try:
        metadata = load_plain_yaml(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        offset = opening.end()
        if mark is not None:
            offset = _offset_of(text, opening.end(), mark.line, mark.column)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if isinstance(error, AliasBomb):
            return FrontMatter({}, closing.end(), [Unlocated(opening.end(), "P007", f"front matter refused: {problem}")])
        return FrontMatter({}, closing.end(), [Unlocated(offset, "P004", f"front matter is not valid YAML: {problem}")])
    if not isinstance(metadata, dict):
        kind = type(metadata).__name__
        return FrontMatter({}, closing.end(), [Unlocated(opening.end(), "P005", f"front matter is a {kind}, not a mapping")])
    return FrontMatter(metadata, closing.end(), [])


def _offset_of(text: str, base: int, line: int, column: int) -> int:
    offset = base
    for _ in range(line):
        next_line = text.find("\n", offset)
        if next_line == -1:
            return offset
        offset = next_line + 1
    return offset + column


def identity_of(metadata: Mapping[str, object], path: str) -> str:
    """``ms.openlocfilehash`` ties the locales of one article together; else the path."""
    declared = metadata.get("ms.openlocfilehash")
    return declared.strip() if isinstance(declared, str) and declared.strip() else path
