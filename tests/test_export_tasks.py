"""Who writes an export: each article's task writes its share (a PO file, or a fragment of its
locale's file), a task per locale joins the fragments, and the driver only counts, numbers and
renames. The bytes do not depend on how the work was spread, rules that cross the articles of a
locale (``--dedup``, XLIFF's ``<file>`` numbers) still hold, and a task run again or a failed
run leaves each file once and no fragment behind."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from toolkit.cli import main
from toolkit.export import ExportSink, Options, finish, write_locale
from toolkit.model import Article
from toolkit.outputs import MANIFEST, OutputTree
from toolkit.sxs import read_article

FORMATS = ("tmx", "xliff", "xliff12", "jsonl", "moses")
COPIES = 24


@pytest.fixture(scope="module")
def one_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One French article in 24 folders: one locale, every pair repeated in every article."""
    root = tmp_path_factory.mktemp("one-locale")
    for index in range(COPIES):
        folder = root / f"part{index:02}"
        folder.mkdir()
        shutil.copy(SEEDS / "close-opportunity.fr-FR.md", folder)
    return root


def tree_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def export(paths: list[str], out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["export", *paths, *(a for f in FORMATS for a in ("-f", f)), "-o", str(out), "-q"]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("dedup", [[], ["--dedup"]], ids=["all", "dedup"])
def test_one_locale_spread_over_two_processes_gives_the_bytes_of_one(
    one_locale: Path, dedup: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = export([str(one_locale), *dedup, "--jobs", "1"], tmp_path / "one", capsys)
    two = export([str(one_locale), *dedup, "--jobs", "2"], tmp_path / "two", capsys)
    assert two == one
    assert tree_of(tmp_path / "two") == tree_of(tmp_path / "one")
    jsonl = (tmp_path / "two" / "jsonl" / "en-US_fr-FR.jsonl").read_text(encoding="utf-8")
    xliff = (tmp_path / "two" / "xliff" / "en-US_fr-FR.xlf").read_text(encoding="utf-8")
    if dedup:  # the pairs of the first article only: duplicates are dropped across the locale's articles
        assert jsonl.count("\n") == 8
        assert f"jsonl: 8 units in 1 files, {8 * (COPIES - 1)} duplicate pairs dropped" in two
    else:
        assert jsonl.count("\n") == 8 * COPIES
    files = 8 if dedup else COPIES  # a <file> per unit kept, or per article; numbered across the locale
    assert re.findall(r'<file id="f(\d+)"', xliff) == [str(n) for n in range(1, files + 1)]
    assert not temporaries(tmp_path / "two")


def add(sink: ExportSink, articles: list[Article]) -> None:
    """The articles' pieces, settled in batches of two, as a worker hands them back."""
    part = sink.part()
    for start in range(0, len(articles), 2):
        for piece in part.settle([part(article) for article in articles[start : start + 2]]):
            sink.add(piece)


def test_the_driver_gets_names_and_counts_not_text(tmp_path: Path) -> None:
    """An article's piece names its fragment; the text stays in the fragment, beside the file
    it is for, until the locale's task joins it."""
    article = read_article(str(SEEDS / "close-opportunity.fr-FR.md"))
    with OutputTree(tmp_path, "export") as tree:
        sink = ExportSink("tmx", tree, Options())
        part = sink.part()
        made = part(article)
        assert made.share is not None and made.written is None  # held in the worker until its batch is settled
        [piece] = part.settle([made])
        assert piece.written is not None and piece.share is None
        temporary, path = piece.written
        fragment = Path(temporary).read_bytes()
        assert Path(temporary).parent == path.parent == tmp_path / "tmx"
        assert len(pickle.dumps(piece)) < len(fragment) / 4
        sink.add(piece)
        assert not Path(temporary).exists()  # renamed to its number
        assert [written.units for written in finish([sink])] == [8]
    assert (tmp_path / "tmx" / "en-US_fr-FR.tmx").read_text(encoding="utf-8").count("<tu ") == 8
    assert not temporaries(tmp_path)


def test_a_locale_task_run_again_leaves_one_file(tmp_path: Path) -> None:
    """A task whose worker died is run again: the first copy is never adopted, and neither it
    nor the fragments stay."""
    articles = [read_article(str(path)) for path in sorted(SEEDS.glob("*.md"))]
    expected = tmp_path / "expected"
    with OutputTree(expected, "export") as tree:
        sink = ExportSink("moses", tree, Options(dedup=True))
        add(sink, articles)
        finish([sink])
    out = tmp_path / "out"
    with OutputTree(out, "export") as tree:
        sink = ExportSink("moses", tree, Options(dedup=True))
        add(sink, articles)
        tasks = sink.tasks()
        lost = [write_locale(task) for task in tasks]  # lost with their worker
        written = sink.finished(tasks, [write_locale(task) for task in tasks])
        assert all(Path(temporary).exists() for result in lost for temporary, _path in result.files)
    assert (written.units, len(written.files), len(set(written.files))) == (40, 10, 10)
    assert tree_of(out) == tree_of(expected)
    assert not temporaries(out)


def test_a_failed_export_leaves_no_fragment(tmp_path: Path) -> None:
    articles = [read_article(str(path)) for path in sorted(SEEDS.glob("*.md"))]
    with pytest.raises(RuntimeError), OutputTree(tmp_path, "export") as tree:
        sink = ExportSink("xliff", tree, Options())
        add(sink, articles)
        assert temporaries(tmp_path)
        raise RuntimeError("the run fails before the locales are joined")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [MANIFEST]


def test_a_batch_writes_one_fragment_per_locale(one_locale: Path, tmp_path: Path) -> None:
    """The articles of a batch go to one fragment per locale, named by the first of them; the
    driver numbers the fragments, one per batch and locale, not per article."""
    articles = [read_article(str(path)) for path in sorted([*one_locale.rglob("*.md"), *SEEDS.glob("*.md")])]
    with OutputTree(tmp_path, "export") as tree:
        sink = ExportSink("jsonl", tree, Options())
        part = sink.part()
        pieces = part.settle([part(article) for article in articles])
        named = [piece for piece in pieces if piece.written]
        assert sorted(piece.locale for piece in named) == sorted({article.locale for article in articles})
        assert len(fragments := temporaries(tmp_path)) == len(named)
        for piece in pieces:
            sink.add(piece)
        assert {task.fragments for task in sink.tasks()} == {1}
        [written] = finish([sink])
    assert written.units == 8 * (COPIES + 5)
    assert not any(fragment.exists() for fragment in fragments)
