"""Merging edited translations back, and exports of arbitrary segments staying valid."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import SCHEMAS, SEEDS, needs_schemas
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from toolkit.cli import main
from toolkit.export import EXPORTERS, Options
from toolkit.formats import po, tmx
from toolkit.formats.units import article_units
from toolkit.inline import parse_inline
from toolkit.merge import merge, read_units
from toolkit.model import Article, Block, BlockKind, Segment
from toolkit.sxs import parse_article, read_article, write_text

SEED = SEEDS / "close-opportunity.fr-FR.md"
EDITS = {
    "2efcb-105": "Les opportunités peuvent être fermées comme conclues ou perdues.",
    "2efcb-107": "Impossible de fermer l'opportunité tant que des devis actifs y sont associés.",
    "2efcb-110": "Voir [Fermer des opportunités](https://docs.microsoft.com/dynamics365/sales-enterprise/"
    "close-opportunity-won-lost-sales).",
}


def _edited_po(tmp_path: Path) -> Path:
    path = tmp_path / "fr.po"
    po.save(po.article_catalog(read_article(SEED)), path)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = EDITS.get(entry.msgctxt, entry.msgstr)
    catalog.save()
    return path


def test_merge_changes_exactly_the_edited_translations(tmp_path: Path) -> None:
    source = _edited_po(tmp_path)
    code = main(["merge", str(SEED), "--from", str(source), "-o", str(tmp_path / "out"), "-q"])
    assert code == 0
    original = read_article(SEED)
    expected = SEED.read_text(encoding="utf-8")
    for segment in sorted(original.segments, key=lambda s: -s.target_span[0]):
        if segment.id in EDITS:
            start, end = segment.target_span
            expected = expected[:start] + EDITS[segment.id] + expected[end:]
    merged = (tmp_path / "out" / SEED.name).read_bytes()
    assert merged == expected.encode("utf-8")
    assert merged != SEED.read_bytes()


def test_merge_reports_units_that_match_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _edited_po(tmp_path)
    catalog = polib.pofile(str(source))
    catalog[0].msgctxt = "2efcb-999"
    catalog[1].msgid = "An English sentence that changed."
    catalog.save()
    code = main(["merge", str(SEED), "--from", str(source), "-o", str(tmp_path / "out"), "-q", "--strict"])
    err = capsys.readouterr().err
    assert code == 1  # warnings fail under --strict
    assert "[T002]" in err and "2efcb-999" in err
    assert "[T003]" in err


@pytest.mark.parametrize("name", ["tmx", "xliff"])
def test_merge_from_xml_formats_is_a_no_op_when_nothing_changed(name: str, tmp_path: Path) -> None:
    article = read_article(SEED)
    written = EXPORTERS[name]([article], tmp_path, Options())
    result = merge([article], [(str(written.files[0]), read_units(written.files[0]))])
    assert (result.changed, result.articles, result.diagnostics) == (0, (), ())


_MARKUP = st.sampled_from(
    [
        "**",
        "*",
        "_",
        "`",
        "[",
        "](x.md)",
        "<b>",
        "</b>",
        "<br/>",
        "&amp;",
        "&",
        "<",
        ">",
        "\\",
        "\x00",
        "\x01",
        "\x0b",
        "\x1f",
        "\ufffe",
        "\uffff",
        "\udc80",
        "\r",
        "\n",
        "]]>",
        '"',
        "'",
    ]
)
_HALF = st.lists(st.one_of(st.text(max_size=8), _MARKUP), max_size=12).map("".join)


def _article(halves: list[tuple[str, str]]) -> Article:
    segments = tuple(
        Segment(f"abcde-{n}", parse_inline(target), parse_inline(source), Block(BlockKind.PARAGRAPH, n), n + 1, 1, (0, 0), (0, 0))
        for n, (source, target) in enumerate(halves, 100)
    )
    metadata = {"ms.date": "10/01/2020", "ms.translationtype": "MT", "ms.locfileid": "1\x01"}
    return Article("a b/ünïcode.md", "nb-NO", "f" * 40, metadata, "", "", segments)


@needs_schemas
@settings(max_examples=60)
@given(st.lists(st.tuples(_HALF, _HALF), min_size=1, max_size=4))
def test_arbitrary_segments_always_make_valid_files(
    tmp_path_factory: pytest.TempPathFactory, halves: list[tuple[str, str]]
) -> None:
    assert _DTD is not None and _XSD is not None
    article = _article(halves)
    out = tmp_path_factory.mktemp("any")
    for name in ("tmx", "xliff", "po"):
        EXPORTERS[name]([article], out, Options(mt_fuzzy=True))
    assert _DTD.validate(etree.parse(str(out / "tmx" / "en-US_nb-NO.tmx")))
    assert _XSD.validate(etree.parse(str(out / "xliff" / "en-US_nb-NO.xlf"))), _XSD.error_log
    units = list(tmx.read_tmx(out / "tmx" / "en-US_nb-NO.tmx"))
    # every unit the export did not refuse reads back with the same text and codes
    kept = [u for u in article_units(article) if not tmx.refuses(u)]
    assert [(u.target.inline.text, u.target.inline.codes) for u in units] == [
        (u.target.inline.text, u.target.inline.codes) for u in kept
    ]
    if shutil.which("msgfmt"):
        (po_file,) = (out / "po").rglob("*.po")
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_file)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert len(list(po.read_po(po_file))) == sum(not po.refuses(u) for u in article_units(article))


_DTD = etree.DTD(str(SCHEMAS / "tmx14.dtd")) if SCHEMAS.is_dir() else None
_XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd"))) if SCHEMAS.is_dir() else None


def test_merge_leaves_a_repeated_id_to_the_translator(tmp_path: Path) -> None:
    pair = '<span data-ttu-id="abcde-101">{}</span><span class="sxs-lookup"><span data-stu-id="abcde-101">{}</span></span>'
    text = "---\nms.contentlocale: de-DE\n---\n" + pair.format("Eins.", "One.") + "\n\n" + pair.format("Zwei.", "Two.") + "\n"
    article = parse_article(text, "twice.md")
    catalog = po.article_catalog(article)
    assert [e.msgctxt for e in catalog] == ["abcde-101", "abcde-101_2"]
    catalog[0].msgstr, catalog[1].msgstr = "Erstens.", "Zweitens."
    po.save(catalog, tmp_path / "edit.po")
    result = merge([article], [("edit.po", po.read_po(tmp_path / "edit.po"))])
    assert result.changed == 1
    assert [d.code for d in result.diagnostics] == ["T008"]
    merged = write_text(result.articles[0])
    assert "Erstens." in merged and "Zweitens." not in merged and "Zwei." in merged
