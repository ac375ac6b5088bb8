"""Find the sentence pairs in an article body.

A well-formed pair (equal ids, no blank half) is matched by one regular expression. The scan then takes a census of
``data-ttu-id``, ``<span`` and ``</span>``: when the counts agree with the pairs found
(each match holds exactly one, three and three), the file is clean and the scan is done.
A match holds "span" exactly six times, so a file where nothing else says "span" needs a
single count for both tags.
Only otherwise does a lenient pass look at each attribute the fast pass did not consume,
recover what it can (``&quot;`` quoting, nested spans, differing ids, blank halves) with a
finding for each, and report the rest, so every ``data-ttu-id`` ends as a pair or a finding.

A pair is handed on as the match itself (groups: 1 id, 2 translation, 3 English id,
4 English); a recovered pair is a :class:`RecoveredPair` that answers the same questions.
Using the matches as they come saves building a record per pair on the hot path.
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from toolkit.codemask import mask
from toolkit.diagnostics import Unlocated


class Pair(Protocol):
    """What the reader asks of a pair: the groups and spans of a :data:`PAIR` match."""

    def __getitem__(self, group: int, /) -> str: ...

    def start(self, group: int = 0, /) -> int: ...

    def end(self, group: int = 0, /) -> int: ...

    def span(self, group: int = 0, /) -> tuple[int, int]: ...


class RecoveredPair:
    """A pair the lenient pass pieced together from separate matches."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str, spans: tuple[tuple[int, int], ...]) -> None:
        self._text = text
        self._spans = spans
        """Whole pair, id, translation, English id, English."""

    def __getitem__(self, group: int, /) -> str:
        begin, end = self._spans[group]
        return self._text[begin:end]

    def start(self, group: int = 0, /) -> int:
        return self._spans[group][0]

    def end(self, group: int = 0, /) -> int:
        return self._spans[group][1]

    def span(self, group: int = 0, /) -> tuple[int, int]:
        return self._spans[group]


_INNER = r"(?!\s*</span)([^<]*(?:<(?!/?span\b)[^<]*)*)"  # not blank, no span tags
PAIR = re.compile(  # a pair as it should be; anything else is left to the lenient pass
    r'<span data-ttu-id="([^"<>]*)">' + _INNER + r'</span><span class="sxs-lookup">'
    r'<span data-stu-id="(\1)">' + _INNER + r"</span></span>"
)

_VALUE = (  # quoted, single-quoted, quoted with &quot; (on either side or both), unquoted
    r"""\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|(?:&quot;|")((?:(?!&quot;)[^"<>])*?)(?:&quot;|")|([^\s"'<>=`&]+))"""
)
_TTU_TAG = re.compile(r"<span\s+data-ttu-id" + _VALUE + r"\s*>")
_LOOKUP = re.compile(
    r"""<span\s+class\s*=\s*(?:(?:"|&quot;)sxs-lookup(?:"|&quot;)|'sxs-lookup')\s*>"""
    r"\s*<span\s+data-stu-id" + _VALUE + r"\s*>"
)
_OUTER_CLOSE = re.compile(r"\s*</span\s*>")
_SPAN_TOKEN = re.compile(r"<span\b[^<>]*>|</span\s*>|\n[ \t]*\r?\n")
_LOOSE_ID = re.compile(r"""data-ttu-id\s*=\s*(?:"|'|&quot;)?([^"'<>&\s]*)""")
_REACH = 256
"""How far back from an attribute its tag's ``<`` is looked for."""
_ATTRIBUTE = re.compile(r"data-(ttu|stu)-id")
_VISIBLE = re.compile(r"\S")
"""A character that is not white space (as ``str.isspace`` says): searched for in place, since
slicing a half to strip it copies it, and nested pairs make that quadratic."""


def scan(text: str, start: int = 0) -> tuple[list[Pair], list[Unlocated]]:
    """Pairs in ``text[start:]`` in document order, and what could not be paired."""
    pairs: list[Pair] = list(PAIR.finditer(text, start))
    count = len(pairs)
    if text.count("data-ttu-id", start) == count and (
        text.count("span", start) == 6 * count  # one count for both tags when nothing else says "span"
        or text.count("<span", start) == text.count("</span", start) == 3 * count
    ):
        return pairs, []
    return _lenient(text, start, pairs)


def _lenient(text: str, start: int, pairs: list[Pair]) -> tuple[list[Pair], list[Unlocated]]:
    """Every step here is linear in the text: span tags are balanced in one pass
    (:class:`_Balance`), and attributes, pairs and recovered pairs are met in order."""
    shape = mask(text, start)  # span tags written as code are not tags
    if shape is not text:
        pairs = [RecoveredPair(text, tuple(match.span(g) for g in range(5))) for match in PAIR.finditer(shape, start)]
    balance = _Balance(shape, start)
    findings: list[Unlocated] = []
    taken = [p.span() for p in pairs]
    recovered: list[Pair] = []
    for match in _ATTRIBUTE.finditer(shape, start):
        at = match.start()
        if _inside(taken, at):
            continue
        host = recovered[-1] if recovered and recovered[-1].start() <= at < recovered[-1].end() else None
        if host is not None:  # a real nested tag is reported; the words alone are just text
            tag = _TTU_TAG.match(shape, _tag_start(shape, at)) if match[1] == "ttu" else None
            if tag is not None and tag.end() > at:
                message = f"segment {_value(tag)} nested inside segment {host[1]} (kept as its markup)"
                findings.append(Unlocated(at, "P018", message, _value(tag)))
            continue
        if match[1] == "stu":
            lookup = shape.rfind("<span", max(0, at - _REACH), shape.rfind("<span", max(0, at - _REACH), at))
            where = lookup if lookup >= 0 and "sxs-lookup" in shape[lookup:at] else at
            findings.append(Unlocated(where, "P014", "sxs-lookup half without a translation"))
            continue
        pair, found = _recover(shape, text, at, balance)
        if pair is not None and _overlaps(taken, pair.span()):
            message = f"segment {pair[1]} holds another pair (only the inner one is read)"
            found = [Unlocated(pair.start(), "P018", message, pair[1])]
        elif pair is not None:
            recovered.append(pair)
        findings.extend(found)
    pairs = sorted([*pairs, *recovered], key=lambda pair: pair.start())
    findings.extend(_stray_spans(shape, start, pairs))
    return pairs, findings


def _inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether an offset falls in one of the sorted, disjoint ranges."""
    index = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


def _overlaps(ranges: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint ranges."""
    index = bisect.bisect_left(ranges, (span[1], span[1]))
    return index > 0 and ranges[index - 1][1] > span[0]


def _tag_start(text: str, at: int) -> int:
    """The ``<`` opening the tag an attribute at ``at`` belongs to (-1: none near)."""
    return text.rfind("<", max(0, at - _REACH), at)


def _value(match: re.Match[str]) -> str:
    return next(v for v in match.groups()[-4:] if v is not None)


def _value_span(match: re.Match[str]) -> tuple[int, int]:
    """Span of the attribute value, whichever quoting it used (the last four groups)."""
    last = match.re.groups
    return next(match.span(g) for g in range(last - 3, last + 1) if match[g] is not None)


class _Balance:
    """Where each ``<span …>`` of a text closes, found in one pass with a stack.

    A span is closed by the ``</span>`` that brings the depth back to where it opened; a
    blank line ends the paragraph, and every span still open there is unclosed (-1).
    """

    def __init__(self, text: str, start: int) -> None:
        self.closes: dict[int, int] = {}
        """End of an opening tag -> start of its ``</span``, or -1."""
        open_tags: list[int] = []
        for token in _SPAN_TOKEN.finditer(text, start):
            value = token.group()
            if value.startswith("</"):
                if open_tags:
                    self.closes[open_tags.pop()] = token.start()
            elif value.startswith("<"):
                open_tags.append(token.end())
            else:
                self.closes.update(dict.fromkeys(open_tags, -1))
                open_tags = []
        self.closes.update(dict.fromkeys(open_tags, -1))

    def close(self, opened: int) -> int:
        """Offset of the ``</span`` closing the tag that ends at ``opened``; -1 if unclosed."""
        return self.closes.get(opened, -1)


def _recover(shape: str, text: str, at: int, balance: _Balance) -> tuple[RecoveredPair | None, list[Unlocated]]:
    """Read the pair whose ``data-ttu-id`` is at ``at`` as leniently as it can be read.

    ``shape`` is the text with code masked, where tags are looked for; halves are judged on
    ``text`` itself (a translation that is all code is not blank).
    """
    tag_start = _tag_start(shape, at)
    tag = _TTU_TAG.match(shape, tag_start) if tag_start >= 0 else None
    if tag is None or tag.end() <= at:
        loose = _LOOSE_ID.match(shape, at)
        named = f" (segment {loose[1]})" if loose is not None and loose[1] else ""
        return None, [Unlocated(at, "P013", f"data-ttu-id outside a well-formed <span> tag{named}")]
    segment_id = _value(tag)
    target_end = balance.close(tag.end())
    if target_end < 0:
        return None, [Unlocated(tag_start, "P013", f"unclosed <span> of segment {segment_id}", segment_id)]
    lookup = _LOOKUP.match(shape, shape.index(">", target_end) + 1)
    if lookup is None:
        return None, [Unlocated(tag_start, "P010", f"segment {segment_id} has no sxs-lookup half", segment_id)]
    source_end = balance.close(lookup.end())
    if source_end < 0:  # located at the segment's own tag, which is what is lost
        return None, [Unlocated(tag_start, "P013", f"unclosed sxs-lookup <span> of segment {segment_id}", segment_id)]
    end = shape.index(">", source_end) + 1
    found = []
    outer = _OUTER_CLOSE.match(shape, end)
    if outer is None:
        found.append(Unlocated(lookup.start(), "P013", f"unclosed sxs-lookup <span> of segment {segment_id}", segment_id))
    else:
        end = outer.end()
    if "&quot;" in tag.group() or "&quot;" in lookup.group():
        found.append(
            Unlocated(tag_start, "P015", f"segment {segment_id}: attribute quoted with &quot; (read as a quote)", segment_id)
        )
    source_id = _value(lookup)
    if source_id != segment_id:
        found.append(
            Unlocated(tag_start, "P011", f"data-stu-id {source_id!r} differs from data-ttu-id {segment_id!r}", segment_id)
        )
    if not _VISIBLE.search(text, tag.end(), target_end):
        found.append(Unlocated(tag.end(), "P016", f"segment {segment_id} has an empty translation", segment_id))
    if not _VISIBLE.search(text, lookup.end(), source_end):
        found.append(Unlocated(lookup.end(), "P017", f"segment {segment_id} has an empty English source", segment_id))
    spans = ((tag_start, end), _value_span(tag), (tag.end(), target_end), _value_span(lookup), (lookup.end(), source_end))
    return RecoveredPair(text, spans), found


def _stray_spans(text: str, start: int, pairs: list[Pair]) -> list[Unlocated]:
    """Span tags outside every pair that do not balance; segment openers are reported
    by the pass that tried to recover them.

    These tags hold no segment, so after :data:`LISTED` of one kind the rest are counted in
    one last finding: a file with a hundred thousand of them is not a translation, and a
    message per tag would cost more than reading the file.
    """
    stray: list[int] = []
    unclosed: list[int] = []
    bounds = [start] + [x for p in pairs for x in p.span()] + [len(text)]
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2], strict=True):
        open_tags: list[re.Match[str]] = []
        for token in _SPAN_TOKEN.finditer(text, gap_start, gap_end):
            value = token.group()
            if value.startswith("</"):
                if open_tags:
                    open_tags.pop()
                else:
                    stray.append(token.start())
            elif value.startswith("<"):
                open_tags.append(token)
            else:
                unclosed.extend(_plain_starts(open_tags))
                open_tags = []
        unclosed.extend(_plain_starts(open_tags))
    return [*_listed(stray, "P014", "stray </span>"), *_listed(unclosed, "P013", "unclosed <span>")]


LISTED = 100
"""How many span tags of one kind that hold no segment are reported one by one per file."""


def _plain_starts(open_tags: list[re.Match[str]]) -> list[int]:
    """Offsets of the open tags that are neither a segment's nor an sxs-lookup's."""
    return [tag.start() for tag in open_tags if not _ATTRIBUTE.search(tag.group()) and "sxs-lookup" not in tag.group()]


def _listed(offsets: list[int], code: str, message: str) -> list[Unlocated]:
    found = [Unlocated(offset, code, message) for offset in offsets[:LISTED]]
    if len(offsets) > LISTED:
        more = len(offsets) - LISTED
        found.append(Unlocated(offsets[LISTED], code, f"{message}, and {more - 1:,} more after this one (not listed)"))
    return found
