"""``loctk extract -f parquet``: the segment dataset holds what the JSON Lines hold, plus where
each article came from, and the queries of ``docs/scale.md`` answer what the JSONL says."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEEDS, SXS, needs_corpus

from toolkit.cli import main
from toolkit.dataset import COLUMNS, SCHEMA_VERSION, part_tasks, write_part
from toolkit.outputs import Outlet, OutputTree
from toolkit.sxs import read_article

pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "scale.md").read_text(encoding="utf-8"), re.S)


def extract(paths: list[str], out: Path, *options: str) -> int:
    return main(["extract", *paths, "-f", "parquet", "-o", str(out), "-q", *options])


def rows(folder: Path) -> list[dict[str, Any]]:
    return [row for file in sorted(folder.rglob("*.parquet")) for row in pq.read_table(file).to_pylist()]


def jsonl(paths: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "segments.jsonl"
    assert main(["extract", *paths, "-o", str(out), "-q", "--jobs", "1"]) in (0, 1)  # (1: errors in some file)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_one_row_per_segment_with_the_jsonl_fields_and_the_origin(tmp_path: Path) -> None:
    assert extract([str(SEEDS)], tmp_path / "ds") == 0
    files = sorted(p.relative_to(tmp_path / "ds").as_posix() for p in (tmp_path / "ds").rglob("*.parquet"))
    assert files == [f"locale={locale}/part-00000.parquet" for locale in ("fr-FR", "lv-LV", "ms-MY", "nb-NO", "nl-NL")]
    table = pq.read_table(tmp_path / "ds" / files[0])
    assert table.schema.names == [name for name, _ in COLUMNS]
    assert table.schema.metadata[b"loctk.schema"] == SCHEMA_VERSION.encode()
    found = sorted(rows(tmp_path / "ds"), key=lambda r: (r["path"], r["line"], r["column"]))
    expected = sorted(jsonl([str(SEEDS)], tmp_path), key=lambda r: (r["path"], r["line"], r["column"]))
    assert [{k: r[k] for k in expected[0]} for r in found] == expected
    for row in found:
        hashed = subprocess.run(["git", "hash-object", row["path"]], capture_output=True, text=True, check=True)
        assert row["blob"] == hashed.stdout.strip()
        assert (row["repository"], row["revision"], row["translation_type"]) == (None, None, "HT")


def test_rows_read_from_git_name_the_repository_and_the_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.md").write_bytes((SEEDS / "close-opportunity.fr-FR.md").read_bytes())
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "one"]):
        subprocess.run(["git", "-C", str(repo), *step], check=True, env=environment | {"PATH": "/usr/bin:/bin"})
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    blob = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD:a.md"], capture_output=True, text=True).stdout.strip()
    assert extract([f"{repo}@HEAD"], tmp_path / "ds") == 0
    found = rows(tmp_path / "ds")
    assert len(found) == 8
    assert {(r["path"], r["repository"], r["revision"], r["blob"]) for r in found} == {
        (f"{repo}@HEAD:a.md", str(repo), commit, blob)
    }


OUTLET = Outlet(Path("out"), Path("/out"), (), frozenset())


@pytest.mark.parametrize("count", [0, 1, 15, 16, 17, 1000, 20_000])
def test_parts_are_cut_from_the_file_list_alone(count: int) -> None:
    """Every file in one part, in order; 16 to 256 files a part; the same cut for the same files."""
    files = [f"f{n:05}.md" for n in range(count)]
    tasks = part_tasks(files, OUTLET)
    assert [path for task in tasks for path in task.paths] == files
    assert [task.number for task in tasks] == list(range(len(tasks)))
    assert all(len(task.paths) <= 256 for task in tasks)
    assert all(len(task.paths) >= min(16, count) for task in tasks[:-1])
    assert len(tasks) <= 64 or all(len(task.paths) == 256 for task in tasks[:-1])
    assert part_tasks(files, OUTLET) == tasks


def test_a_part_written_twice_leaves_only_the_adopted_copy(tmp_path: Path) -> None:
    """As when a worker dies after writing its part and the task runs again elsewhere: the
    driver adopts one copy, and the run's end removes the other."""
    seeds = [str(p) for p in sorted(SEEDS.glob("*.md"))]
    with OutputTree(tmp_path / "ds", "test") as tree:
        (task,) = part_tasks(seeds, tree.outlet())
        lost = write_part(task)
        done = write_part(task)
        parts = sorted(path.relative_to(tmp_path / "ds").as_posix() for _, path, _ in done.files)
        assert parts == [f"locale={locale}/part-00000.parquet" for locale in ("fr-FR", "lv-LV", "ms-MY", "nb-NO", "nl-NL")]
        assert all(Path(temporary).is_file() for temporary, _, _ in (*lost.files, *done.files))
        for temporary, path, _ in done.files:
            tree.adopt(temporary, path)
    left = sorted(p.relative_to(tmp_path / "ds").as_posix() for p in (tmp_path / "ds").rglob("*") if p.is_file())
    assert left == sorted(["loctk-manifest.json", *parts])
    assert len(rows(tmp_path / "ds")) == sum(count for _, _, count in done.files) == 40


def test_the_dataset_is_byte_identical_run_to_run_and_over_processes(tmp_path: Path) -> None:
    for copy in range(8):  # 40 files: three parts
        for seed in SEEDS.glob("*.md"):
            (tmp_path / "in" / f"c{copy}").mkdir(parents=True, exist_ok=True)
            (tmp_path / "in" / f"c{copy}" / seed.name).write_bytes(seed.read_bytes())
    assert extract([str(tmp_path / "in")], tmp_path / "one", "--jobs", "1") == 0
    assert extract([str(tmp_path / "in")], tmp_path / "two", "--jobs", "2") == 0
    written = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.parquet"))
    assert {p.name for p in written} == {"part-00000.parquet", "part-00001.parquet", "part-00002.parquet"}
    assert written == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.parquet"))
    for file in written:
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()
    assert len(rows(tmp_path / "one")) == 320


def test_parquet_wants_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS), "-f", "parquet", "-q"]) == 2
    assert "-o DIR" in capsys.readouterr().err


def test_an_article_whose_locale_cannot_name_a_folder_is_refused_and_the_others_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS / "close-opportunity.fr-FR.md").read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.md").write_text(text.replace("ms.contentlocale: fr-FR", "ms.contentlocale: ../x"), encoding="utf-8")
    (tmp_path / "in" / "good.md").write_text(text, encoding="utf-8")
    assert extract([str(tmp_path / "in")], tmp_path / "ds") == 1
    assert "[O001]" in capsys.readouterr().err
    assert len(rows(tmp_path / "ds")) == 8


def answers(folder: Path) -> list[list[tuple[Any, ...]]]:
    pattern = f"{folder}/*/*.parquet"
    return [duckdb.sql(query.replace("DATASET/*/*.parquet", pattern)).fetchall() for query in QUERIES]


def from_jsonl(records: list[dict[str, Any]]) -> list[list[tuple[Any, ...]]]:
    """What the documented queries must answer, computed from ``extract``'s JSON Lines."""
    per_locale = Counter(r["locale"] for r in records)
    kinds = Counter((r["locale"], read_type(r["path"])) for r in records)
    shares = [(locale, kind, n, round(100.0 * n / per_locale[locale], 1)) for (locale, kind), n in sorted(kinds.items())]
    translations: dict[tuple[str, str], set[str]] = {}
    for r in records:
        translations.setdefault((r["source"], r["locale"]), set()).add(r["target"])
    most = sorted(((s, loc, len(t)) for (s, loc), t in translations.items()), key=lambda x: (-x[2], x[0], x[1]))[:10]
    return [sorted(per_locale.items()), shares, most]


_TYPES: dict[str, str] = {}


def read_type(path: str) -> str:
    if path not in _TYPES:
        _TYPES[path] = str(read_article(path).metadata.get("ms.translationtype"))
    return _TYPES[path]


def test_the_documented_queries_answer_what_the_jsonl_says(tmp_path: Path) -> None:
    assert len(QUERIES) == 3
    assert extract([str(SEEDS)], tmp_path / "ds") == 0
    assert answers(tmp_path / "ds") == from_jsonl(jsonl([str(SEEDS)], tmp_path))


@needs_corpus
@pytest.mark.exhaustive
def test_the_documented_queries_on_the_twelve_locales(tmp_path: Path) -> None:
    assert extract([str(SXS)], tmp_path / "ds") in (0, 1)
    assert answers(tmp_path / "ds") == from_jsonl(jsonl([str(SXS)], tmp_path))
