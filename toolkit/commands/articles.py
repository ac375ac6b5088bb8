"""``loctk extract``, ``roundtrip`` and ``stats``: the reader's own commands.

Workers return small picklable results (JSON text, counts), never articles, so spreading
files over processes costs little more than the parsing itself.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from toolkit.commands.common import Reporter, add_run_options, each_file, load, open_output
from toolkit.formats.jsonl import dumps_article
from toolkit.model import Article, Diagnostic
from toolkit.sxs import write_bytes


def register(commands: Any) -> None:
    extract = commands.add_parser("extract", help="segments as JSON Lines")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_run_options(extract)
    extract.set_defaults(run=run_extract)

    roundtrip = commands.add_parser("roundtrip", help="re-write every file in memory and compare bytes")
    roundtrip.add_argument("paths", nargs="+", metavar="PATH")
    add_run_options(roundtrip)
    roundtrip.set_defaults(run=run_roundtrip)

    stats = commands.add_parser("stats", help="files, segments and block kinds per locale")
    stats.add_argument("paths", nargs="+", metavar="PATH")
    add_run_options(stats)
    stats.set_defaults(run=run_stats)


def _extract_one(path: str) -> tuple[str, int, list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return "", 0, [article]
    return dumps_article(article), len(article.segments), list(article.diagnostics)


def run_extract(args: argparse.Namespace) -> int:
    reporter = Reporter()
    count = 0
    with open_output(args.output) as stream:
        for text, segments, diagnostics in each_file(args, _extract_one, reporter):
            reporter.report(diagnostics)
            stream.write(text)
            count += segments
    if args.output and not args.quiet:
        print(f"{count} segments written to {args.output}", file=sys.stderr)
    return reporter.exit_code


def _roundtrip_one(path: str) -> tuple[str, bool, list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return path, False, [article]
    return path, write_bytes(article) == Path(path).read_bytes(), list(article.diagnostics)


def run_roundtrip(args: argparse.Namespace) -> int:
    reporter = Reporter()
    identical = 0
    differing = []
    for path, same, diagnostics in each_file(args, _roundtrip_one, reporter):
        reporter.report(diagnostics)
        if same:
            identical += 1
        else:
            differing.append(path)
    for path in differing:
        print(f"{path}: differs after writing", file=sys.stderr)
    print(f"{identical} of {identical + len(differing)} files identical")
    return 1 if differing else reporter.exit_code


def _stats_one(path: str) -> tuple[str, Counter[str], list[Diagnostic]]:
    article = load(path)
    if not isinstance(article, Article):
        return "", Counter(), [article]
    return article.locale or "?", Counter(s.block.kind.value for s in article.segments), list(article.diagnostics)


def run_stats(args: argparse.Namespace) -> int:
    reporter = Reporter()
    files: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    for locale, counts, diagnostics in each_file(args, _stats_one, reporter):
        reporter.report(diagnostics)
        if locale:
            files[locale] += 1
            kinds.setdefault(locale, Counter()).update(counts)
    print(format_stats(files, kinds), end="")
    return reporter.exit_code


def format_stats(files: Counter[str], kinds: dict[str, Counter[str]]) -> str:
    """A table: one row per locale, then a total row."""
    columns = sorted({kind for counts in kinds.values() for kind in counts})
    header = ["locale", "files", "segments", *columns]
    rows = []
    total: Counter[str] = Counter()
    for locale in sorted(files, key=str.lower):
        counts = kinds[locale]
        rows.append([locale, str(files[locale]), str(sum(counts.values())), *(str(counts[c]) for c in columns)])
        total.update(counts)
    rows.append(["total", str(sum(files.values())), str(sum(total.values())), *(str(total[c]) for c in columns)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in [header, *rows]]
    return "\n".join(lines) + "\n"
