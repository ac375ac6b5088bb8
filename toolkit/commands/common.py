"""What every subcommand shares: run options, loading paths, reporting diagnostics, exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import TextIO, TypeVar

from toolkit.corpus import default_jobs, find_markdown, run
from toolkit.engines import add_options as add_engine_options
from toolkit.errors import EXIT_OK, EXIT_OUTPUT, EXIT_PROBLEMS, EXIT_USAGE, one_line
from toolkit.model import Article, Diagnostic, Severity
from toolkit.outputs import atomic_text
from toolkit.work import Done, Part, load, process, settle, settles

R = TypeVar("R")

__all__ = [
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Reporter",
    "add_run_options",
    "articles",
    "each_done",
    "each_file",
    "load",
    "open_output",
]


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value or default_jobs()


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """``--jobs``, ``--quiet`` and ``--strict``: the options of every command that reads articles."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=default_jobs(),
        metavar="N",
        help=f"spread files over N processes (default and 0: the {default_jobs()} CPUs this process may use)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--strict", action="store_true", help="warnings make the exit code 1 too")
    add_engine_options(parser)
    parser.add_argument(
        "--history",
        metavar="BRANCH",
        help="each PATH is GIT_DIR[:SUBPATH]: read every version of its articles on BRANCH once (see toolkit.sources)",
    )
    parser.add_argument(
        "--manifest",
        action="append",
        default=[],
        metavar="FILE",
        help="more PATHs, one per line of FILE (# comments; relative to FILE's folder), e.g. repositories x revisions",
    )


class Reporter:
    """Prints diagnostics on stderr as they come (one line each) and keeps the exit code:
    1 for an error, or for a warning under ``--strict``; information never fails."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.problems = 0
        self.failing = 0

    def report(self, diagnostics: Sequence[Diagnostic]) -> None:
        for item in diagnostics:
            print(one_line(str(item)), file=sys.stderr)
            if item.severity is Severity.ERROR or (self.strict and item.severity is Severity.WARNING):
                self.failing += 1
        self.problems += len(diagnostics)

    @property
    def exit_code(self) -> int:
        return EXIT_PROBLEMS if self.failing else EXIT_OK


def reporter_for(args: argparse.Namespace) -> Reporter:
    """The reporter of a command, strict when ``--strict`` was given."""
    return Reporter(strict=bool(getattr(args, "strict", False)))


def input_files(paths: Sequence[str], reporter: Reporter) -> list[str]:
    """The Markdown files under ``paths`` (see :func:`toolkit.corpus.find_markdown`), what
    finding them ran into reported."""
    files, problems = find_markdown(paths)
    reporter.report(problems)
    return files


def each_file(
    paths: Sequence[str],
    work: Callable[[str], R],
    reporter: Reporter,
    *,
    jobs: int = 1,
    quiet: bool = True,
    grouped: bool = False,
) -> Iterator[R]:
    """``work`` over every Markdown file under ``paths``, the finding diagnostics already reported
    (``grouped``: see :func:`toolkit.corpus.run`)."""
    yield from run(work, input_files(paths, reporter), jobs=jobs, progress=not quiet, grouped=grouped)


def each_done(
    files: Sequence[str],
    parts: Sequence[Part],
    *,
    jobs: int = 1,
    quiet: bool = True,
    grouped: bool = False,
    ordered: bool = True,
) -> Iterator[Done]:
    """Every part of a job over ``files``, run where each file is parsed (see :mod:`toolkit.work`;
    ``grouped`` and ``ordered``: see :func:`toolkit.corpus.run`); handed out at once inside
    :func:`~toolkit.corpus.shared_workers`."""
    batches = partial(settle, tuple(parts)) if settles(parts) else None
    return run(
        partial(process, tuple(parts)), files, jobs=jobs, progress=not quiet, grouped=grouped, ordered=ordered, settle=batches
    )


def articles(
    paths: Sequence[str], reporter: Reporter, *, jobs: int = 1, quiet: bool = True, diagnostics: bool = True
) -> list[Article]:
    """Every readable article under ``paths`` (for stages that need them whole), files that
    cannot be read reported, and the reader's diagnostics too unless ``diagnostics`` is false
    (``check`` and ``report`` make findings of them)."""
    found = []
    for item in each_file(paths, load, reporter, jobs=jobs, quiet=quiet, grouped=True):  # all kept anyway
        if isinstance(item, Article):
            if diagnostics:
                reporter.report(item.diagnostics)
            found.append(item)
        else:
            reporter.report([item])
    return found


def read_args(args: argparse.Namespace, reporter: Reporter) -> list[Article]:
    """:func:`articles` for a command's ``paths``, ``--jobs`` and ``--quiet``."""
    return articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet)


@contextmanager
def open_output(name: str | None) -> Iterator[TextIO]:
    """A text file to write whole or not at all (see :mod:`toolkit.outputs`), or stdout for
    no name or ``-``."""
    if not name or name == "-":
        yield sys.stdout
        return
    with atomic_text(name) as stream:
        yield stream


def write_output(text: str, name: str | None) -> None:
    """``text`` to the ``-o`` file (whole or not at all), or to stdout."""
    with open_output(name) as stream:
        stream.write(text)
