"""``loctk report``: one HTML page with the overview, freshness, QA findings and rules of a corpus.

The QA checks run with the settings ``loctk check`` reads (``loctk.toml`` or ``[tool.loctk]``),
so the page counts what CI counts. ``--source`` adds freshness against the English, ``--spec``
the rules matrix, ``--baseline`` leaves out accepted findings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from toolkit.commands.common import add_run_options, articles, reporter_for
from toolkit.errors import UsageError
from toolkit.outputs import refuse_overlap, write_file
from toolkit.pipeline import report_page


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="one self-contained HTML page: overview, freshness, QA, rules")
    report.add_argument("paths", nargs="*", metavar="PATH")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    report.add_argument("--source", metavar="EN_ROOT", help="the English tree: adds freshness (as loctk align)")
    report.add_argument("--baseline", metavar="FILE", help="leave out the QA findings recorded in FILE")
    report.add_argument("--spec", metavar="FILE", help="a rules spec: adds each rule x locale")
    add_run_options(report)
    report.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    if args.source and not Path(args.source).is_dir():
        raise UsageError(f"{args.source}: no such folder")
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    found = articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet, diagnostics=False)
    page = report_page(found, args.paths, args.source, args.baseline, args.spec)
    write_file(args.output, page)
    print(f"report of {len(found)} files written to {args.output} ({len(page.encode('utf-8')):,} bytes)", file=sys.stderr)
    return reporter.exit_code
