"""Front matter: where it is, what it says, and the YAML 1.1 traps avoided.

The raw text is kept by the article and never re-serialized; python-frontmatter's YAML
handler reads it with PyYAML's *base* loader, which keeps every scalar a string. The
default loaders would turn ``no`` into ``False``, ``0123`` into 83 and ``2016-02-28``
into a date, and a value such as ``ms.locfileid`` must stay what the file says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from toolkit.diagnostics import Unlocated

_BASE_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _StringLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The base loader, with nodes turned into Python directly: PyYAML's generic
    constructor would cost twice the parse itself."""

    def get_single_data(self) -> object:
        node = self.get_single_node()
        return None if node is None else _plain(node)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return ""  # tags are never looked at: every scalar stays a string


def load_plain_yaml(text: str) -> object:
    """YAML with every scalar kept a string (TOC files and front matter alike)."""
    return yaml.load(text, Loader=_StringLoader)


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        mapping: dict[object, object] = {}
        for key, value in node.value:
            plain_key = _plain(key)
            if not isinstance(plain_key, str):
                raise yaml.constructor.ConstructorError(None, None, "found a non-scalar key", key.start_mark)
            mapping[plain_key] = _plain(value)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


_HANDLER = YAMLHandler()
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
    try:
        metadata = _HANDLER.load(raw, Loader=_StringLoader) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        offset = opening.end()
        if mark is not None:
            offset = _offset_of(text, opening.end(), mark.line, mark.column)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
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
