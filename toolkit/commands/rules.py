"""``loctk rules extract|check|modality|refresh|export``: business rules from the articles, traced and checked.

The library does the work (:mod:`toolkit.rules`); this module only turns its results into
files, summary lines on stdout, diagnostics on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit.align.sentences import sentences_of
from toolkit.commands.common import add_run_options, articles, each_done, input_files, read_args, reporter_for, write_output
from toolkit.corpus import find_markdown, shared_workers
from toolkit.outputs import refuse_overlap
from toolkit.pipeline import format_counts
from toolkit.rules import DEFAULT_BOUND, check, dump_spec, dumps_gherkin, dumps_markdown, kept, read_spec
from toolkit.rules.extract import article_candidates, merge_candidates
from toolkit.rules.refresh import Fate, from_articles, from_source, refresh
from toolkit.rules.spec import dumps_spec
from toolkit.rules.trace import article_name

EXPORTS = {"markdown": dumps_markdown, "gherkin": dumps_gherkin}


def register(commands: Any) -> None:
    rules = commands.add_parser("rules", help="business rules: extract candidates, check a spec, export it")
    actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    extract_ = actions.add_parser("extract", help="rule candidates from the English of PATH… as a YAML spec")
    extract_.add_argument("paths", nargs="*", metavar="PATH")
    extract_.add_argument("-o", "--output", metavar="FILE", help="write the candidates here (default: stdout)")
    add_run_options(extract_)
    extract_.set_defaults(run=run_extract)

    check = actions.add_parser("check", help="check a spec against PATH… and its own state machine")
    check.add_argument("spec", metavar="SPEC")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument(
        "--bound",
        type=int,
        default=DEFAULT_BOUND,
        metavar="N",
        help=f"instances of each many-instance entity to explore (default {DEFAULT_BOUND})",
    )
    add_run_options(check)
    check.set_defaults(run=run_check)

    modality = actions.add_parser(
        "modality",
        help="does every translation of every rule candidate keep its negation, "
        'modality and "only"? findings per 1,000 rule sentences per locale',
    )
    modality.add_argument("paths", nargs="*", metavar="PATH")
    add_run_options(modality)
    modality.set_defaults(run=run_modality)

    refresh_ = actions.add_parser(
        "refresh",
        help="rewrite a spec's English and translations from a newer corpus "
        "and list every rule whose sentence changed, moved or disappeared",
    )
    refresh_.add_argument("spec", metavar="SPEC")
    refresh_.add_argument("paths", nargs="*", metavar="PATH", help="bilingual articles or English source Markdown")
    refresh_.add_argument("-o", "--output", metavar="FILE", help="write the refreshed spec here (default: only the report)")
    refresh_.set_defaults(run=run_refresh)

    export = actions.add_parser("export", help="a spec as Markdown or Gherkin")
    export.add_argument("spec", metavar="SPEC")
    export.add_argument("--format", "-f", choices=sorted(EXPORTS), default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(run=run_export)


def run_extract(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    parts = []
    files = input_files(args.paths, reporter)
    with shared_workers(args.jobs):  # the workers that read the articles write the YAML
        # every part is kept anyway: the locales of an article worked on together, their English classified once
        for done in each_done(files, [article_candidates], jobs=args.jobs, quiet=args.quiet, grouped=True):
            reporter.report(done.diagnostics)
            if done.readable:
                parts.append(done.results[0])
        spec = merge_candidates(parts)
        text = "".join(dumps_spec(replace(spec, rules=()), spec.rules, args.jobs))
    write_output(text, args.output)
    to_file = args.output and args.output != "-"
    print(format_counts(spec, len(parts)), file=sys.stdout if to_file else sys.stderr)
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


def run_refresh(args: argparse.Namespace) -> int:
    """The report on stdout; the spec written only under ``-o``, never over the one read."""
    refuse_overlap(args.output, [args.spec, *args.paths], folder=False)
    reporter = reporter_for(args)
    spec = read_spec(args.spec)
    files, problems = find_markdown(args.paths)
    reporter.report(problems)
    bilingual, sources = [], {}
    for path in files:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        if "data-ttu-id" in text:
            bilingual.append(path)
        else:
            sources[article_name(path)] = text
    found = articles(bilingual, reporter) if bilingual else []
    english = {}
    for name in dict.fromkeys(r.citation.name for r in spec.rules):
        own = [a for a in found if article_name(a.path) == name]
        if own:
            english[name] = from_articles(name, own)
        elif name in sources:
            anchors = [(r.citation.number, r.statement) for r in spec.rules if r.citation.name == name]
            english[name] = from_source(name, [s.text for s in sentences_of(sources[name])], anchors)
    result = refresh(spec, english, found)
    for outcome in result.outcomes:
        print(outcome)
    counts = Counter(o.fate.value for o in result.outcomes)
    numbers = "sentence numbers estimated from English source; " if result.estimated else ""
    print(
        f"{spec.path}: {len(spec.rules)} rules, "
        + ", ".join(f"{counts[f.value]} {f.value}" for f in Fate)
        + f"; {numbers}the formal part is left as it was"
    )
    if args.output:
        write_output(dump_spec(result.spec), args.output)
    return reporter.exit_code


def run_export(args: argparse.Namespace) -> int:
    write_output(EXPORTS[args.format](read_spec(args.spec)), args.output)
    return 0
