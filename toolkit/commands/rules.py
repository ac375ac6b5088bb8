"""``loctk rules extract|check|export``: business rules from the articles, traced and checked.

The library does the work (:mod:`toolkit.rules`); this module only turns its results into
files, summary lines on stdout, diagnostics on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from toolkit.commands.common import Reporter, add_run_options, articles, output_path
from toolkit.model import Article
from toolkit.rules import DEFAULT_BOUND, Modality, Spec, check, dump_spec, dumps_gherkin, dumps_markdown, extract, read_spec

EXPORTS = {"markdown": dumps_markdown, "gherkin": dumps_gherkin}


def register(commands: Any) -> None:
    rules = commands.add_parser("rules", help="business rules: extract candidates, check a spec, export it")
    actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    extract_ = actions.add_parser("extract", help="rule candidates from the English of PATH… as a YAML spec")
    extract_.add_argument("paths", nargs="+", metavar="PATH")
    extract_.add_argument("-o", "--output", metavar="FILE", help="write the candidates here (default: stdout)")
    add_run_options(extract_)
    extract_.set_defaults(run=run_extract)

    check = actions.add_parser("check", help="check a spec against PATH… and its own state machine")
    check.add_argument("spec", metavar="SPEC")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--bound", type=int, default=DEFAULT_BOUND, metavar="N",
                       help=f"instances of each many-instance entity to explore (default {DEFAULT_BOUND})")
    add_run_options(check)
    check.set_defaults(run=run_check)

    export = actions.add_parser("export", help="a spec as Markdown or Gherkin")
    export.add_argument("spec", metavar="SPEC")
    export.add_argument("--format", "-f", choices=sorted(EXPORTS), default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(run=run_export)


def run_extract(args: argparse.Namespace) -> int:
    reporter = Reporter()
    found = articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet)
    spec = extract(found)
    _write(dump_spec(spec), args.output)
    print(format_counts(spec, len(found)), file=sys.stdout if output_path(args.output) else sys.stderr)
    return reporter.exit_code


def format_counts(spec: Spec, files: int) -> str:
    """``12 candidates from 5 files: obligation 1, prohibition 3, …``, every modality named."""
    counts = Counter(rule.modality for rule in spec.rules)
    by = ", ".join(f"{m.value} {counts[m]}" for m in Modality)
    return f"{len(spec.rules)} candidates from {files} files: {by}"


def run_check(args: argparse.Namespace) -> int:
    reporter = Reporter()
    spec = read_spec(args.spec)
    found = articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet)
    checked = check(spec, found, args.bound)
    problems = checked.problems
    reporter.report(problems)
    states = checked.states
    verdict = f"{len(problems)} problems" if problems else "ok"
    print(f"{spec.path}: {len(spec.rules)} rules against {len(found)} files and {states} model states: {verdict}")
    return reporter.exit_code


def run_export(args: argparse.Namespace) -> int:
    _write(EXPORTS[args.format](read_spec(args.spec)), args.output)
    return 0


def build_rules(found: list[Article], out: Path, reporter: Reporter) -> str:
    """The ``loctk build`` step: candidates from the corpus, and every ``*.rules.yaml`` beside it checked and exported."""
    candidates = extract(found)
    (out / "rules.candidates.yaml").write_text(dump_spec(candidates), encoding="utf-8")
    folders = sorted({Path(a.path).parent for a in found})
    specs = sorted({p for folder in folders for p in folder.glob("*.rules.yaml")})
    problems = 0
    for path in specs:
        spec = read_spec(path)
        found_problems = check(spec, found).problems
        reporter.report(found_problems)
        problems += len(found_problems)
        stem = path.name.removesuffix(".rules.yaml")
        (out / f"{stem}.rules.md").write_text(dumps_markdown(spec), encoding="utf-8")
        (out / f"{stem}.feature").write_text(dumps_gherkin(spec), encoding="utf-8")
    return (f"rules: {format_counts(candidates, len(found))} -> rules.candidates.yaml; "
            f"{len(specs)} specs checked, {problems} problems")


def _write(text: str, output: str | None) -> None:
    path = output_path(output)
    if path is None:
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")
