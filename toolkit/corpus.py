"""Many files at once: finding them, spreading them over processes, showing progress.

Work is a top-level function of one path, run in worker processes with ``jobs > 1``.
Results always come back in path order. By default paths are also worked on in that order,
so nothing waits and a streaming caller (``extract``) runs in memory that does not grow
with the corpus. A caller that keeps every result anyway can ask for ``grouped`` work:
the locales of one article together, so the memoized block parses and English halves
serve them all while fresh; results done early are held until their turn, which costs
such a caller nothing it does not hold already. A caller that puts results back in order
itself (it spools them, as ``check`` does) takes grouped results as they are done
(``ordered=False``), holding none back.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path
from typing import TextIO, TypeVar, cast

from toolkit.diagnostics import diagnostic
from toolkit.docs import without_locale_folders
from toolkit.engines import current as current_engine
from toolkit.errors import UsageError
from toolkit.model import Diagnostic
from toolkit.outputs import holds_output
from toolkit.sources import MARKDOWN_SUFFIXES, git_path, markdown_in_tree

R = TypeVar("R")
T = TypeVar("T")

_SEPARATOR = re.compile(r"[\\/]")


def find_markdown(paths: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """Markdown files named or found under folders (recursively), sorted, no repeats.

    A path that does not exist is a usage error; a folder without Markdown is a
    diagnostic, and the other paths are still used. Inside a folder, symbolic links are
    not followed out of it (reported), and the output tree of an earlier run (a folder
    with a manifest, see :mod:`toolkit.outputs`) is not read as input.
    """
    found: set[str] = set()
    problems: list[Diagnostic] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = _markdown_below(name, problems)
            if not inside:
                problems.append(diagnostic(name, 1, 1, "P020", "no Markdown files in this folder"))
            found.update(inside)
        elif path.is_file():
            found.add(name)
        elif where := git_path(name):  # GIT_DIR@REV[:PATH] (see toolkit.sources)
            inside = markdown_in_tree(where, MARKDOWN_SUFFIXES, problems)
            if not inside:
                problems.append(diagnostic(name, 1, 1, "P020", "no Markdown files in this folder"))
            found.update(inside)
        else:
            raise UsageError(f"{name}: no such file or folder")
    return sorted(found), problems


def _markdown_below(top: str, problems: list[Diagnostic]) -> list[str]:
    """The Markdown files below ``top`` that are really inside it."""
    root = os.path.realpath(top)
    found = []
    for folder, folders, files in os.walk(
        top,
        onerror=lambda error: problems.append(
            diagnostic(str(error.filename or top), 1, 1, "P021", f"cannot read this folder: {error.strerror}")
        ),
    ):
        for sub in list(folders):
            full = os.path.join(folder, sub)
            if os.path.islink(full):  # never walked (followlinks=False); reported when it leads out
                if not _within(os.path.realpath(full), root):
                    problems.append(diagnostic(full, 1, 1, "P023", f"symbolic link to a folder outside {top}; not followed"))
            elif holds_output(full):
                folders.remove(sub)
                problems.append(diagnostic(full, 1, 1, "P024", "output folder of an earlier run; not read as input"))
        for file in files:
            if not file.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            full = os.path.join(folder, file)
            if os.path.islink(full) and not _within(os.path.realpath(full), root):
                problems.append(diagnostic(full, 1, 1, "P023", f"symbolic link to a file outside {top}; not read"))
            elif os.path.isfile(full):
                found.append(full)
    return found


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def article_key(path: str) -> tuple[str, str]:
    """Sort key that puts the locales of one article next to each other.

    Cheap string work on purpose: it runs for every file before the workers start.
    """
    return without_locale_folders(path), path


def run(
    work: Callable[[T], R],
    paths: Sequence[T],
    jobs: int = 1,
    progress: bool = False,
    grouped: bool = False,
    ordered: bool = True,
    settle: Callable[[list[R]], list[R]] | None = None,
) -> Iterator[R]:
    """``work(path)`` for every path, in the order of ``paths`` (worked on grouped by
    article when ``grouped``, see the module's docstring), or as worked on when not ``ordered``.
    A path is usually a file's; it may be any picklable item of work (then not ``grouped``).

    ``settle`` (picklable) takes the results of a batch of consecutive paths where they were
    made and gives those that travel: an export writes a batch's text to one file per locale
    there, and only the file's name comes back.

    Inside :func:`shared_workers` the work is handed out at once, not when the first result
    is read: a command can start a run while it still reads the one before.

    The cyclic garbage collector is off in worker processes (the model holds no reference
    cycles); in this process the CLI pauses it around the whole run (:mod:`toolkit.cli`).
    """
    if settle is not None and (grouped or not ordered):
        raise ValueError("settled batches are consecutive paths, taken in order")
    order = sorted(range(len(paths)), key=lambda i: article_key(cast(str, paths[i]))) if grouped else range(len(paths))
    todo = [paths[i] for i in order]
    bar = Progress(len(paths), sys.stderr) if progress else None
    if settle is not None:
        size = _chunk(len(todo), jobs)
        batches = [todo[start : start + size] for start in range(0, len(todo), size)]
        settled = _dispatch(partial(_settled, work, settle), batches, jobs, chunk=1)
        return _in_order(order, (result for batch in settled for result in batch), bar)
    return _in_order(order, _dispatch(work, todo, jobs), bar, ordered)


def submit(work: Callable[[T], R], item: T) -> Callable[[], R]:
    """``work(item)`` as one task: handed to the shared workers at once inside
    :func:`shared_workers` (the command goes on and asks for the result later), else done
    when the result is asked for (on the engine, or here)."""
    shared = _POOL.get()
    if shared is not None and not current_engine():
        return shared.submit(work, item).result
    return partial(_one, work, item)


def _one(work: Callable[[T], R], item: T) -> R:
    (result,) = _run(work, [item], 1)
    return result


def _dispatch(work: Callable[[T], R], todo: list[T], jobs: int, chunk: int = 0) -> Iterator[R]:
    """``work`` over ``todo`` in order: on the engine, the shared workers, new ones or here.
    A task takes ``chunk`` items (by default a share of :func:`_chunk`): a settled batch is
    one task, since its results already fill one message (26 batches in one task were a
    100 MB message at four times the corpus, held whole by the worker and by this process)."""
    shared = _POOL.get()
    size = chunk or _chunk(len(todo), jobs)
    if shared is not None and jobs > 1 and len(todo) > 1 and not current_engine():
        return shared.map(work, todo, chunksize=size)
    return _run(work, todo, jobs, size)


def _settled(work: Callable[[T], R], settle: Callable[[list[R]], list[R]], batch: list[T]) -> list[R]:
    """One batch's results, settled where they were made (see :func:`run`)."""
    return settle([work(item) for item in batch])


def _chunk(count: int, jobs: int) -> int:
    return max(1, min(64, count // (jobs * 8)))


def _run(work: Callable[[T], R], todo: list[T], jobs: int, chunk: int = 0) -> Iterator[R]:
    with ExitStack() as stack:
        if engine := current_engine():  # --engine dask (toolkit.engines)
            done: Iterable[R] = engine.map(work, todo)
        elif jobs > 1 and len(todo) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, initializer=gc.disable))
            done = pool.map(work, todo, chunksize=chunk or _chunk(len(todo), jobs))
        else:
            done = map(work, todo)
        yield from done


def _in_order(order: Sequence[int], done: Iterable[R], bar: Progress | None, ordered: bool = True) -> Iterator[R]:
    """Results in path order: those done early are held until their turn (as done when not ``ordered``)."""
    results: dict[int, R] = {}  # never more than one in path order
    following = 0
    for index, result in zip(order, done, strict=True):
        if bar:
            bar.advance()
        if not ordered:
            yield result
            continue
        results[index] = result
        while following in results:
            yield results.pop(following)
            following += 1
    if bar:
        bar.close()


_POOL: ContextVar[ProcessPoolExecutor | None] = ContextVar("pool", default=None)


@contextmanager
def shared_workers(jobs: int) -> Iterator[None]:
    """Every run inside uses the same ``jobs`` worker processes (when ``jobs > 1``), so what
    they memoize (block parses, English halves, sentence cuts) serves all the runs of a
    command that makes several (``loctk update``: two per locale)."""
    if jobs <= 1 or current_engine():
        yield
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=gc.disable)
    token = _POOL.set(pool)
    try:
        yield
    finally:
        _POOL.reset(token)
        pool.shutdown(cancel_futures=True)  # work handed out for nothing (a failed run) is dropped


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this platform
        return os.cpu_count() or 1


class Progress:
    """A one-line bar on a terminal, shown only once a run has lasted half a second."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.count = 0
        self.started = time.monotonic()
        self.shown = 0.0
        self.enabled = stream.isatty()

    def advance(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and now - self.started > 0.5 and now - self.shown > 0.1:
            self.shown = now
            width = 30
            filled = width * self.count // max(1, self.total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
