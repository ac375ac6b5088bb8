"""Exports of the whole 12-locale corpus: checked by xmllint, msgfmt and translate-toolkit, read back."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SCHEMAS, SXS, needs_corpus, needs_schemas
from tm_support import flat, plain, unit_key

from toolkit.export import EXPORTERS, Options, Written, by_locale, units_of
from toolkit.formats import jsonl, moses, po, tmx, xliff
from toolkit.formats.units import Unit
from toolkit.model import Article

pytestmark = [needs_corpus, pytest.mark.corpus]

SEGMENTS = 358_794
ARTICLES = 6_660


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI installs it)")
    return path


@pytest.fixture(scope="module")
def exports(corpus_articles: list[Article], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Written]:
    out = tmp_path_factory.mktemp("corpus-exports")
    options = Options(roots=(str(SXS),))
    written = {name: EXPORTERS[name](corpus_articles, out, options) for name in ("tmx", "po", "xliff", "jsonl", "moses")}
    written["compendium"] = EXPORTERS["po"](corpus_articles, out / "compendium", Options(compendium=True))
    return written


@pytest.fixture(scope="module")
def expected(corpus_articles: list[Article]) -> list[list[Unit]]:
    """The units of each locale, in the order of the per-locale files."""
    return [units_of(group) for group in by_locale(corpus_articles).values()]


def test_every_export_has_every_segment(exports: dict[str, Written]) -> None:
    assert {name: w.units for name, w in exports.items()} == dict.fromkeys(exports, SEGMENTS)
    assert len(exports["po"].files) == ARTICLES
    assert len(exports["moses"].files) == 24
    assert len(exports["tmx"].files) == len(exports["xliff"].files) == len(exports["compendium"].files) == 12


def _run_all(commands: list[list[str]]) -> list[str]:
    """stderr of every command that failed."""
    def one(command: list[str]) -> str:
        result = subprocess.run(command, capture_output=True, text=True)
        return "" if result.returncode == 0 else result.stderr
    with ThreadPoolExecutor(4) as pool:
        return [error for error in pool.map(one, commands) if error]


@needs_schemas
def test_xmllint_accepts_every_tmx_and_xliff(exports: dict[str, Written]) -> None:
    xmllint = _tool("xmllint")
    dtd = str(SCHEMAS / "tmx14.dtd")
    xsd = str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")
    commands = [[xmllint, "--noout", "--dtdvalid", dtd, str(p)] for p in exports["tmx"].files]
    commands += [[xmllint, "--noout", "--schema", xsd, str(p)] for p in exports["xliff"].files]
    assert _run_all(commands) == []


def test_msgfmt_accepts_every_po(exports: dict[str, Written]) -> None:
    msgfmt = _tool("msgfmt")
    files = exports["po"].files + exports["compendium"].files
    assert _run_all([[msgfmt, "--check", "-o", "/dev/null", str(p)] for p in files]) == []


def test_translate_toolkit_finds_the_same_units(expected: list[list[Unit]], exports: dict[str, Written]) -> None:
    from translate.storage import pypo
    from translate.storage import tmx as tk_tmx
    from translate.storage import xliff2 as tk_xliff

    total = 0
    for tmx_file, xliff_file, po_file, units in zip(
        exports["tmx"].files, exports["xliff"].files, exports["compendium"].files, expected, strict=True
    ):
        tm = tk_tmx.tmxfile.parsefile(str(tmx_file)).units
        assert [(u.source, u.target) for u in tm] == [(flat(u.source.inline), flat(u.target.inline)) for u in units]
        xl = tk_xliff.Xliff2File.parsefile(str(xliff_file)).units
        assert [(u.source, u.target) for u in xl] == [(plain(u.source.inline), plain(u.target.inline)) for u in units]
        catalog = [u for u in pypo.pofile.parsefile(str(po_file)).units if not u.isheader()]
        assert [(u.source, u.target) for u in catalog] == [(u.source.inline.markup, u.target.inline.markup) for u in units]
        total += len(units)
    assert total == SEGMENTS


def test_readers_give_back_every_segment(expected: list[list[Unit]], exports: dict[str, Written]) -> None:
    readers = {"tmx": tmx.read_tmx, "xliff": xliff.read_xliff, "compendium": po.read_po, "jsonl": _read_jsonl}
    different = dict.fromkeys(readers, 0)
    for index, units in enumerate(expected):
        keys = [unit_key(u) for u in units]
        for name, reader in readers.items():
            back = [unit_key(u) for u in reader(exports[name].files[index])]
            assert len(back) == len(keys), name
            different[name] += sum(a != b for a, b in zip(back, keys, strict=True))
    assert different == dict.fromkeys(readers, 0)


def test_moses_lines_are_the_segments(expected: list[list[Unit]], exports: dict[str, Written]) -> None:
    files = exports["moses"].files
    for index, units in enumerate(expected):
        with open(files[2 * index], encoding="utf-8") as source, open(files[2 * index + 1], encoding="utf-8") as target:
            pairs = list(moses.read_moses(source, target))
        assert pairs == [(moses.line(u.source.inline.text), moses.line(u.target.inline.text)) for u in units]


def _read_jsonl(path: Path) -> list[Unit]:
    with open(path, encoding="utf-8") as stream:
        return list(jsonl.read_pairs(stream))
