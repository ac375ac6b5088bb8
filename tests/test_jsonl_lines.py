"""The JSON Lines of ``extract`` and ``build``: each line the bytes ``json.dumps`` makes of its record."""

from __future__ import annotations

import json

import pytest

from toolkit.formats.jsonl import dumps_article, segment_record
from toolkit.model import Article
from toolkit.sxs import parse_article


def _pair(number: int, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="ab12-{number}">{target}</span>'
        f'<span class="sxs-lookup"><span data-stu-id="ab12-{number}">{source}</span></span>'
    )


HARD = [
    ('Il dit « \\"oui\\" » \\\\ fin', 'He said "yes" \\ end'),
    ("Tab\tet </br> 😀 \U0001d518", "Tab\tand </br> 😀 \U0001d518"),
    ("**Gras** `code` [lien](https://x.test/a?b=1&c=2)", "**Bold** `code` [link](https://x.test/a?b=1&c=2)"),
    ("Contrôle \x01 \x1f \u2028 fin", "Control \x01 \x1f \u2028 end"),
]


def _article(data: bytes, path: str = "docs/fr-fr/a.md") -> Article:
    return parse_article(data, path)


def _expected(article: Article, ascii_only: bool) -> str:
    encode = json.JSONEncoder(ensure_ascii=ascii_only).encode
    return "".join(encode(segment_record(article, s)) + "\n" for s in article.segments)


@pytest.mark.parametrize("path", ["docs/fr-fr/a.md", 'dir "quoted"/fr-fr/ä\\b.md'])
def test_each_line_is_what_json_dumps_makes_of_the_record(path: str) -> None:
    body = [
        "---\nms.contentlocale: fr-fr\n---",
        "# " + _pair(1, *HARD[0]),
        "- " + _pair(2, *HARD[1]) + "\n  - " + _pair(3, *HARD[2]),
        "> [!NOTE]\n> " + _pair(4, *HARD[3]),
        "| a |\n|---|\n| " + _pair(5, "cellule", "cell") + " |",
    ]
    article = _article(("\n\n".join(body) + "\n").encode("utf-8"), path)
    assert len(article.segments) == 5
    assert {s.block.kind.value for s in article.segments} == {"heading", "list_item", "table_cell", "alert"}
    assert any(s.block.alert for s in article.segments) and any(s.block.list_depth == 2 for s in article.segments)
    assert dumps_article(article) == _expected(article, ascii_only=False)


def test_text_kept_from_invalid_utf8_is_escaped_as_json_dumps_does() -> None:
    article = _article(b"---\nms.contentlocale: fr-fr\n---\n\n" + _pair(1, "caf\xe9 ok", "caf\xc3\xa9").encode("latin-1") + b"\n")
    assert any(d.code == "P001" for d in article.diagnostics)
    lines = dumps_article(article)
    assert lines == _expected(article, ascii_only=True)
    assert lines.isascii() and "\\udce9" in lines
    assert json.loads(lines)["target"] == "caf\udce9 ok"


def test_an_article_without_pairs_has_no_lines() -> None:
    assert dumps_article(_article(b"# Title\n\nNo pairs.\n")) == ""
