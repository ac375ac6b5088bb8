"""``loctk align``: which translations are out of date with the English source."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from toolkit.align.source import English, FolderEnglish, GitEnglish, SourceAlignment, Status, align_source, per_commit, totals
from toolkit.align.toc import TocAlignment, align_tocs
from toolkit.commands.common import add_run_options, read_args, reporter_for, write_output
from toolkit.errors import UsageError
from toolkit.gitstore import GitStore
from toolkit.outputs import refuse_overlap


def register(commands: Any) -> None:
    align = commands.add_parser("align", help="rate every segment against the English source files")
    align.add_argument("paths", nargs="*", metavar="PATH")
    add_english_options(align)
    align.add_argument("--format", choices=["text", "json"], default="text")
    align.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_run_options(align)
    align.set_defaults(run=run_align)


def add_english_options(
    parser: argparse.ArgumentParser, to_help: str = "with --source-repo: read every article's English at REV instead"
) -> None:
    """``--source EN_ROOT`` or ``--source-repo GIT_DIR [--to REV]``: where the English is."""
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--source", metavar="EN_ROOT", help="the English tree: the repository root, its articles folder or a folder above"
    )
    where.add_argument(
        "--source-repo",
        metavar="GIT_DIR",
        help="the English git repository, read at each article's ms.sourcegitcommit (no checkout)",
    )
    parser.add_argument("--to", metavar="REV", help=to_help)


@contextmanager
def english_source(args: argparse.Namespace) -> Iterator[English]:
    """The English the options name; a git repository's reader is closed afterwards."""
    if args.source_repo is None:
        if args.to:
            raise UsageError("--to goes with --source-repo")
        if not Path(args.source).is_dir():
            raise UsageError(f"{args.source}: no such folder")
        yield FolderEnglish(args.source)
        return
    with GitStore(args.source_repo) as store:
        if args.to and store.commit(args.to) is None:
            raise UsageError(f"{args.source_repo}: no revision {args.to}")
        yield GitEnglish(store, args.to)


def run_align(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    with english_source(args) as english:
        found = read_args(args, reporter)
        result = align_source(found, english)
        reference = english.reference(english.revision(a) for a in found)
        tocs = align_tocs(args.paths, english, result.mapping, reference)
    commits = {a.path: str(a.metadata.get("ms.sourcegitcommit", "")) for a in found}
    text = format_json(result, tocs) if args.format == "json" else format_text(result, tocs, commits)
    write_output(text, args.output)
    stale = any(
        a.english is None or a.count(Status.CHANGED) or a.count(Status.REMOVED) or a.count(Status.NEW) for a in result.articles
    )
    return 1 if stale or result.untranslated else reporter.exit_code


def format_json(result: SourceAlignment, tocs: Sequence[TocAlignment] = ()) -> str:
    data = asdict(result) | {"tocs": [asdict(toc) for toc in tocs]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def format_text(result: SourceAlignment, tocs: Sequence[TocAlignment] = (), commits: Mapping[str, str] | None = None) -> str:
    """One line per article that is not fully current, then one line per locale, then one
    per ``ms.sourcegitcommit`` the articles were translated from (when ``commits`` maps
    their paths to it): a snapshot of the source should rate its own commit's articles current."""
    lines = [result.where] if result.where else []
    lines.extend(_article_lines(result))
    lines.extend(
        f"{toc.path}: {len(toc.units)} TOC names aligned, {len(toc.unmatched)} with no English entry, "
        f"{len(toc.missing)} English entries missing"
        for toc in tocs
    )
    for locale, counts in totals(result.articles):
        lines.append(f"{locale}: {_current(counts)}, " + ", ".join(f"{n} {s.value}" for s, n in counts.items()))
    if commits is not None:
        lines.extend(f"translated from {c[:12]}: {_current(n)}" for c, n in per_commit(result.articles, commits))
    return "\n".join(lines) + "\n"


def _article_lines(result: SourceAlignment) -> Iterator[str]:
    """The articles not fully current (or with no English), then the English with no translation."""
    for article in result.articles:
        if article.english is None:
            at = f" at {article.revision[:12]}" if article.revision else ""
            yield f"{article.path}: no English article {article.relative}{at} in the source"
            continue
        counts = {s: article.count(s) for s in Status}
        if counts[Status.CURRENT] != len(article.matches):
            yield f"{article.path}: " + ", ".join(f"{n} {s.value}" for s, n in counts.items())
    for path in result.untranslated:
        yield f"{path}: English article with no translation"


def _current(counts: Mapping[Status, int]) -> str:
    """How many segments have an English sentence, and the share of them current."""
    segments = sum(n for s, n in counts.items() if s is not Status.NEW)
    share = counts.get(Status.CURRENT, 0) / segments if segments else 1.0
    return f"{segments} segments, {share:.2%} current"
