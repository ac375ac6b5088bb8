"""``loctk rules extract|check|modality|export``: business rules from the articles, traced and checked.

The library does the work (:mod:`toolkit.rules`); this module only turns its results into
files, summary lines on stdout, diagnostics on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from toolkit.commands.common import add_run_options, read_args, reporter_for, write_output
from toolkit.outputs import refuse_overlap
from toolkit.pipeline import format_counts
from toolkit.rules import DEFAULT_BOUND, check, dump_spec, dumps_gherkin, dumps_markdown, extract, kept, read_spec

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

    modality = actions.add_parser("modality", help="does every translation of every rule candidate keep its negation, "
                                  "modality and \"only\"? findings per 1,000 rule sentences per locale")
    modality.add_argument("paths", nargs="+", metavar="PATH")
    add_run_options(modality)
    modality.set_defaults(run=run_modality)

    export = actions.add_parser("export", help="a spec as Markdown or Gherkin")
    export.add_argument("spec", metavar="SPEC")
    export.add_argument("--format", "-f", choices=sorted(EXPORTS), default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(run=run_export)


def run_extract(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    found = read_args(args, reporter)
    spec = extract(found)
    write_output(dump_spec(spec), args.output)
    to_file = args.output and args.output != "-"
    print(format_counts(spec, len(found)), file=sys.stdout if to_file else sys.stderr)
    return reporter.exit_code


def run_check(args: argparse.Namespace) -> int:
    reporter = reporter_for(args)
    spec = read_spec(args.spec)
    found = read_args(args, reporter)
    checked = check(spec, found, args.bound)
    problems = checked.problems
    reporter.report(problems)
    states = checked.states
    verdict = f"{len(problems)} problems" if problems else "ok"
    print(f"{spec.path}: {len(spec.rules)} rules against {len(found)} files and {states} model states: {verdict}")
    return reporter.exit_code


def run_modality(args: argparse.Namespace) -> int:
    reporter = reporter_for(args)
    result = kept(read_args(args, reporter))
    reporter.report(result.findings)
    rates = result.per_thousand()
    for locale, count in sorted(result.sentences.items()):
        print(f"{locale}: {result.found[locale]} findings in {count} rule sentences ({rates[locale]:.1f} per 1,000)")
    for locale in result.unsupported:
        print(f"{locale}: not checked, no cue lexicon (see toolkit/rules/cues/README.md)")
    return reporter.exit_code


def run_export(args: argparse.Namespace) -> int:
    write_output(EXPORTS[args.format](read_spec(args.spec)), args.output)
    return 0
