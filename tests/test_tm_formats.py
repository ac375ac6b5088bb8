"""TMX, PO, XLIFF, JSONL and Moses on the seed articles: contents, round trips, validity."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from conftest import SCHEMAS, SEEDS, needs_schemas
from lxml import etree
from tm_support import MERGEABLE, round_trip, unit_key

from toolkit.cli import main
from toolkit.export import EXPORTERS, Options, by_locale
from toolkit.formats import moses, po, tmx, xliff, xliff12
from toolkit.formats.units import Alternative, Offer, Unit, Variant, article_units, distinct
from toolkit.formats.units import Options as WriterOptions
from toolkit.inline import parse_inline
from toolkit.model import Article, Code, CodeKind, Inline

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")


@pytest.mark.parametrize("name", MERGEABLE)
def test_every_reader_gives_back_the_segments(name: str, seed_articles: list[Article], tmp_path: Path) -> None:
    for article in seed_articles:
        expected = [unit_key(u) for u in article_units(article)]
        assert [unit_key(u) for u in round_trip(name, [article], tmp_path)] == expected
        assert len(expected) == 8


def test_tmx_header_and_units_tell_the_truth(seed_articles: list[Article]) -> None:
    stream = io.StringIO()
    tmx.write_tmx([u for a in seed_articles for u in article_units(a)], stream)
    root = etree.fromstring(stream.getvalue().encode())
    header = root.find("header")
    assert header is not None
    assert header.get("o-tmf") == tmx.ORIGINAL_FORMAT
    assert (header.get("segtype"), header.get("srclang"), header.get("datatype")) == ("sentence", "en-US", "markdown")
    tus = root.findall("body/tu")
    assert len(tus) == 40
    # the same sentence has the same tuid in all five locales
    assert len({tu.get("tuid") for tu in tus}) == 8
    first = tus[0]
    assert first.get("creationdate") == "20201001T000000Z"
    props = {p.get("type"): p.text for p in first.iter("prop")}
    assert props["x-block"] == "heading"
    assert props["x-ms.translationtype"] == "HT"
    assert props["x-ms.locfileid"] and props["x-ms.sourcegitcommit"] and str(props["x-path"]).endswith(".md")


def test_tmx_codes_are_level_2_not_escaped_html(seed_articles: list[Article]) -> None:
    french = next(a for a in seed_articles if a.locale == "fr-FR")
    text = "".join(tmx.dumps_unit(u) for u in article_units(french))
    assert '<bpt i="1" type="link">[</bpt>' in text
    assert '<ept i="1">](https://docs.microsoft.com/dynamics365/sales-enterprise/close-opportunity-won-lost-sales)</ept>' in text
    assert "&lt;a" not in text


@needs_schemas
def test_seed_exports_are_valid(seed_articles: list[Article], tmp_path: Path) -> None:
    EXPORTERS["tmx"](seed_articles, tmp_path, Options())
    EXPORTERS["xliff"](seed_articles, tmp_path, Options())
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")))
    assert all(dtd.validate(etree.parse(str(p))) for p in (tmp_path / "tmx").iterdir())
    assert all(schema.validate(etree.parse(str(p))) for p in (tmp_path / "xliff").iterdir())
    assert len(list((tmp_path / "xliff").iterdir())) == 5


def test_xliff_states_and_codes(seed_articles: list[Article]) -> None:
    french = next(a for a in seed_articles if a.locale == "fr-FR")
    machine = replace(french, metadata={**french.metadata, "ms.translationtype": "MT"})
    human_text, machine_text = xliff.dumps_file(french, 1), xliff.dumps_file(machine, 1)
    assert human_text.count('state="final"') == 8 and machine_text.count('state="translated"') == 8
    assert '<pc id="s1" dataRefStart="d1" dataRefEnd="d2">' in human_text
    assert '<data id="d1">[</data>' in human_text


def test_po_files_have_full_header_and_real_references(seed_articles: list[Article], tmp_path: Path) -> None:
    written = EXPORTERS["po"](seed_articles, tmp_path, Options(roots=("corpus",)))
    assert len(written.files) == 5
    norwegian = next(a for a in seed_articles if a.locale == "nb-NO")
    catalog = polib.pofile(str(tmp_path / "po" / "nb-NO" / (Path(norwegian.path).stem + ".po")))
    assert catalog.metadata["Language"] == "nb_NO"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["X-Generator"].startswith("loctk ")
    lines = Path(norwegian.path).read_text(encoding="utf-8").splitlines()
    for entry in catalog:
        _path, line = entry.occurrences[0]
        assert f'data-ttu-id="{entry.msgctxt}"' in lines[int(line) - 1]
        assert "block: " in entry.comment and "ms.translationtype: HT" in entry.comment
    assert len({e.msgctxt for e in catalog}) == len(catalog) == 8


def test_po_mt_fuzzy_marks_only_machine_translations(seed_articles: list[Article]) -> None:
    article = seed_articles[0]
    machine = replace(article, metadata={**article.metadata, "ms.translationtype": "MT"})
    assert all("fuzzy" in e.flags for e in po.article_catalog(machine, mt_fuzzy=True))
    assert not any("fuzzy" in e.flags for e in po.article_catalog(machine))
    assert not any("fuzzy" in e.flags for e in po.article_catalog(article, mt_fuzzy=True))


@pytest.mark.parametrize(("locale", "expected"), [("nb-NO", "nb_NO"), ("fr-fr", "fr_FR"), ("ms-my", "ms_MY"), ("ja", "ja")])
def test_gettext_language(locale: str, expected: str) -> None:
    assert po.gettext_language(locale) == expected


@needs_msgfmt
def test_seed_po_files_pass_msgfmt(seed_articles: list[Article], tmp_path: Path) -> None:
    written = EXPORTERS["po"](seed_articles, tmp_path, Options())
    compendium = EXPORTERS["po"](seed_articles, tmp_path / "compendium", Options(compendium=True))
    for path in written.files + compendium.files:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == "", result.stderr


def _repeated(article: Article) -> list[Unit]:
    units = article_units(article)
    return units + units[:3]


def test_moses_files_are_line_aligned_and_dedup_counts(seed_articles: list[Article]) -> None:
    source, target = io.StringIO(), io.StringIO()
    written, dropped = moses.write_moses(_repeated(seed_articles[0]), source, target, dedup=True)
    assert (written, dropped) == (8, 3)
    pairs = list(moses.read_moses(io.StringIO(source.getvalue()), io.StringIO(target.getvalue())))
    assert [p[0] for p in pairs] == [u.source.inline.text for u in article_units(seed_articles[0])]
    assert moses.line("one\ntwo\r\nthree") == "one two three"


def test_dedup_keeps_first_of_each_pair(seed_articles: list[Article]) -> None:
    units = _repeated(seed_articles[0])
    assert distinct(units, dedup=False) == (units, 0)
    assert distinct(units, dedup=True) == (units[:8], 3)


def test_export_groups_by_locale(seed_articles: list[Article]) -> None:
    groups = by_locale(seed_articles)
    assert sorted(groups) == ["fr-FR", "lv-LV", "ms-MY", "nb-NO", "nl-NL"]
    assert all(len(group) == 1 for group in groups.values())


def test_export_command_writes_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats = [arg for name in ("tmx", "po", "xliff", "jsonl", "moses") for arg in ("-f", name)]
    assert main(["export", str(SEEDS), *formats, "--dedup", "-o", str(tmp_path), "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{name}: 40 units in {count} files" for name, count in (("tmx", 5), ("po", 5), ("xliff", 5), ("jsonl", 5), ("moses", 10))
    ]
    assert sorted(p.name for p in (tmp_path / "moses").iterdir())[:2] == ["en-US_fr-FR.en-US", "en-US_fr-FR.fr-FR"]


def test_export_command_needs_a_format(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(SEEDS), "-o", str(tmp_path)])
    assert exit_info.value.code == 2


@needs_schemas
def test_xliff_writes_overlapping_codes_as_sc_ec(seed_articles: list[Article]) -> None:
    overlapping = Inline(
        "**a_b**c_",
        (
            Code(CodeKind.OPEN, "bold", "**", 1),
            "a",
            Code(CodeKind.OPEN, "italic", "_", 2),
            "b",
            Code(CodeKind.CLOSE, "bold", "**", 1),
            "c",
            Code(CodeKind.CLOSE, "italic", "_", 2),
        ),
        "abc",
    )
    article = seed_articles[0]
    segments = (replace(article.segments[0], source=overlapping, target=overlapping), *article.segments[1:])
    text = xliff.dumps_file(replace(article, segments=segments), 1)
    assert '<sc id="s1" dataRef="d1"/>a<sc id="s2" dataRef="d2"/>b<ec startRef="s1" dataRef="d1"/>' in text
    document = f'<xliff xmlns="{xliff.NAMESPACE}" version="2.0" srcLang="en-US" trgLang="x">{text}</xliff>'
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.fromstring(document.encode()))


@needs_schemas
def test_xliff12_codes_and_alternatives(seed_articles: list[Article], tmp_path: Path) -> None:
    french = next(a for a in seed_articles if a.locale == "fr-FR")
    units = article_units(french)
    match = Alternative(units[7].target.inline, "85", "memory")
    path = tmp_path / "fr.xlf"
    with open(path, "w", encoding="utf-8") as stream:
        assert xliff12.write(units, stream, WriterOptions(), offers={units[7].id: Offer(False, "85-94", (match,))}) == 8
    text = path.read_text(encoding="utf-8")
    assert '<g id="1" ctype="italic" equiv-text="_"><g id="2" ctype="bold" equiv-text="**">' in text
    assert '<bx id="1" rid="1" ctype="link" equiv-text="["/>' in text
    assert '<ex id="2" rid="1" equiv-text="](https://docs.microsoft.com/dynamics365/sales-enterprise/' in text
    assert '<alt-trans match-quality="85" origin="memory"><target xml:lang="fr-FR">' in text
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(etree.parse(str(path))), schema.error_log
    with open(path, "rb") as stream:
        assert [unit_key(u) for u in xliff12.read(stream)] == [unit_key(u) for u in units]


def test_xliff12_contents_and_notes_follow_what_they_hold_not_what_was_written_before() -> None:
    """The writer memoizes contents by markup and notes by text: the same markup read with
    other link definitions is written as what it reads as, and untrusted note text is
    escaped each time as the first time."""
    markup = "See [the guide][g] & 1 < 2."
    linked = parse_inline(markup, (("G", "guide.md"),))
    plain = parse_inline(markup)
    assert linked.markup == plain.markup and linked.parts != plain.parts
    first, second = xliff12.inline_content(plain), xliff12.inline_content(linked)
    assert "<bx" not in first and "&amp; 1 &lt; 2" in first
    assert '<bx id="1" rid="1" ctype="link" equiv-text="["/>' in second
    assert xliff12.inline_content(plain) == first and xliff12.inline_content(linked) == second
    units = [
        Unit("a-1", "a", (Variant("en-US", plain), Variant("de-DE", linked, "x-1", "a.md"))),
        Unit("a-2", "a", (Variant("en-US", linked), Variant("de-DE", plain, "x-2", "a.md"))),
    ]
    hostile = "</note><x/>\r&"
    offers = {unit.id: Offer(False, "new (0%)", notes=(("previous", hostile),)) for unit in units}
    stream = io.StringIO()
    assert xliff12.write(units, stream, WriterOptions(locale="de-DE"), offers) == 2
    text = stream.getvalue()
    assert text.count('<note from="previous">&lt;/note&gt;&lt;x/&gt;&#13;&amp;</note>') == 2
    document = etree.fromstring(text.encode())
    sources = document.findall(f".//{{{xliff12.NAMESPACE}}}source")
    assert [etree.tostring(s, encoding=str).count("<bx") for s in sources] == [0, 1]


def test_merge_tells_xliff_versions_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = SEEDS / "close-opportunity.fr-FR.md"
    assert main(["export", str(seed), "-f", "xliff", "-f", "xliff12", "-o", str(tmp_path / "x"), "-q"]) == 0
    for name in ("xliff", "xliff12"):
        path = tmp_path / "x" / name / "en-US_fr-FR.xlf"
        path.write_text(path.read_text(encoding="utf-8").replace("Fermer une opportunité", f"Clore ({name})"), encoding="utf-8")
        assert main(["merge", str(seed), "--from", str(path), "-o", str(tmp_path / name), "-q"]) == 0
        assert f'"2efcb-103">Clore ({name})</span>' in (tmp_path / name / seed.name).read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""
