"""Monolingual articles from a bilingual one: the translation, or the English it came from.

Rules:

* Every pair is replaced by one half's inner markup; all the Markdown around the pairs is
  kept byte for byte, so the output has the shape of the bilingual file.
* ``target`` keeps the front matter as it is. ``source`` reduces it to the keys of the
  English repository: the keys the localization pipeline added (:data:`PIPELINE_KEYS`) and
  the ones it translated (:data:`TRANSLATED_KEYS`, whose English the file does not hold)
  go, with their continuation lines. So every locale of an article renders the same English.
* ``drop_anchors`` removes the ``<a name="…"></a>`` the pipeline put at the start of headings.
"""

from __future__ import annotations

import re
from enum import StrEnum

from toolkit.model import Article

PIPELINE_KEYS = frozenset(
    {"ms.openlocfilehash", "ms.sourcegitcommit", "ms.translationtype", "ms.contentlocale", "ms.lasthandoff", "ms.locfileid"}
)
TRANSLATED_KEYS = frozenset({"title", "description"})

_PAIR_START = re.compile(r"<span\s+data-ttu-id")
_PAIR_END = re.compile(r"\s*</span\s*>\s*</span\s*>")
_ANCHOR = re.compile(r'^([ \t]*#{1,6}[ \t]+)<a\s+name\s*=\s*"[^"]*"\s*>\s*</a>[ \t]*', re.MULTILINE)
_KEY = re.compile(r"^([^\s#:][^:\n]*?)[ \t]*:")


class Side(StrEnum):
    TARGET = "target"
    SOURCE = "source"


def render_article(article: Article, side: Side = Side.TARGET, drop_anchors: bool = False) -> str:
    """The monolingual text of one side of the article."""
    text = article.text
    pieces = []
    previous = len(article.front_matter) + (1 if text.startswith("\ufeff") else 0)
    pieces.append(text[:previous] if side is Side.TARGET else _source_front(text[:previous]))
    for segment in article.segments:
        start = _pair_start(text, segment.target_span[0])
        end_match = _PAIR_END.match(text, segment.source_span[1])
        end = end_match.end() if end_match else segment.source_span[1]
        half = segment.target if side is Side.TARGET else segment.source
        pieces += (text[previous:start], half.markup)
        previous = end
    pieces.append(text[previous:])
    rendered = "".join(pieces)
    return _ANCHOR.sub(r"\1", rendered) if drop_anchors else rendered


def _pair_start(text: str, inner: int) -> int:
    """Offset of the ``<span data-ttu-id`` opening the pair whose translation starts at ``inner``."""
    at = text.rfind("<span", 0, inner)
    return at if at != -1 and _PAIR_START.match(text, at) else inner


def _source_front(front: str) -> str:
    """The front matter without pipeline-added and translated keys (and their nested lines)."""
    kept = []
    dropping = False
    for line in front.splitlines(keepends=True):
        key = _KEY.match(line)
        if key or line.strip() in ("---", "") or (not line[:1].isspace() and not line.startswith("-")):
            dropping = key is not None and key.group(1).strip() in PIPELINE_KEYS | TRANSLATED_KEYS
        if not dropping:
            kept.append(line)
    return "".join(kept)
