"""``loctk report``: one HTML page with the overview, freshness, QA findings and rules of a corpus.

The QA checks run with the settings ``loctk check`` reads (``loctk.toml`` or ``[tool.loctk]``),
so the page counts what CI counts. ``--source`` adds freshness against the English, ``--spec``
the rules matrix, ``--baseline`` leaves out accepted findings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from toolkit.align.source import align_source
from toolkit.checks import run_checks
from toolkit.checks.baseline import apply_baseline, read_baseline
from toolkit.checks.config import load_config
from toolkit.commands.check import load_articles
from toolkit.commands.common import Reporter, add_run_options
from toolkit.errors import UsageError
from toolkit.model import Article
from toolkit.report import gather, render_page
from toolkit.rules import read_spec, trace


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="one self-contained HTML page: overview, freshness, QA, rules")
    report.add_argument("paths", nargs="+", metavar="PATH")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    report.add_argument("--source", metavar="EN_ROOT", help="the English tree: adds freshness (as loctk align)")
    report.add_argument("--baseline", metavar="FILE", help="leave out the QA findings recorded in FILE")
    report.add_argument("--spec", metavar="FILE", help="a rules spec: adds each rule x locale")
    add_run_options(report)
    report.set_defaults(run=run_report)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it: readers never see half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; the page is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report_page(found: list[Article], inputs: list[str], source: str | None = None, baseline: str | None = None,
                spec_path: str | None = None) -> str:
    """The page for parsed articles (the command's work, and ``loctk build``'s step)."""
    config = load_config(inputs)
    findings = run_checks(found, select=config.select, ignore=config.ignore, terms=config.terms,
                          allowlist=config.allowlist)
    total = len(findings)
    baseline = baseline or config.baseline
    if baseline:
        findings = apply_baseline(findings, read_baseline(baseline))
    spec = read_spec(spec_path) if spec_path else None
    return render_page(gather(
        found, findings, inputs=inputs, baselined=total - len(findings),
        aligned=align_source(found, source) if source else None, source=source or "",
        spec=spec, traced=trace(spec, found) if spec else (),
    ))


def run_report(args: argparse.Namespace) -> int:
    if args.source and not Path(args.source).is_dir():
        raise UsageError(f"{args.source}: no such folder")
    reporter = Reporter()
    found, _ = load_articles(args, reporter)
    page = report_page(found, args.paths, args.source, args.baseline, args.spec)
    write_atomically(Path(args.output), page)
    if not args.quiet:
        print(f"report of {len(found)} files written to {args.output} ({len(page.encode('utf-8')):,} bytes)",
              file=sys.stderr)
    return reporter.exit_code


def build_report(found: list[Article], out: Path, reporter: Reporter) -> str:
    """The ``loctk build`` step: the report of the corpus (no English source, no spec) as ``report.html``."""
    paths = [a.path for a in found]
    inputs = [os.path.commonpath(paths)] if paths else ["."]
    page = report_page(found, inputs)
    write_atomically(out / "report.html", page)
    return f"report: {len(page.encode('utf-8')):,} bytes -> report.html"
