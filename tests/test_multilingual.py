"""The multilingual TMX: one unit per English sentence, one variant per locale, DTD-valid."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import SCHEMAS, needs_schemas
from lxml import etree

from toolkit.cli import main
from toolkit.inline import parse_inline
from toolkit.model import Article
from toolkit.multilingual import MultilingualPart, export_multilingual_tmx, write_multilingual
from toolkit.outputs import OutputTree


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


def test_articles_aligned_side_by_side_in_workers_make_the_same_file(seed_articles: list[Article], tmp_path: Path) -> None:
    """Aligning each article's locales in worker processes (they read the spool themselves)
    writes the bytes and counts aligning here does: shifted numbers, a lone locale and a
    sentence only one locale has included."""
    first, second, *_ = seed_articles
    shifted = replace(first, segments=tuple(replace(s, id=f"{s.prefix}-{(s.number or 0) + 1}") for s in first.segments))
    other = replace(
        second, segments=(replace(second.segments[0], source=parse_inline("Another sentence.")), *second.segments[1:])
    )
    articles = [
        *seed_articles,
        *(replace(a, identity="B", path=f"b/{a.locale}.md") for a in (shifted, *seed_articles[1:])),
        replace(first, identity="C", path="c/only.md"),
        *(replace(a, identity="D", path=f"d/{a.locale}.md") for a in (first, other)),
    ]
    part = MultilingualPart()
    found = {}
    for jobs in (1, 2):
        with OutputTree(tmp_path / str(jobs), "export") as tree:
            written, aligned = write_multilingual((part(a) for a in articles), tree, jobs=jobs)
        found[jobs] = (written.files[0].read_bytes(), written.units, aligned)
    assert found[2] == found[1]
    aligned = found[1][2]
    assert aligned.by_text > 0 and len(aligned.unaligned) == 2 and aligned.total == found[1][1]
