"""The bilingual "sxs" Markdown article: reader and writer side by side.

Reading never loses a byte. Invalid UTF-8 is reported and kept as surrogate escapes, a BOM
and CRLF are reported and kept, and the writer puts every segment's markup back between
the untouched stretches of the original text, so ``write_bytes(read_article(p))`` equals
the file. A new translation is a segment replaced with :func:`with_target`; writing then
changes that text and nothing else.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit.blocks import block_context, skeleton
from toolkit.diagnostics import NOT_BILINGUAL, Unlocated, diagnostic
from toolkit.docs import article_locale
from toolkit.errors import InputError
from toolkit.inline import References, parse_inline, parse_translation, render
from toolkit.meta import identity_of, read_front_matter
from toolkit.model import Article, BlockKind, Diagnostic, Part, Segment, new_segment
from toolkit.scan import Pair, scan
from toolkit.sources import read_bytes

ENCODING = "utf-8"
_ERRORS = "surrogateescape"
_NEWLINE = re.compile("\n")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+")


def read_article(path: str | Path) -> Article:
    """Read and parse one file; only an unreadable file raises (:class:`InputError`)."""
    try:
        data = read_bytes(str(path))
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from error
    return parse_article(data, str(path))


def parse_article(data: bytes | str, path: str = "<string>") -> Article:
    """Parse an article from its bytes (or already decoded text)."""
    findings: list[Unlocated] = []
    text = _decode(data, findings) if isinstance(data, bytes) else data
    start = 0
    if text.startswith("\ufeff"):
        findings.append(Unlocated(0, "P002", "byte order mark at the start of the file (kept)"))
        start = 1
    crlf = text.find("\r\n") if (b"\r" in data if isinstance(data, bytes) else "\r" in text) else -1
    if crlf != -1:  # (looking for a lone byte in the bytes first is several times cheaper)
        findings.append(Unlocated(crlf, "P003", "CRLF line endings (kept)"))
    front = read_front_matter(text, start)
    findings.extend(front.findings)
    in_front = text.find("data-ttu-id", start, front.end)
    if in_front != -1:
        findings.append(Unlocated(in_front, "P019", "data-ttu-id in the front matter is not read as a segment"))
    pairs, scan_findings = scan(text, front.end)
    findings.extend(scan_findings)
    if not pairs and not scan_findings and "data-ttu-id" not in text:
        findings.append(Unlocated(start, NOT_BILINGUAL, "not a bilingual article: no data-ttu-id pair (nothing read from it)"))
    segments = _segments(text, front.end, pairs, findings)
    findings.sort(key=lambda f: f.offset)
    diagnostics = _locate(path, text, findings)
    return Article(
        path=path,
        locale=article_locale(front.metadata, path),
        identity=identity_of(front.metadata, path),
        metadata=front.metadata,
        front_matter=text[start : front.end],
        text=text,
        segments=segments,
        diagnostics=diagnostics,
    )


def _decode(data: bytes, findings: list[Unlocated]) -> str:
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode(ENCODING, _ERRORS)
        bad = data[error.start : error.end].hex(" ")
        findings.append(Unlocated(len(prefix), "P001", f"invalid UTF-8 byte(s) {bad} (kept as they are)"))
        return data.decode(ENCODING, _ERRORS)


def _locate(path: str, text: str, findings: list[Unlocated]) -> tuple[Diagnostic, ...]:
    """Line and column of each finding from one index of line starts, so a file with a
    finding on every line costs no more than one with a single finding."""
    if not findings:
        return ()
    starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
    located = []
    for finding in findings:
        line = bisect.bisect_right(starts, finding.offset)
        column = finding.offset - starts[line - 1] + 1
        located.append(diagnostic(path, line, column, finding.code, finding.message, finding.segment_id))
    return tuple(located)


def _segments(text: str, body: int, pairs: list[Pair], findings: list[Unlocated]) -> tuple[Segment, ...]:
    """The segments of the pairs, in order: this loop runs once per pair of the corpus."""
    if not pairs:  # no block structure to parse for nothing
        return ()
    blocks, references = block_context(skeleton(text, body, [pair.span() for pair in pairs]))
    segments = []
    line = 1
    previous = 0
    count, rfind = text.count, text.rfind
    for pair, block in zip(pairs, blocks, strict=True):
        start = pair.start()
        line += count("\n", previous, start)
        previous = start
        target = parse_translation(pair[2], references)
        source = parse_inline(pair[4], references)
        if "[!" in source.markup and any(c.type == "include" for c in source.codes):
            block = replace(block, kind=BlockKind.INCLUDE)
        column = start - rfind("\n", 0, start)
        segments.append(new_segment(pair[1], target, source, block, line, column, pair.span(2), pair.span(4)))
    if len({segment.id for segment in segments}) < len(segments):
        findings.extend(_duplicates(segments, pairs))
    return tuple(segments)


def link_references(article: Article) -> References:
    """The article's link reference definitions, from a block pass like the reader's; none
    without a ``]:``, which every definition has (most articles: no pass at all)."""
    if "]:" not in article.text:
        return ()
    body = len(article.front_matter) + (1 if article.text.startswith("\ufeff") else 0)
    spans = [(segment.target_span[0], segment.source_span[1]) for segment in article.segments]
    return block_context(skeleton(article.text, body, spans)).references


def _duplicates(segments: list[Segment], pairs: list[Pair]) -> list[Unlocated]:
    seen: set[str] = set()
    found = []
    for segment, pair in zip(segments, pairs, strict=True):
        if segment.id in seen:
            found.append(Unlocated(pair.start(), "P012", f"segment id {segment.id} appears more than once", segment.id))
        seen.add(segment.id)
    return found


def write_text(article: Article) -> str:
    """The article's text with every segment's current markup in place."""
    text = article.text
    pieces: list[str] = []
    previous = 0
    for segment in article.segments:
        pieces += (
            text[previous : segment.target_span[0]],
            segment.target.markup,
            text[segment.target_span[1] : segment.source_span[0]],
            segment.source.markup,
        )
        previous = segment.source_span[1]
    pieces.append(text[previous:])
    return "".join(pieces)


def write_bytes(article: Article) -> bytes:
    return write_text(article).encode(ENCODING, _ERRORS)


def with_target(article: Article, segment_id: str, target: str | Sequence[Part]) -> Article:
    """The article with one segment's translation replaced.

    A ``str`` is plain text (escaped so it reads back as that text); parts keep their
    codes. Blank lines are folded so the pair stays inside its paragraph. A reference link
    in it is resolved with the article's definitions, as the reader would.
    """
    parts: Sequence[Part] = (target,) if isinstance(target, str) else target
    markup = _BLANK_LINES.sub("\n", render(list(parts)))
    references = link_references(article) if "]" in markup else ()
    found = False
    segments = []
    for segment in article.segments:
        if segment.id == segment_id and not found:
            segment = replace(segment, target=parse_translation(markup, references))
            found = True
        segments.append(segment)
    if not found:
        raise KeyError(segment_id)
    return replace(article, segments=tuple(segments))
