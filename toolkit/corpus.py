"""Many files at once: finding them, spreading them over processes, showing progress.

Work is a top-level function of one path, run in worker processes with ``jobs > 1``.
Paths are worked on grouped by article (every locale of one article together), in one
process as in several: the memoized block parses and English halves then serve all those
locales while they are fresh (a tenth faster in one process). Results come back in path
order, held until their turn.
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
from pathlib import Path
from typing import TextIO, TypeVar

from toolkit.diagnostics import diagnostic
from toolkit.docs import without_locale_folders
from toolkit.errors import UsageError
from toolkit.model import Diagnostic

R = TypeVar("R")

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SEPARATOR = re.compile(r"[\\/]")


def find_markdown(paths: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """Markdown files named or found under folders (recursively), sorted, no repeats.

    A path that does not exist is a usage error; a folder without Markdown is a
    diagnostic, and the other paths are still used.
    """
    found: set[str] = set()
    problems: list[Diagnostic] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = [str(p) for p in path.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()]
            if not inside:
                problems.append(diagnostic(name, 1, 1, "P020", "no Markdown files in this folder"))
            found.update(inside)
        elif path.is_file():
            found.add(name)
        else:
            raise UsageError(f"{name}: no such file or folder")
    return sorted(found), problems


def article_key(path: str) -> tuple[str, str]:
    """Sort key that puts the locales of one article next to each other.

    Cheap string work on purpose: it runs for every file before the workers start.
    """
    return without_locale_folders(path), path


def run(work: Callable[[str], R], paths: Sequence[str], jobs: int = 1, progress: bool = False) -> Iterator[R]:
    """``work(path)`` for every path, in the order of ``paths``.

    The cyclic garbage collector is paused meanwhile (and off in worker processes): the
    model holds no reference cycles, so reference counting frees it all, and the collector
    would only re-scan the growing heap of memoized segments, a third of the parse time.
    """
    with cyclic_gc_paused():
        yield from _run(work, paths, jobs, Progress(len(paths), sys.stderr) if progress else None)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the model is acyclic, so its full collections
    would only traverse the parsed corpus (millions of objects) again and again.

    On the way out the survivors are frozen (moved to the permanent generation) before the
    collector comes back; otherwise its first pass would traverse every one of them. The
    reader leaves no cyclic garbage behind, so freezing loses nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _run(work: Callable[[str], R], paths: Sequence[str], jobs: int, bar: Progress | None) -> Iterator[R]:
    order = sorted(range(len(paths)), key=lambda i: article_key(paths[i]))
    grouped = [paths[i] for i in order]
    with ExitStack() as stack:
        if jobs > 1 and len(paths) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, initializer=gc.disable))
            done: Iterable[R] = pool.map(work, grouped, chunksize=max(1, min(64, len(paths) // (jobs * 8))))
        else:
            done = map(work, grouped)
        results: dict[int, R] = {}
        following = 0
        for index, result in zip(order, done, strict=True):
            results[index] = result
            if bar:
                bar.advance()
            while following in results:
                yield results.pop(following)
                following += 1
    if bar:
        bar.close()


def default_jobs() -> int:
    return min(4, os.cpu_count() or 1)


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
