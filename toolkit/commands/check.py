"""``loctk check``: the QA checks as a CI step (text, JSON, JUnit, SARIF, GitHub or GitLab; baselines).

Options on the command line win over the nearest configuration file (``loctk.toml``,
``.loctk.toml`` or ``[tool.loctk]`` in ``pyproject.toml``, see :mod:`toolkit.checks.config`).
The exit code is 1 when findings at or above the fail level remain after the baseline.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

from toolkit.checks import CHECKS, Finding, selected
from toolkit.checks.baseline import apply_baseline, read_baseline, write_baseline
from toolkit.checks.config import FORMATS, Config, load_config, read_glossary
from toolkit.checks.coverage import silent_notes
from toolkit.checks.registry import listing_key
from toolkit.checks.report import write_report, write_statistics
from toolkit.checks.run import CheckSink, check_part
from toolkit.commands.common import EXIT_OK, EXIT_PROBLEMS, Reporter, add_run_options, each_done, input_files, open_output
from toolkit.corpus import shared_workers
from toolkit.engines import current as current_engine
from toolkit.errors import UsageError
from toolkit.model import Diagnostic, Severity
from toolkit.outputs import refuse_overlap

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def register(commands: Any) -> None:
    check = commands.add_parser("check", help="localization QA checks (CI: SARIF, JUnit, baselines)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--list", action="store_true", help="list the checks and exit")
    check.add_argument("--format", choices=FORMATS, default=None, help="report format (default: text)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    check.add_argument(
        "--select",
        action="append",
        type=codes,
        metavar="CODE[,CODE…]",
        help="run only these checks (codes or prefixes, comma-separated; repeatable)",
    )
    check.add_argument(
        "--ignore",
        action="append",
        type=codes,
        metavar="CODE[,CODE…]",
        help="skip these checks (codes or prefixes, comma-separated; repeatable)",
    )
    check.add_argument(
        "--statistics", action="store_true", help="print the number of findings per check instead of the findings (text or json)"
    )
    check.add_argument("--baseline", metavar="FILE", help="leave out the findings recorded in FILE")
    check.add_argument("--write-baseline", metavar="FILE", help="record the findings in FILE and exit 0")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    check.add_argument("--glossary", metavar="FILE", help="do-not-translate terms, one a line")
    add_run_options(check)
    check.set_defaults(run=run_check)


def codes(value: str) -> list[str]:
    """``C010,C012`` → ``["C010", "C012"]`` (ruff's habit); blanks between commas ignored."""
    found = [code.strip() for code in value.split(",") if code.strip()]
    if not found:
        raise argparse.ArgumentTypeError("expected a code or a comma-separated list of codes")
    return found


def _joined(values: list[list[str]] | None) -> tuple[str, ...] | None:
    return tuple(code for group in values for code in group) if values else None


def format_list() -> str:
    """The check table for ``--list``."""
    ordered = sorted(CHECKS.values(), key=listing_key)
    rows = [(c.code, c.severity.value, c.category.value, c.name, c.description) for c in ordered]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] + "\n" for row in rows
    )


def _settings(args: argparse.Namespace) -> Config:
    config = load_config(args.paths)
    return Config(
        select=_joined(args.select) or config.select,
        ignore=_joined(args.ignore) or config.ignore,
        fail_on=Severity(args.fail_on) if args.fail_on else config.fail_on,
        format=args.format or config.format,
        baseline=args.baseline or config.baseline,
        terms=read_glossary(Path(args.glossary)) if args.glossary else config.terms,
        allowlist=config.allowlist,
        origin=config.origin,
    )


def checked(
    inputs: Sequence[str], config: Config, reporter: Reporter, *, jobs: int = 1, quiet: bool = True
) -> tuple[list[Finding], list[str]]:
    """The findings over every file under ``inputs`` and the paths of the files read; the
    checks run where each file is parsed, and the reader's diagnostics become findings
    (files that cannot be read at all are reported as messages). Where a selected check is
    silent for a locale, an ``info`` line says so once (:mod:`toolkit.checks.coverage`)."""
    part = check_part(config.select, config.ignore or (), config.terms, config.allowlist)
    sink = CheckSink(part)
    files = input_files(inputs, reporter)
    rank = {path: index for index, path in enumerate(files)}
    places: list[tuple[int, str, str]] = []
    unread: list[tuple[int, Sequence[Diagnostic]]] = []
    with shared_workers(jobs):  # the workers that parse judge the locales' keys at the end
        # the locales of an article worked on together (the English analysed once, in one worker),
        # taken as done and put back in path order here: the sink spools keys with their rank
        for done in each_done(files, [part], jobs=jobs, quiet=quiet, grouped=True, ordered=False):
            if done.readable:
                places.append((rank[done.path], done.path, done.results[0].locale))
                sink.add(done.results[0], rank[done.path])
            else:
                unread.append((rank[done.path], done.diagnostics))
        findings = sink.close(jobs=1 if current_engine() else jobs)  # a cluster's workers cannot read the spool
    for _, diagnostics in sorted(unread, key=itemgetter(0)):
        reporter.report(diagnostics)
    places.sort(key=itemgetter(0))
    codes = {info.code for info in selected(config.select, config.ignore)}
    reporter.report(silent_notes([(path, locale) for _, path, locale in places], codes))
    return findings, [path for _, path, _ in places]


def _write(findings: Sequence[Finding], paths: Sequence[str], args: argparse.Namespace, output: str, stream: TextIO) -> None:
    if args.statistics:
        write_statistics(findings, stream, as_json=output == "json")
    else:
        write_report(findings, paths, output, stream)


def run_check(args: argparse.Namespace) -> int:
    if args.list:
        sys.stdout.write(format_list())
        return EXIT_OK
    if not args.paths:
        raise UsageError("check needs at least one PATH (or --list)")
    refuse_overlap(args.output, args.paths, folder=False)
    refuse_overlap(args.write_baseline, args.paths, folder=False)
    config = _settings(args)
    if args.statistics and config.format not in ("text", "json"):
        raise UsageError(f"--statistics is printed as text or json, not {config.format}")
    reporter = Reporter()
    findings, paths = checked(args.paths, config, reporter, jobs=args.jobs, quiet=args.quiet)
    if args.write_baseline:
        with open_output(args.write_baseline) as stream:
            count = write_baseline(findings, stream)
        print(f"{count} findings recorded in {args.write_baseline}", file=sys.stderr)
        return reporter.exit_code
    total = len(findings)
    if config.baseline:
        findings = apply_baseline(findings, read_baseline(config.baseline))
    with open_output(args.output) as stream:
        _write(findings, paths, args, config.format, stream)
    fail_on = Severity.WARNING if args.strict else config.fail_on
    failing = [f for f in findings if _RANK[f.severity] >= _RANK[fail_on]]
    print(
        f"{len(findings)} findings ({total - len(findings)} in the baseline) in {len(paths)} files; "
        f"{len(failing)} at or above {fail_on.value}",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if failing else reporter.exit_code
