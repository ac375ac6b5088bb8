"""The inline reader against markdown-it-py's own inline parser, half by half, on the real corpus.

For every segment half, the plain text the reader gives must equal the text of
markdown-it-py's inline parse of the same markup (text, code spans, entities, escapes,
image alt text; line breaks as line feeds), with the article's link reference definitions
as markdown-it-py collects them from the whole file. Spaces at line edges are not compared.

Intended differences, applied to markdown-it-py's input before it reads it (each is a Docs
extension that CommonMark reads as something else). The replacement is wrapped in empty
HTML comments, which show nothing and, like the ``[``…``]`` or ``<``…``>`` they replace,
count as punctuation to the emphasis next to them:

* ``[!INCLUDE[title](path)]`` is a placeholder that shows nothing (Docs puts the included
  file there); CommonMark reads a link inside brackets.
* ``<xref:uid?query>`` shows the uid (Docs shows the API's name); CommonMark reads an autolink
  whose text is the whole ``xref:…``.

The default run reads a stratified sample (every 40th article of each locale); the whole
corpus runs under the ``exhaustive`` marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SXS, needs_corpus
from markdown_it import MarkdownIt
from markdown_it.token import Token

from toolkit.corpus import find_markdown
from toolkit.model import Inline
from toolkit.sxs import read_article

_MARKDOWN = MarkdownIt("commonmark")
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\([^)]*\)\]", re.IGNORECASE)
_XREF = re.compile(r"<xref:([^?<>\s]*)[^<>\s]*>")
_LINE_EDGES = re.compile(r"[ \t]*\n[ \t]*")
FLOOR = 0.999


def docs_as_commonmark(markup: str) -> str:
    """The markup with each intended difference replaced by what the reader shows for it."""
    if "[!" in markup:
        markup = _INCLUDE.sub("<!---->", markup)
    if "<xref:" in markup:
        markup = _XREF.sub(lambda m: "<!---->" + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", m.group(1)) + "<!---->", markup)
    return markup


def token_text(tokens: list[Token]) -> str:
    pieces = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            pieces.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            pieces.append("\n")
        elif token.type == "image":
            pieces.append(token_text(token.children or []))
    return "".join(pieces)


def differences(paths: list[str]) -> Iterator[tuple[str, str, Inline, str]]:
    """(path, segment id, half, markdown-it-py's text) for every half whose text differs;
    the count of halves compared is yielded last as a pseudo-difference with an empty path."""
    compared = 0
    known: dict[object, str | None] = {}
    for path in paths:
        article = read_article(path)
        env: dict[str, object] = {}
        _MARKDOWN.parse(article.text[len(article.front_matter) :], env)
        definitions = repr(sorted(env.get("references", {}).items()))  # type: ignore[attr-defined]
        for segment in article.segments:
            for half in (segment.target, segment.source):
                compared += 1
                key = (half.markup, definitions) if "]" in half.markup else half.markup
                if key not in known:
                    tokens = _MARKDOWN.parseInline(docs_as_commonmark(half.markup), dict(env))[0].children or []
                    theirs = _LINE_EDGES.sub("\n", token_text(tokens))
                    known[key] = None if theirs == half.text else theirs
                theirs_text = known[key]
                if theirs_text is not None:
                    yield path, segment.id, half, theirs_text
    yield "", str(compared), Inline("", (), ""), ""


def share_identical(paths: list[str]) -> tuple[float, list[tuple[str, str, Inline, str]]]:
    found = list(differences(paths))
    compared = int(found.pop()[1])
    return 1 - len(found) / compared, found


def corpus_files() -> list[str]:
    files, _ = find_markdown([str(SXS)])
    return files


def stratified(files: list[str], every: int) -> list[str]:
    """Every ``every``-th article of each locale folder."""
    by_locale: dict[str, list[str]] = {}
    for path in files:
        by_locale.setdefault(Path(path).relative_to(SXS).parts[0], []).append(path)
    return [path for group in by_locale.values() for path in sorted(group)[::every]]


def _report(found: list[tuple[str, str, Inline, str]]) -> str:
    return "\n".join(
        f"{path} {segment}: {half.markup!r} -> {half.text!r}, markdown-it-py {theirs!r}"
        for path, segment, half, theirs in found[:20]
    )


@needs_corpus
@pytest.mark.corpus
def test_sample_reads_like_markdown_it() -> None:
    share, found = share_identical(stratified(corpus_files(), 40))
    assert share >= FLOOR, _report(found)


@needs_corpus
@pytest.mark.corpus
@pytest.mark.exhaustive
def test_whole_corpus_reads_like_markdown_it() -> None:
    share, found = share_identical(corpus_files())
    assert share >= FLOOR, _report(found)


def test_intended_differences_are_rewritten_for_markdown_it() -> None:
    assert docs_as_commonmark("a [!INCLUDE[n](../n.md)] <xref:A.B_c?displayProperty=x> b") == r"a <!----> <!---->A\.B\_c<!----> b"
    tokens = _MARKDOWN.parseInline("*a* ![b `c`](i.png) &amp;\nd", {})[0].children or []
    assert token_text(tokens) == "a b c &\nd"
