"""The format contract, case by case, for every format of ``FORMATS``.

Each case is an article; every format writes its units (those it does not refuse), the
file passes the format's real validator (xmllint with the TMX DTD or the XLIFF schema,
``msgfmt --check``, a strict JSON parse, UTF-8 line counts for Moses), reads back to the
same units, and merging it back with no edit changes no byte of the article.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SCHEMAS
from tm_support import unit_key

from toolkit.formats import FORMATS, Format, moses
from toolkit.formats.units import Options, Unit, article_units
from toolkit.inline import parse_inline
from toolkit.merge import merge
from toolkit.model import Article
from toolkit.sxs import parse_article, write_text

PAIR = '<span data-ttu-id="abcde-{n}">{t}</span><span class="sxs-lookup"><span data-stu-id="abcde-{n}">{s}</span></span>'


def _article(pairs: list[tuple[str, str]], ids: list[int] | None = None) -> Article:
    numbers = ids or list(range(100, 100 + len(pairs)))
    body = "\n\n".join(PAIR.format(n=n, t=t, s=s) for n, (t, s) in zip(numbers, pairs, strict=True))
    text = "---\nms.contentlocale: de-DE\nms.openlocfilehash: abc\nms.translationtype: MT\nms.date: 10/01/2020\n---\n"
    return parse_article((text + body + "\n").encode("utf-8", "surrogateescape"), "de-DE/article.md")


CASES: dict[str, Article] = {
    "empty": _article([]),
    "one unit": _article([("Eins.", "One.")]),
    "unsafe characters": _article(
        [
            ("Eins\rzwei.", "One\rtwo."),
            ("Nul\x00 und \udcff.", "Nul\x00 and \udcff."),
            ("a\x01b\x0b", "a\x01b\x0b"),
            ("\ufffe", "\ufffe"),
            ("]]> & < > \" '", "]]>"),
        ]
    ),
    "every code kind": _article(
        [
            (
                "**Fett**, _kursiv_, `code`, [Link](x.md), ![Bild](b.png), <b>h</b>, <br/>, "
                "<xref:a.b>, [!INCLUDE [x](y.md)], &amp; und \\*.",
                "**Bold**, _italic_, `code`, [link](x.md), ![image](b.png), <b>h</b>, <br/>, "
                "<xref:a.b>, [!INCLUDE [x](y.md)], &amp; and \\*.",
            )
        ]
    ),
    "repeated ids": _article([("Eins.", "One."), ("Zwei.", "Two."), ("Eins.", "One.")], [101, 101, 101]),
    "whitespace and newlines": _article(
        [
            (" Raum ", " space "),
            ("\nNeue Zeile.", "New line."),
            ("Ende.\n", "End.\n"),
            ("Tab\tund\nZeile", "Tab\tand\nline"),
            ("", "Empty."),
        ]
    ),
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI installs it)")
    return path


def _xmllint(kind: str) -> Callable[[Path], str]:
    def check(path: Path) -> str:
        if not SCHEMAS.is_dir():
            pytest.skip("../shared/schemas is absent")
        schema = {
            "tmx": ["--dtdvalid", str(SCHEMAS / "tmx14.dtd")],
            "xliff": ["--schema", str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")],
            "xliff12": ["--schema", str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd")],
        }[kind]
        result = subprocess.run([_tool("xmllint"), "--noout", *schema, str(path)], capture_output=True, text=True)
        return "" if result.returncode == 0 else result.stderr

    return check


def _msgfmt(path: Path) -> str:
    result = subprocess.run([_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    return "" if result.returncode == 0 else result.stderr


def _json_lines(path: Path) -> str:
    for line in path.read_bytes().decode("utf-8").splitlines():
        json.loads(line)
    return ""


def _utf8(path: Path) -> str:
    path.read_bytes().decode("utf-8")
    return ""


VALIDATORS: dict[str, Callable[[Path], str]] = {
    "tmx": _xmllint("tmx"),
    "xliff": _xmllint("xliff"),
    "xliff12": _xmllint("xliff12"),
    "po": _msgfmt,
    "jsonl": _json_lines,
    "moses": _utf8,
}


def test_every_format_has_a_validator() -> None:
    assert set(VALIDATORS) == set(FORMATS)


def _write(form: Format, units: list[Unit], path: Path) -> int:
    with open(path, "w", encoding="utf-8") as stream:
        return form.write(units, stream, Options(locale="de-DE", mt_fuzzy=False))


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("case", list(CASES))
def test_contract(case: str, name: str, tmp_path: Path) -> None:
    form, article = FORMATS[name], CASES[case]
    units = article_units(article)
    kept = [u for u in units if not form.refuses(u)]
    path = tmp_path / f"file{form.suffixes[0] if form.suffixes else '.txt'}"
    assert _write(form, kept, path) == len(kept)
    assert VALIDATORS[name](path) == ""
    with open(path, "rb") as stream:
        back = list(form.read(stream))
    if not form.mergeable:
        assert [u.source.inline.text for u in back] == [moses.line(u.target.inline.text) for u in kept]
        return
    assert [unit_key(u) for u in back] == [unit_key(u) for u in kept]
    result = merge([article], [(str(path), back)])
    assert (result.changed, result.articles) == (0, ())
    assert [d.code for d in result.diagnostics] == []


@pytest.mark.parametrize("name", [name for name, form in FORMATS.items() if form.mergeable])
def test_merge_after_edit_changes_that_segment_only(name: str, tmp_path: Path) -> None:
    form, article = FORMATS[name], CASES["every code kind"]
    other = _article([("Eins.", "One."), *[(s.target.markup, s.source.markup) for s in article.segments]])
    units = article_units(other)
    edited = units[1].target.inline.markup.replace("Fett", "Stark").replace("kursiv", "schräg")
    units[1] = replace(units[1], variants=(units[1].source, replace(units[1].target, inline=parse_inline(edited))))
    path = tmp_path / f"file{form.suffixes[0]}"
    _write(form, units, path)
    with open(path, "rb") as stream:
        result = merge([other], [(str(path), form.read(stream))])
    assert (result.changed, result.diagnostics) == (1, ())
    (merged,) = result.articles
    expected = parse_inline(edited)
    assert [(s.target.text, s.target.codes) for s in merged.segments] == [
        (other.segments[0].target.text, ()),
        (expected.text, expected.codes),
    ]
    before, after = write_text(other), write_text(merged)
    start, end = other.segments[1].target_span
    assert after[:start] == before[:start] and after.endswith(before[end:])


def test_xliff_of_no_units_is_schema_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlf"
    _write(FORMATS["xliff"], [], path)
    assert VALIDATORS["xliff"](path) == ""
    assert 'trgLang="de-DE"' in path.read_text()


def test_refusals_say_why() -> None:
    units = {u.target.segment: u for u in article_units(CASES["whitespace and newlines"])}
    assert FORMATS["po"].refuses(units["abcde-101"]) == (
        "the English and the translation do not both begin and end with a newline (msgfmt --check refuses it)"
    )
    unsafe = article_units(CASES["unsafe characters"])
    assert FORMATS["po"].refuses(unsafe[1]) == "PO cannot carry U+0000"
    assert [FORMATS[n].refuses(u) for n in ("tmx", "xliff", "xliff12", "jsonl", "moses") for u in unsafe] == [""] * 25
