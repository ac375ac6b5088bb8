"""Where per-file work runs: this machine's processes (``--engine local``, the default) or a
Dask cluster (``--engine dask [--scheduler ADDRESS]``).

Every command spreads its per-file work through :func:`toolkit.corpus.run`, whose contract
is an ordered map: ``work(path)`` for each path, results in the order of the paths. An
engine is another implementation of that map, chosen for one run with :func:`using`; the
commands do not know which one ran. So the same top-level, picklable per-file function runs
on the workers of a cluster, and every output is made in path order wherever it is written
(by the driver, or by the tasks: Parquet parts, PO files, the fragments and the locale files
of an export, which the driver renames into place in order): the bytes out are the engine's
business not at all (``tests/test_engines.py`` compares them).

The Dask engine cuts the path list into partitions (tasks of a few hundred files at most,
four per worker thread at least) and keeps a window of them submitted, twice the cluster's
threads, so neither the workers nor the driver hold more than that many partitions'
results whatever the corpus. Results are taken in order as they finish. A task whose
worker dies is run again by the scheduler on another worker (and one that raises, up to
:data:`RETRIES` times); as its result is taken exactly once, in its place, the output is
complete and holds nothing twice. Without ``--scheduler`` a cluster of ``--jobs`` worker
processes is started on this machine for the run.
"""

from __future__ import annotations

import argparse
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from toolkit.errors import UsageError

R = TypeVar("R")
T = TypeVar("T")

RETRIES = 2
"""Reruns of a task that raised (a task lost with its worker is rerun by the scheduler)."""
LARGEST_PARTITION = 256


class Engine(Protocol):
    def map(self, work: Callable[[T], R], paths: Sequence[T]) -> Iterator[R]:
        """``work(path)`` for every path, results in the order of ``paths``."""
        ...


_CURRENT: ContextVar[Engine | None] = ContextVar("engine", default=None)


def current() -> Engine | None:
    """The engine chosen for this run, or None for this machine's processes."""
    return _CURRENT.get()


@contextmanager
def using(engine: Engine | None) -> Iterator[None]:
    token = _CURRENT.set(engine)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--engine`` and ``--scheduler`` (with the run options of every command that reads articles)."""
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: processes of this machine (--jobs); dask: the workers of a Dask cluster",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="--engine dask: the scheduler (tcp://host:8786); default: a cluster started here"
    )


@contextmanager
def from_args(args: argparse.Namespace) -> Iterator[None]:
    """The engine a command line asks for, for the time of the run."""
    if getattr(args, "engine", "local") != "dask":
        if getattr(args, "scheduler", None):
            raise UsageError("--scheduler goes with --engine dask")
        yield
        return
    with DaskEngine(args.scheduler, workers=getattr(args, "jobs", 1)) as engine, using(engine):
        yield


class DaskEngine:
    """Partitions of the path list as tasks on a Dask cluster (a context manager)."""

    def __init__(self, scheduler: str | None, workers: int = 1, partition: int | None = None) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.partition = partition
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEngine:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--engine dask needs dask.distributed: pip install 'toolkit[scale]'") from None
        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="30s")  # type: ignore[no-untyped-call]
            except OSError as error:
                raise UsageError(f"--scheduler {self.scheduler}: cannot connect ({error})") from None
        else:
            # ":0": the scheduler's HTTP server on any free port (None would mean 8787, and a
            # warning whenever another cluster on the machine holds it)
            self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
            )
            self.client = Client(self._cluster)  # type: ignore[no-untyped-call]
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map(self, work: Callable[[T], R], paths: Sequence[T]) -> Iterator[R]:
        threads = max(1, sum(self.client.nthreads().values()))
        size = self.partition or max(1, min(LARGEST_PARTITION, -(-len(paths) // (4 * threads))))
        parts = iter(range(0, len(paths), size))
        run = uuid.uuid4().hex[:12]
        window: deque[Any] = deque()

        def submit() -> None:
            start = next(parts, None)
            if start is not None:
                chunk = list(paths[start : start + size])
                key = f"loctk-{getattr(work, '__name__', 'work')}-{run}-{start}"
                window.append(self.client.submit(work_on, work, chunk, key=key, retries=RETRIES, pure=False))

        for _ in range(2 * threads):
            submit()
        try:
            while window:
                future = window.popleft()
                results: list[R] = future.result()
                future.release()
                submit()
                yield from results
        finally:
            if window:
                self.client.cancel(list(window))


def work_on(work: Callable[[T], R], paths: list[T]) -> list[R]:
    """One task: the work of a partition, on a worker."""
    return [work(path) for path in paths]
