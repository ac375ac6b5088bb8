"""The ``loctk`` command line: parse arguments, dispatch, turn errors into exit codes.

Exit codes, one rule for every command (see :mod:`toolkit.errors`):

* 0 — done, nothing worse than a warning (``--strict``: than information);
* 1 — errors in the input (``check``: findings at or above ``--fail-on``; ``roundtrip``:
  some file's bytes differ; ``align``: translations out of date);
* 2 — usage error;
* 3 — an output could not be written (disk full, read-only folder, a file in the way);
* 4 — internal error (a bug): one line ``loctk: internal error: …``, the traceback with ``--debug``;
* 130 — interrupted (Ctrl-C).

Data goes to stdout, diagnostics to stderr, one line each.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from toolkit import __version__
from toolkit.commands import align, articles, build, check, export, render, report, rules, update
from toolkit.engines import from_args as engine_from_args
from toolkit.errors import EXIT_INTERNAL, EXIT_OUTPUT, ToolkitError, UsageError, one_line
from toolkit.outputs import TEXT_ERRORS
from toolkit.sources import expand_history, read_manifest

COMMANDS = (articles, build, export, align, update, render, rules, check, report)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loctk",
        description="Toolkit for bilingual (sxs) Docs articles.",
        epilog="exit codes: 0 done (warnings allowed), 1 errors in the input, 2 usage, "
        "3 an output could not be written, 4 internal error",
    )
    parser.add_argument("--version", action="version", version=f"loctk {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    _add_debug(commands)
    return parser


def _add_debug(commands: Any) -> None:
    """``--debug`` after the command name too (not overriding one given before it)."""
    for sub in commands.choices.values():
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_debug(action)


@contextmanager
def valid_stdout() -> Iterator[None]:
    """Stdout writes what UTF-8 cannot hold as U+FFFD, like every output file (:mod:`toolkit.outputs`)."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        yield
        return
    errors = stream.errors
    stream.reconfigure(errors=TEXT_ERRORS)
    try:
        yield
    finally:
        stream.reconfigure(errors=errors)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one CLI run, as it was afterwards.

    The model holds no reference cycles, so reference counting frees it all; the collector
    would only traverse the growing heap of parsed articles again and again (a third of the
    parse time). Only the CLI does this: library functions leave the collector alone.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _gather_paths(args: argparse.Namespace) -> None:
    """The PATHs of the command line followed by those of each ``--manifest``; none at all is a usage error."""
    manifests = getattr(args, "manifest", [])
    if not hasattr(args, "paths"):
        if manifests:
            raise UsageError(f"{args.command} reads one folder: --manifest is for the commands that take PATHs")
        return
    for manifest in manifests:
        args.paths = [*args.paths, *read_manifest(manifest)]
    if not args.paths and not getattr(args, "list", False):
        raise UsageError(f"{args.command} needs at least one PATH (or --manifest FILE)")


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        _gather_paths(args)
        if getattr(args, "history", None):
            args.paths = expand_history(args.paths, args.history)
        with engine_from_args(args), collector_paused(), valid_stdout():
            code: int = args.run(args)
        sys.stdout.flush()
    except UsageError as error:
        print(f"loctk: error: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except ToolkitError as error:
        message = one_line(str(error))
        print(message if error.exit_code not in (EXIT_OUTPUT,) else f"loctk: error: {message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of stdout went away (``| head``): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OUTPUT
    except OSError as error:  # a file failing as a file, outside the output helpers (stdout on a full disk)
        where = f"{error.filename}: " if error.filename else ""
        print(f"loctk: error: {one_line(where + (error.strerror or str(error)))}", file=sys.stderr)
        return EXIT_OUTPUT
    except Exception as error:
        print(
            f"loctk: internal error: {one_line(f'{type(error).__name__}: {error}')}"
            + ("" if args.debug else " (run with --debug for the traceback)"),
            file=sys.stderr,
        )
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":
    sys.exit(main())
