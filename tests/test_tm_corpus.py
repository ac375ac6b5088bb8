"""Exports of the whole 12-locale corpus, read back by our readers; checked by xmllint, msgfmt
and translate-toolkit.

The default run exports a stratified sample of all twelve locales: per locale the largest
article, the one with the most kinds of inline code, the one with the most odd markup
(escapes, entities, CR, edge whitespace) and every article with reader diagnostics. Our own
readers read every file back, and the interop tools (xmllint, msgfmt, translate-toolkit)
check them. ``pytest -m exhaustive`` exports and reads back the whole corpus and runs the
tools on every file of it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import SCHEMAS, SXS, needs_corpus
from tm_support import flat, plain, unit_key

from toolkit.export import EXPORTERS, Options, Written, by_locale, units_of
from toolkit.formats import jsonl, moses, po, tmx, xliff
from toolkit.formats.units import Unit
from toolkit.model import Article

pytestmark = [needs_corpus, pytest.mark.corpus]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (CI installs it)")
    return path


def _export(articles: list[Article], out: Path) -> dict[str, Written]:
    options = Options(roots=(str(SXS),))
    written = {name: EXPORTERS[name](articles, out, options) for name in ("tmx", "po", "xliff", "jsonl", "moses")}
    written["compendium"] = EXPORTERS["po"](articles, out / "compendium", Options(compendium=True))
    return written


@pytest.fixture(scope="module")
def export_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[Article]], dict[str, Written]]:
    """Exports a list of articles once, however many fixtures ask for it."""
    done: dict[tuple[str, ...], dict[str, Written]] = {}

    def export(articles: list[Article]) -> dict[str, Written]:
        key = tuple(a.path for a in articles)
        if key not in done:
            done[key] = _export(articles, tmp_path_factory.mktemp("exports"))
        return done[key]

    return export


@pytest.fixture(scope="module", params=["sample", pytest.param("corpus", marks=pytest.mark.exhaustive)])
def exported(request: pytest.FixtureRequest, corpus_articles: list[Article]) -> list[Article]:
    """What the round-trip tests export: the sample, or the whole corpus under ``-m exhaustive``."""
    return corpus_articles if request.param == "corpus" else _sample(corpus_articles)


@pytest.fixture(scope="module")
def exports(exported: list[Article], export_once: Callable[[list[Article]], dict[str, Written]]) -> dict[str, Written]:
    return export_once(exported)


_ODD = re.compile(r"[\\&\r\t\x00-\x08]|^\s|\s$")
"""Markup a writer must take care with: escapes, entities, CR, tab, controls, edge whitespace."""


def _odd(article: Article) -> int:
    return sum(bool(_ODD.search(s.target.markup) or _ODD.search(s.source.markup)) for s in article.segments)


def _kinds(article: Article) -> int:
    return len({(c.kind, c.type) for s in article.segments for c in (*s.source.codes, *s.target.codes)})


def _sample(articles: list[Article]) -> list[Article]:
    """Per locale: the largest article, the one with the most kinds of code, the one with the
    most odd markup (:data:`_ODD`), and every one with reader diagnostics."""
    chosen: dict[str, Article] = {}
    for group in by_locale(articles).values():
        picks = (max(group, key=lambda a: len(a.segments)), max(group, key=_kinds), max(group, key=_odd))
        for article in (*picks, *(a for a in group if a.diagnostics)):
            chosen[article.path] = article
    return list(chosen.values())


@pytest.fixture(scope="module")
def sample(corpus_articles: list[Article], export_once: Callable[[list[Article]], dict[str, Written]]) -> dict[str, Written]:
    return export_once(_sample(corpus_articles))


def _per_locale(articles: list[Article]) -> list[list[Unit]]:
    """The units of each locale, in the order of the per-locale files."""
    return [units_of(group) for group in by_locale(articles).values()]


@pytest.fixture(scope="module")
def expected(exported: list[Article]) -> list[list[Unit]]:
    return _per_locale(exported)


@pytest.fixture(scope="module")
def sample_expected(corpus_articles: list[Article]) -> list[list[Unit]]:
    return _per_locale(_sample(corpus_articles))


def test_every_export_has_every_segment(exported: list[Article], exports: dict[str, Written]) -> None:
    segments = sum(len(a.segments) for a in exported)
    locales = len({a.locale for a in exported})
    assert {name: w.units for name, w in exports.items()} == dict.fromkeys(exports, segments)
    assert len(exports["po"].files) == len(exported)
    assert len(exports["moses"].files) == 2 * locales
    assert len(exports["tmx"].files) == len(exports["xliff"].files) == len(exports["compendium"].files) == locales


def test_the_sample_covers_every_locale_and_every_odd_article(corpus_articles: list[Article], sample: dict[str, Written]) -> None:
    chosen = _sample(corpus_articles)
    assert len(sample["tmx"].files) == 12
    assert len(sample["po"].files) == len(chosen) >= 12 + sum(bool(a.diagnostics) for a in corpus_articles)
    assert sample["tmx"].units >= 12 * 100
    assert sum(map(_odd, chosen)) >= 12


def _run_all(commands: list[list[str]]) -> list[str]:
    """stderr of every command that failed."""

    def one(command: list[str]) -> str:
        result = subprocess.run(command, capture_output=True, text=True)
        return "" if result.returncode == 0 else result.stderr

    with ThreadPoolExecutor(4) as pool:
        return [error for error in pool.map(one, commands) if error]


def _xmllint(written: dict[str, Written]) -> list[str]:
    if not SCHEMAS.is_dir():
        pytest.skip("../shared/schemas is absent")
    xmllint = _tool("xmllint")
    dtd = str(SCHEMAS / "tmx14.dtd")
    xsd = str(SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd")
    commands = [[xmllint, "--noout", "--dtdvalid", dtd, str(p)] for p in written["tmx"].files]
    commands += [[xmllint, "--noout", "--schema", xsd, str(p)] for p in written["xliff"].files]
    return _run_all(commands)


def _units(store: Any, path: Path) -> list[Any]:
    """The units translate-toolkit reads from a file (its storage classes are untyped)."""
    return list(store.parsefile(str(path)).units)


def _msgfmt(written: dict[str, Written]) -> list[str]:
    msgfmt = _tool("msgfmt")
    files = written["po"].files + written["compendium"].files
    return _run_all([[msgfmt, "--check", "-o", "/dev/null", str(p)] for p in files])


def _translate_toolkit(written: dict[str, Written], expected: list[list[Unit]]) -> int:
    """How many units translate-toolkit found, each the same as ours."""
    from translate.storage import pypo
    from translate.storage import tmx as tk_tmx
    from translate.storage import xliff2 as tk_xliff

    total = 0
    for tmx_file, xliff_file, po_file, units in zip(
        written["tmx"].files, written["xliff"].files, written["compendium"].files, expected, strict=True
    ):
        tm = _units(tk_tmx.tmxfile, tmx_file)
        assert [(u.source, u.target) for u in tm] == [(flat(u.source.inline), flat(u.target.inline)) for u in units]
        xl = _units(tk_xliff.Xliff2File, xliff_file)
        assert [(u.source, u.target) for u in xl] == [(plain(u.source.inline), plain(u.target.inline)) for u in units]
        catalog = [u for u in _units(pypo.pofile, po_file) if not u.isheader()]
        assert [(u.source, u.target) for u in catalog] == [(u.source.inline.markup, u.target.inline.markup) for u in units]
        total += len(units)
    return total


def test_xmllint_accepts_the_sample(sample: dict[str, Written]) -> None:
    assert _xmllint(sample) == []


def test_msgfmt_accepts_the_sample(sample: dict[str, Written]) -> None:
    assert _msgfmt(sample) == []


def test_translate_toolkit_finds_the_sample_units(sample_expected: list[list[Unit]], sample: dict[str, Written]) -> None:
    assert _translate_toolkit(sample, sample_expected) == sample["tmx"].units


@pytest.mark.exhaustive
def test_xmllint_accepts_every_tmx_and_xliff(exports: dict[str, Written]) -> None:
    assert _xmllint(exports) == []


@pytest.mark.exhaustive
def test_msgfmt_accepts_every_po(exports: dict[str, Written]) -> None:
    assert _msgfmt(exports) == []


@pytest.mark.exhaustive
def test_translate_toolkit_finds_the_same_units(expected: list[list[Unit]], exports: dict[str, Written]) -> None:
    assert _translate_toolkit(exports, expected) == exports["tmx"].units


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
