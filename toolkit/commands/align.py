"""``loctk align``: which translations are out of date with the English source."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from toolkit.align.source import English, FolderEnglish, GitEnglish, SourceAlignment, Status, align_source, totals
from toolkit.align.toc import TocAlignment, align_tocs
from toolkit.commands.common import add_run_options, read_args, reporter_for, write_output
from toolkit.errors import UsageError
from toolkit.gitstore import GitStore
from toolkit.outputs import refuse_overlap


def register(commands: Any) -> None:
    align = commands.add_parser("align", help="rate every segment against the English source files")
    align.add_argument("paths", nargs="+", metavar="PATH")
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
    for article in result.articles:
        if article.english is None:
            at = f" at {article.revision[:12]}" if article.revision else ""
            lines.append(f"{article.path}: no English article {article.relative}{at} in the source")
            continue
        counts = {s: article.count(s) for s in Status}
        if counts[Status.CURRENT] != len(article.matches):
            lines.append(f"{article.path}: " + ", ".join(f"{n} {s.value}" for s, n in counts.items()))
    lines.extend(f"{path}: English article with no translation" for path in result.untranslated)
    lines.extend(
        f"{toc.path}: {len(toc.units)} TOC names aligned, {len(toc.unmatched)} with no English entry, "
        f"{len(toc.missing)} English entries missing"
        for toc in tocs
    )
    for locale, counts in totals(result.articles):
        segments = sum(n for s, n in counts.items() if s is not Status.NEW)
        share = counts[Status.CURRENT] / segments if segments else 1.0
        lines.append(
            f"{locale}: {segments} segments, {share:.2%} current, " + ", ".join(f"{n} {s.value}" for s, n in counts.items())
        )
    per_commit: dict[str, Counter[Status]] = {}
    if commits is not None:
        for article in result.articles:
            per_commit.setdefault(commits.get(article.path) or "?", Counter()).update(m.status for m in article.matches)
    for commit, counts in sorted(per_commit.items(), key=lambda item: -item[1].total()):
        segments = counts.total() - counts[Status.NEW]
        share = counts[Status.CURRENT] / segments if segments else 1.0
        lines.append(f"translated from {commit[:12]}: {segments} segments, {share:.2%} current")
    return "\n".join(lines) + "\n"
