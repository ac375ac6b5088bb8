"""What every subcommand shares: loading paths, reporting diagnostics, exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from toolkit.corpus import default_jobs, find_markdown, run
from toolkit.diagnostics import diagnostic
from toolkit.errors import InputError
from toolkit.model import Article, Diagnostic
from toolkit.sxs import read_article

R = TypeVar("R")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help=f"spread files over N processes (0: {default_jobs()} here)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def load(path: str) -> Article | Diagnostic:
    """The parsed article, or the diagnostic saying why it could not be read."""
    try:
        return read_article(path)
    except InputError as error:
        return diagnostic(error.path, error.line, error.column, "P021", str(error).split(": error: ", 1)[-1])
    except Exception as error:  # a reader bug on one file must not sink a run over thousands
        return diagnostic(path, 1, 1, "P022", f"internal error while reading ({type(error).__name__}: {error})")


class Reporter:
    """Prints diagnostics on stderr as they come and remembers whether there were any."""

    def __init__(self) -> None:
        self.problems = 0

    def report(self, diagnostics: Sequence[Diagnostic]) -> None:
        for item in diagnostics:
            print(item, file=sys.stderr)
        self.problems += len(diagnostics)

    @property
    def exit_code(self) -> int:
        return EXIT_PROBLEMS if self.problems else EXIT_OK


def each_file(args: argparse.Namespace, work: Callable[[str], R], reporter: Reporter) -> Iterator[R]:
    """``work`` over every Markdown file under ``args.paths``, diagnostics already reported."""
    files, problems = find_markdown(args.paths)
    reporter.report(problems)
    jobs = args.jobs if args.jobs > 0 else default_jobs()
    yield from run(work, files, jobs=jobs, progress=not args.quiet)


def articles(paths: Sequence[str], reporter: Reporter, jobs: int = 1, quiet: bool = True) -> list[Article]:
    """Every readable article under ``paths``, diagnostics reported (for in-process stages)."""
    args = argparse.Namespace(paths=list(paths), jobs=jobs, quiet=quiet)
    found = []
    for item in each_file(args, load, reporter):
        if isinstance(item, Article):
            reporter.report(item.diagnostics)
            found.append(item)
        else:
            reporter.report([item])
    return found


@contextmanager
def open_output(name: str | None) -> Iterator[TextIO]:
    """A text file to write, or stdout for no name or ``-``."""
    if not name or name == "-":
        yield sys.stdout
        return
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    with open(name, "w", encoding="utf-8", newline="") as stream:
        yield stream


def output_path(value: str | None) -> Path | None:
    """The path named by an ``-o`` option, or None for stdout (no value or ``-``)."""
    return Path(value) if value and value != "-" else None
