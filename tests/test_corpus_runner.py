"""Running work over many files: order, processes, progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from conftest import FIXTURES, ROOT, SEEDS

from toolkit import corpus
from toolkit.corpus import Progress, article_key, run


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_results_come_back_in_path_order_with_processes() -> None:
    paths = [f"sxs/{locale}/articles/{name}.md" for locale in ("de-DE", "fr-fr", "ja-JP") for name in "cab"]
    assert list(run(len, paths, jobs=2)) == [len(p) for p in paths]


PATHS = [f"sxs/{locale}/articles/{name}.md" for locale in ("de-DE", "fr-fr", "ja-JP") for name in "abc"]


def test_a_streaming_run_holds_no_result_back() -> None:
    """Each result is handed on before the next file is read: memory does not grow with the corpus."""
    events: list[str] = []

    def work(path: str) -> str:
        events.append(f"read {path}")
        return path

    for result in run(work, PATHS):
        events.append(f"got {result}")
    assert events == [event for path in PATHS for event in (f"read {path}", f"got {path}")]


def batch_of(results: list[int]) -> list[int]:
    """Each result with the first of its batch (``1000 * first + result``)."""
    return [1000 * results[0] + result for result in results]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_settled_run_settles_consecutive_batches_and_answers_in_path_order(jobs: int) -> None:
    """``settle`` sees the results of consecutive paths together, where they were made; the
    results still come back one per path, in path order."""
    paths = [f"{number:03}" for number in range(100)]
    settled = [divmod(result, 1000)[::-1] for result in run(int, paths, jobs=jobs, settle=batch_of)]
    assert [result for result, _first in settled] == list(range(100))
    firsts = sorted({first for _result, first in settled})
    assert 1 < len(firsts) < 100  # batches, not one per path nor one for all
    assert all(first <= result < next((f for f in firsts if f > first), 100) for result, first in settled)


def test_each_settled_batch_travels_as_one_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's results fill one message already: tasks of many batches made messages (and
    the memory of both processes) grow with the corpus."""
    sizes: list[int] = []

    class Pool:
        def map(self, work: Callable[[object], object], todo: list[object], chunksize: int = 1) -> Iterator[object]:
            sizes.append(chunksize)
            return map(work, todo)

    token = corpus._POOL.set(Pool())  # type: ignore[arg-type]
    try:
        paths = [f"{number:05}" for number in range(20_000)]
        assert len(list(run(int, paths, jobs=2, settle=batch_of))) == len(paths)
        list(run(int, paths, jobs=2))
    finally:
        corpus._POOL.reset(token)
    assert sizes[0] == 1
    assert sizes[1] > 1  # single paths still travel in chunks


def test_a_settled_run_is_not_grouped() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        run(len, PATHS, grouped=True, settle=batch_of)


def test_a_grouped_run_reads_by_article_and_answers_in_path_order() -> None:
    read: list[str] = []

    def work(path: str) -> str:
        read.append(path)
        return path

    assert list(run(work, PATHS, grouped=True)) == PATHS
    assert read == sorted(PATHS, key=article_key) != PATHS
    assert list(run(len, PATHS, jobs=2, grouped=True)) == [len(p) for p in PATHS]


def test_an_unordered_grouped_run_hands_each_result_on_as_it_is_done() -> None:
    """Nothing held back: each result is handed on before the next file is read, by article."""
    events: list[str] = []

    def work(path: str) -> str:
        events.append(f"read {path}")
        return path

    for result in run(work, PATHS, grouped=True, ordered=False):
        events.append(f"got {result}")
    worked = sorted(PATHS, key=article_key)
    assert events == [event for path in worked for event in (f"read {path}", f"got {path}")]
    assert sorted(run(len, PATHS, jobs=2, grouped=True, ordered=False)) == sorted(len(p) for p in PATHS)


def test_locales_of_one_article_are_grouped() -> None:
    paths = sorted(f"sxs/{locale}/articles/{name}.md" for locale in ("de-DE", "fr-fr") for name in "ab")
    assert sorted(paths, key=article_key) == [
        "sxs/de-DE/articles/a.md",
        "sxs/fr-fr/articles/a.md",
        "sxs/de-DE/articles/b.md",
        "sxs/fr-fr/articles/b.md",
    ]


def test_progress_shows_on_a_terminal_only_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.1, 0.2, 1.0, 1.05, 1.3, 2.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))  # the clock toolkit.corpus reads
    stream = Terminal()
    bar = Progress(5, stream)
    for _ in range(5):
        bar.advance()
    bar.close()
    frames = stream.getvalue().split("\r")[1:]
    # hidden for the first half second, then at most ten updates a second, then wiped
    assert frames == ["[##################............] 3/5 files", "[##############################] 5/5 files", " " * 60, ""]


def test_no_progress_when_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(3, stream)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert stream.getvalue() == ""


_READ_TWICE = """
import gc, sys
from collections import Counter
from toolkit import caches
from toolkit.sxs import read_article
for path in sys.argv[1:]:  # once, for what is set up on first use (imports, locale data)
    read_article(path)
caches.clear()  # every memo empty: the second reading really parses
gc.collect()
gc.disable()
for path in sys.argv[1:]:
    read_article(path)
gc.set_debug(gc.DEBUG_SAVEALL)  # what the collection finds stays in gc.garbage, to be named
print(gc.collect(), Counter(type(o).__name__ for o in gc.garbage).most_common(8))
"""


def test_reading_leaves_no_cyclic_garbage_for_the_paused_collector() -> None:
    """In a fresh interpreter, so that what other tests left in this one neither hides a cycle nor adds one."""
    paths = [str(p) for p in (*sorted(SEEDS.glob("*.md")), FIXTURES / "blocks.md")]
    environment = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", _READ_TWICE, *paths], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0 "), done.stdout
