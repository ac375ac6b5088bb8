"""``loctk extract``, ``roundtrip`` and ``stats``: the reader's own commands.

Workers return small picklable results (JSON text, counts), never articles, so spreading
files over processes costs little more than the parsing itself.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from toolkit.commands.common import add_run_options, each_file, input_files, load, open_output, reporter_for
from toolkit.corpus import run
from toolkit.dataset import part_tasks, write_part
from toolkit.errors import EXIT_PROBLEMS, UsageError
from toolkit.formats.jsonl import dumps_article
from toolkit.model import Article, Diagnostic
from toolkit.outputs import OutputTree, refuse_overlap
from toolkit.pipeline import format_stats
from toolkit.sources import read_bytes
from toolkit.sxs import write_bytes
from toolkit.words import sizes


def register(commands: Any) -> None:
    extract = commands.add_parser("extract", help="segments as JSON Lines, or a Parquet dataset")
    extract.add_argument("paths", nargs="*", metavar="PATH")
    extract.add_argument("-o", "--output", metavar="FILE|DIR", help="write here instead of stdout (parquet: the folder)")
    extract.add_argument(
        "-f",
        "--format",
        choices=("jsonl", "parquet"),
        default="jsonl",
        help="parquet: one row per segment, a folder per locale (see toolkit.dataset)",
    )
    add_run_options(extract)
    extract.set_defaults(run=run_extract)

    roundtrip = commands.add_parser("roundtrip", help="re-write every file in memory and compare bytes")
    roundtrip.add_argument("paths", nargs="*", metavar="PATH")
    add_run_options(roundtrip)
    roundtrip.set_defaults(run=run_roundtrip)

    stats = commands.add_parser("stats", help="files, segments and block kinds per locale")
    stats.add_argument("paths", nargs="*", metavar="PATH")
    add_run_options(stats)
    stats.set_defaults(run=run_stats)


def _extract_one(path: str) -> tuple[str, int, list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return "", 0, [article]
    return dumps_article(article), len(article.segments), list(article.diagnostics)


def run_extract(args: argparse.Namespace) -> int:
    if args.format == "parquet":
        return _extract_dataset(args)
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    count = 0
    with open_output(args.output) as stream:
        for text, segments, diagnostics in each_file(args.paths, _extract_one, reporter, jobs=args.jobs, quiet=args.quiet):
            reporter.report(diagnostics)
            stream.write(text)
            count += segments
    if args.output and args.output != "-":
        print(f"{count} segments written to {args.output}", file=sys.stderr)
    return reporter.exit_code


def _extract_dataset(args: argparse.Namespace) -> int:
    """``extract -f parquet -o DIR``: each part written where it is read; only names and counts come back."""
    if not args.output or args.output == "-":
        raise UsageError("-f parquet writes a folder: name it with -o DIR")
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    files = input_files(args.paths, reporter)
    rows = 0
    with OutputTree(args.output, "extract", args.paths) as tree:
        for done in run(write_part, part_tasks(files, tree.outlet()), jobs=args.jobs, progress=not args.quiet):
            reporter.report(done.diagnostics)
            for temporary, path, count in done.files:
                tree.adopt(temporary, path)
                rows += count
    print(f"{rows} segments written to {args.output} ({len(tree.files)} files)", file=sys.stderr)
    return reporter.exit_code


def _roundtrip_one(path: str) -> tuple[str, bool, list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return path, False, [article]
    return path, write_bytes(article) == read_bytes(path), list(article.diagnostics)


def run_roundtrip(args: argparse.Namespace) -> int:
    """Exit 1 exactly when some file's bytes differ (or could not be read at all)."""
    reporter = reporter_for(args)
    identical = 0
    differing = []
    for path, same, diagnostics in each_file(args.paths, _roundtrip_one, reporter, jobs=args.jobs, quiet=args.quiet):
        reporter.report(diagnostics)
        if same:
            identical += 1
        else:
            differing.append(path)
    for path in differing:
        print(f"{path}: differs after writing", file=sys.stderr)
    print(f"{identical} of {identical + len(differing)} files identical")
    return EXIT_PROBLEMS if differing else 0


def _stats_one(path: str) -> tuple[str, Counter[str], Counter[str], list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return "", Counter(), Counter(), [article]
    return (
        article.locale or "?",
        Counter(s.block.kind.value for s in article.segments),
        sizes(article.segments),
        list(article.diagnostics),
    )


def run_stats(args: argparse.Namespace) -> int:
    reporter = reporter_for(args)
    files: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    size: dict[str, Counter[str]] = {}
    for locale, counts, words, diagnostics in each_file(args.paths, _stats_one, reporter, jobs=args.jobs, quiet=args.quiet):
        reporter.report(diagnostics)
        if locale:
            files[locale] += 1
            kinds.setdefault(locale, Counter()).update(counts)
            size.setdefault(locale, Counter()).update(words)
    print(format_stats(files, kinds, size), end="")
    return reporter.exit_code
