"""Where a Markdown body holds code, so that a ``<span>`` written as code is not read as a tag.

CommonMark (0.31, sections 4.5 and 6.1) decides what is code:

* A *fenced code block* opens with a line of three or more backticks or tildes (a backtick
  fence's info string has no backtick) and closes at a line of the same character, at least
  as long, with nothing but spaces after it; unclosed, it runs to the end of its container.
* A *code span* opens with a backtick string and closes at the next backtick string of the
  same length; it does not cross a blank line (the end of a paragraph). A backslash escapes
  a backtick outside code, and an HTML tag or an autolink that starts first wins over a
  backtick inside it.

Containers are approximated: blockquote markers may precede a fence, and a fence indented
by *k* columns that never closes (one in a list item) ends before the next non-blank line
indented less. The bilingual pipeline wraps sentences around code and never puts them inside it,
so stretches that hold pair markup are never treated as code: there the backtick is a
stray character of a translation and the pair wins.

:func:`mask` returns the text with every code character other than a line break replaced
by a space; offsets and lines stay those of the text.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^(?P<prefix>(?:[ ]{0,3}>[ ]?)*)(?P<indent>[ \t]*)(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*(?:\r?\n|\Z)")
_TAG = (
    r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"  # autolink
)
_INLINE = re.compile(r"\\`|" + _TAG + r"|(?P<ticks>`+)")
_TICKS = re.compile(r"`+")
_PAIR_MARKUP = ("data-ttu-id", "data-stu-id", "sxs-lookup")


def code_ranges(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(begin, end)`` offsets of the code in ``text[start:]``."""
    ranges: list[tuple[int, int]] = []
    position = start
    for begin, end in fences(text, start):
        ranges.extend(_spans(text, position, begin))
        if not any(word in text[begin:end] for word in _PAIR_MARKUP):
            ranges.append((begin, end))
        position = end
    ranges.extend(_spans(text, position, len(text)))
    return ranges


def mask(text: str, start: int = 0) -> str:
    """``text`` with the characters of code (line breaks aside) replaced by spaces."""
    ranges = code_ranges(text, start)
    if not ranges:
        return text
    pieces: list[str] = []
    previous = 0
    for begin, end in ranges:
        pieces += (text[previous:begin], re.sub(r"[^\r\n]", " ", text[begin:end]))
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


def fences(text: str, start: int) -> list[tuple[int, int]]:
    """Fenced code blocks, from the start of the opening line to the end of the closing one."""
    found = []
    position = start
    while (opening := _FENCE.search(text, position)) is not None:
        fence = opening["fence"]
        indent = len(opening["indent"].expandtabs(4))
        body = text.find("\n", opening.end())
        if body == -1:
            found.append((opening.start(), len(text)))
            break
        closing = re.compile(
            r"^(?:[ ]{0,3}>[ ]?)*(?P<indent>[ \t]*)" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*\r?$",
            re.MULTILINE,
        )
        end = dedent = len(text)
        line = body + 1
        while line < len(text):
            next_line = text.find("\n", line)
            stop = len(text) if next_line == -1 else next_line
            content = text[line:stop]
            if closing.match(content):
                end = stop
                break
            if indent and dedent == len(text) and content.strip() and len(content) - len(content.lstrip(" \t>")) < indent:
                dedent = line - 1  # where the list item holding an unclosed fence would end
            line = stop + 1
        else:
            end = dedent
        found.append((opening.start(), max(end, opening.end())))
        position = max(end, opening.end()) + 1
    return found


def _spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Code spans of ``text[start:stop]``, paragraph by paragraph."""
    found: list[tuple[int, int]] = []
    if "`" not in text[start:stop]:
        return found
    paragraph = start
    for blank in _BLANK.finditer(text, start, stop):
        found.extend(_paragraph_spans(text, paragraph, blank.start()))
        paragraph = blank.end()
    found.extend(_paragraph_spans(text, paragraph, stop))
    return found


def _paragraph_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Code spans of one paragraph: each backtick string closes at the next of its length."""
    if "`" not in text[start:stop]:
        return []
    runs: dict[int, list[int]] = {}  # length -> offsets of the backtick strings of that length
    for run in _TICKS.finditer(text, start, stop):
        runs.setdefault(len(run.group()), []).append(run.start())
    used = dict.fromkeys(runs, 0)  # per length, how many strings lie behind the scan
    found = []
    position = start
    while (token := _INLINE.search(text, position, stop)) is not None:
        position = token.end()
        ticks = token["ticks"]
        if ticks is None:
            continue
        length = len(ticks)
        offsets = runs[length]
        index = used[length]
        while index < len(offsets) and offsets[index] <= token.start():
            index += 1
        used[length] = index
        if index == len(offsets):
            continue  # no closing string of this length: the backticks are literal
        close = offsets[index]
        if any(word in text[token.end() : close] for word in _PAIR_MARKUP):
            continue  # a stray backtick of a translation: the pair wins
        found.append((token.start(), close + length))
        position = close + length
    return found
