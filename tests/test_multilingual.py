"""The multilingual TMX: one unit per English sentence, one variant per locale, DTD-valid."""

from __future__ import annotations

from pathlib import Path

from conftest import SCHEMAS, needs_schemas
from lxml import etree

from toolkit.cli import main
from toolkit.model import Article
from toolkit.multilingual import export_multilingual_tmx


@needs_schemas
def test_seed_multilingual_tmx_is_dtd_valid_with_every_locale(seed_articles: list[Article], tmp_path: Path) -> None:
    written, aligned = export_multilingual_tmx(seed_articles, tmp_path)
    tree = etree.parse(str(written.files[0]))
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(tree)
    units = tree.findall(".//tu")
    assert len(units) == written.units == len(seed_articles[0].segments)
    languages = [[tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")] for tu in units]
    assert all(found[0] == "en-US" and len(found) == 6 for found in languages)
    assert aligned.complete() == len(units)


def test_multilingual_needs_tmx(tmp_path: Path) -> None:
    seeds = str(Path(__file__).resolve().parents[1] / "corpus")
    assert main(["export", seeds, "-f", "po", "--multilingual", "-o", str(tmp_path), "-q"]) == 2
    assert main(["export", seeds, "-f", "tmx", "--multilingual", "-o", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "tmx" / "multilingual.tmx").is_file()
