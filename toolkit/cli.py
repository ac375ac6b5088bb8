"""The ``loctk`` command line: parse arguments, dispatch, turn errors into exit codes.

Exit codes: 0 ok, 1 problems found in the input, 2 usage error. Data goes to stdout,
diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from toolkit import __version__
from toolkit.commands import align, articles, build, check, export, render, report, rules
from toolkit.commands.common import EXIT_PROBLEMS, EXIT_USAGE
from toolkit.errors import ToolkitError, UsageError

COMMANDS = (articles, build, export, align, render, rules, check, report)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loctk", description="Toolkit for bilingual (sxs) Docs articles.")
    parser.add_argument("--version", action="version", version=f"loctk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except UsageError as error:
        print(f"loctk: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ToolkitError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
