"""The Dask engine: the same bytes out as this machine's processes, and nothing lost or
doubled when a worker dies mid-run. One ``LocalCluster`` on the loopback interface (two
worker processes) serves the module."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS

from toolkit.cli import main
from toolkit.commands.articles import _extract_one
from toolkit.commands.common import each_done
from toolkit.engines import DaskEngine, using
from toolkit.export import ExportSink, Options, finish, write_locale
from toolkit.outputs import MANIFEST, OutputTree

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The cluster, and a connect timeout of seconds, not Dask's 30: fetching a result from a
    killed worker retries connecting until it runs out, before the task is run again elsewhere."""
    with dask.config.set({"distributed.comm.timeouts.connect": "5s"}):
        cluster = distributed.LocalCluster(  # ":0": any free port, as toolkit.engines asks
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        )
        try:
            yield cluster.scheduler_address
        finally:
            cluster.close(timeout=30)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 articles: the five seeds in 24 folders."""
    root = tmp_path_factory.mktemp("many")
    for index in range(24):
        folder = root / f"part{index:02}"
        folder.mkdir()
        for seed in SEEDS.glob("*.md"):
            shutil.copy(seed, folder / seed.name)
    return root


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*arguments, "-q"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "loctk-manifest.json"
    }


@pytest.mark.parametrize(
    "command",
    [["extract"], ["stats"], ["check", "--format", "json"], ["roundtrip"]],
    ids=lambda c: c[0],
)
def test_commands_print_the_same_on_both_engines(
    scheduler: str, many: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    local = run([*command, str(many), "--jobs", "2"], capsys)
    dask = run([*command, str(many), "--engine", "dask", "--scheduler", scheduler], capsys)
    assert dask == local
    assert local[1]


@pytest.mark.parametrize("options", [["-f", "tmx", "-f", "po", "-f", "jsonl"], ["-f", "tmx", "--multilingual"]], ids=str)
def test_exports_are_byte_identical_on_both_engines(
    scheduler: str, many: Path, options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", str(many), *options, "-o", str(tmp_path / "local"), "--jobs", "2"], capsys)[0] == 0
    assert (
        run(["export", str(many), *options, "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", scheduler], capsys)[
            0
        ]
        == 0
    )
    assert tree_of(tmp_path / "dask") == tree_of(tmp_path / "local")
    assert tree_of(tmp_path / "local")


def test_the_parquet_dataset_is_byte_identical_on_both_engines(
    scheduler: str, many: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    assert run(["extract", str(many), "-f", "parquet", "-o", str(tmp_path / "local")], capsys)[0] == 0
    assert (
        run(
            ["extract", str(many), "-f", "parquet", "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", scheduler],
            capsys,
        )[0]
        == 0
    )
    assert tree_of(tmp_path / "dask") == tree_of(tmp_path / "local")


def test_articles_read_from_git_on_the_workers(scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each worker process opens its own ``git cat-file`` on the repository named in the paths."""
    repo = tmp_path / "repo"
    shutil.copytree(SEEDS, repo)
    environment = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", "-C", str(repo), *step], check=True, env=os.environ | environment)
    local = run(["extract", f"{repo}@HEAD", "--jobs", "1"], capsys)
    assert run(["extract", f"{repo}@HEAD", "--engine", "dask", "--scheduler", scheduler], capsys) == local
    assert local[1].count("\n") == 40


def slow(path: str) -> str:
    time.sleep(0.02)
    return path.upper()


def kill_a_busy_worker(client: Any) -> tuple[str, int]:
    """SIGKILL the process of a worker that is running a task or holds a result not yet
    taken (either must be run again elsewhere); its address and pid."""
    for _ in range(500):
        busy = [address for address, keys in client.processing().items() if keys]
        busy += [address for address, keys in client.has_what().items() if keys]
        if busy:
            pid: int = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return busy[0], pid
        time.sleep(0.01)
    raise AssertionError("no worker was busy")


def wait_for_a_new_worker(client: Any, dead: str) -> None:
    """Until the scheduler has dropped the dead worker and the nanny's new one has joined: asking
    a worker the scheduler still lists but that is gone waits out the connect timeout."""
    deadline = time.monotonic() + 60
    while dead in (workers := client.scheduler_info()["workers"]) or len(workers) < 2:
        assert time.monotonic() < deadline, "the nanny started no new worker"
        time.sleep(0.02)


def taken_with_a_kill(client: Any, results: Iterable[Any], at: int) -> tuple[list[Any], tuple[str, int]]:
    """Every result, a busy worker killed (:func:`kill_a_busy_worker`) once the ``at``-th is taken."""
    taken = []
    killed = ("", 0)
    for index, result in enumerate(results):
        taken.append(result)
        if index == at:
            killed = kill_a_busy_worker(client)
    return taken, killed


@pytest.mark.parametrize("work", [slow, _extract_one], ids=["slow", "extract"])
def test_a_worker_killed_mid_run_loses_nothing_and_doubles_nothing(scheduler: str, many: Path, work: Any) -> None:
    paths = sorted(str(p) for p in many.rglob("*.md"))[: 48 if work is slow else None]
    expected = [work(path) for path in paths]
    with DaskEngine(scheduler, partition=4) as engine:
        pids_before = set(engine.client.run(os.getpid).values())
        results, killed = taken_with_a_kill(engine.client, engine.map(work, paths), 8)
        assert killed[1] in pids_before
        assert results == expected
        wait_for_a_new_worker(engine.client, killed[0])  # the next test has two workers again
        assert killed[1] not in set(engine.client.run(os.getpid).values())


@pytest.mark.parametrize(
    ("name", "options"),
    [("po", Options()), ("tmx", Options()), ("moses", Options(dedup=True))],
    ids=["po", "tmx", "moses --dedup"],
)
def test_a_worker_killed_while_writing_articles_leaves_each_once(
    scheduler: str, many: Path, name: str, options: Options, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each article's task writes its PO file, or its fragment of its locale's file: a task run
    again writes its files again under new names, and only those of the result the driver
    takes count, so the tree is complete, holds each file once and no temporary file of the
    killed worker."""
    local = tmp_path / "local"
    assert run(["export", str(many), "-f", name, *(["--dedup"] if options.dedup else []), "-o", str(local)], capsys)[0] == 0
    paths = sorted(str(p) for p in many.rglob("*.md"))
    out = tmp_path / "dask"
    with DaskEngine(scheduler, partition=4) as engine, using(engine), OutputTree(out, "export", paths) as tree:
        sink = ExportSink(name, tree, replace(options, roots=(str(many),)))
        pids_before = set(engine.client.run(os.getpid).values())
        done, killed = taken_with_a_kill(engine.client, each_done(paths, [sink.part()]), 8)
        for each in done:
            sink.add(each.results[0])
        written = finish([sink])[0]
        wait_for_a_new_worker(engine.client, killed[0])  # the next test has two workers again
    assert killed[1] in pids_before
    assert len(written.files) == len(set(written.files)) == len(tree_of(local))
    assert written.units == (8 * 5 if options.dedup else 8 * len(paths))  # a locale's pairs once, or every article's
    assert tree_of(out) == tree_of(local)
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8")) == json.loads((local / MANIFEST).read_text(encoding="utf-8"))
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_worker_killed_while_joining_locales_leaves_each_file_once(
    scheduler: str, many: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A locale's file is written by its task; the task of a killed worker runs again, and the
    driver adopts one copy: each file once, whole, no fragment or copy left."""
    local = tmp_path / "local"
    assert run(["export", str(many), "-f", "xliff", "-o", str(local)], capsys)[0] == 0
    paths = sorted(str(p) for p in many.rglob("*.md"))
    out = tmp_path / "dask"
    with DaskEngine(scheduler, partition=1) as engine, OutputTree(out, "export", paths) as tree:
        sink = ExportSink("xliff", tree, Options((str(many),)))
        for done in each_done(paths, [sink.part()]):  # on this machine
            sink.add(done.results[0])
        tasks = sink.tasks()
        results, killed = taken_with_a_kill(engine.client, engine.map(write_locale, tasks), 0)
        written = sink.finished(tasks, results)
        wait_for_a_new_worker(engine.client, killed[0])  # the next test has two workers again
    assert killed[1]
    assert (len(written.files), len(set(written.files)), written.units) == (5, 5, 8 * len(paths))
    assert tree_of(out) == tree_of(local)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_scheduler_without_the_dask_engine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(SEEDS), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err
