"""Analyze and update of the 12-locale corpus for a later English, next to the parse time.

    python bench/update.py [SXS] [--source EN_ROOT | --source-repo GIT_DIR [--to REV]] [--jobs N]

Parses every article once (timed), then runs the update job locale by locale in the same
process (timed, memoized sentence cuts and inline parses cleared first): leverage of every
new English sentence (the analysis) and writing every updated article in memory. Prints
the figures with their ratio to the parse, the leverage counts per locale and the peak
resident memory of the process (which holds the whole parsed corpus, unlike the commands).

Then ``loctk analyze``, ``update`` and ``kit -f xliff12`` run as users run them, each a
fresh process paired with ``loctk stats`` right before it (the parse as a command: the
same load for both), with their wall and CPU time (user and system, workers included),
ratios to ``stats`` and peak resident memory (``bench/commands.py`` measures them the same
way). Wall time includes the output tree's batched ``os.sync`` and, on a shared machine,
the waits for a CPU; CPU time is the figure a loaded machine disturbs least.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter

from commands import ran, timed
from corpus_run import arguments, parse_corpus

from toolkit import caches
from toolkit.align.source import English, FolderEnglish, GitEnglish, detect_mapping
from toolkit.analysis import Analysis
from toolkit.docs import locale_in_path, relative_path
from toolkit.gitstore import GitStore
from toolkit.leverage import Band, memory_of
from toolkit.model import Article
from toolkit.update import Planner, added_candidates, write_updated


def update(english: English, commit: str, articles: list[Article]) -> tuple[Analysis, int, float]:
    """Plans every locale's update and writes each updated article in memory: (the analysis,
    characters written, seconds spent writing)."""
    by_locale: dict[str, list[Article]] = {}
    for article in articles:
        by_locale.setdefault(locale_in_path(article.path), []).append(article)
    english_files = english.paths(commit)
    mapping = detect_mapping([f for f in english_files if f.endswith(".md")], [relative_path(a.path) for a in articles])
    planner = Planner(english, commit, mapping)
    analysis = Analysis()
    written = 0
    writing = 0.0
    for locale, found in sorted(by_locale.items()):
        covered = [mapping.english_path(relative_path(a.path, a.locale)) or "" for a in found]
        plans = planner.plan(locale, [(a.path, a) for a in found], memory_of(found), added_candidates(english_files, covered))
        for planned in plans:
            analysis.add(planned)
            writing -= time.perf_counter()
            if planned.english is not None:
                written += len(write_updated(planned, commit).text)
            writing += time.perf_counter()
    return analysis, written, writing


def print_leverage(analysis: Analysis) -> None:
    for locale, row in analysis.locales.items():
        counts = Counter({band: tally.segments for band, tally in row.bands.items()})
        words = {band: tally.words for band, tally in row.bands.items()}
        reused = counts[Band.CONTEXT] + counts[Band.EXACT]
        print(
            f"  {locale}: {counts.total()} sentences, {reused} reused; "
            + ", ".join(f"{band.value} {counts[band]}/{words[band]}w" for band in Band)
        )


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--source-repo")
    parser.add_argument("--to", default="HEAD")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the commands")
    args = parser.parse_args()
    parsed = parse_corpus(args.sxs)
    if parsed is None:
        return 2
    _, articles, parse = parsed
    if args.source_repo:
        store = GitStore(args.source_repo)
        commit = store.commit(args.to) or ""
        english: English = GitEnglish(store, commit)
    else:
        english, commit = FolderEnglish(args.source), ""
    caches.clear()
    started = time.perf_counter()
    analysis, written, writing = update(english, commit, articles)
    total = time.perf_counter() - started
    print(f"analyze    {total - writing:7.2f} s  {(total - writing) / parse:5.2f}x parse  leverage of every new sentence")
    print(f"update     {total:7.2f} s  {total / parse:5.2f}x parse  analyze + {written / 1e6:.1f} M characters written")
    print_leverage(analysis)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS   {peak:7.0f} MB (the parsed corpus included)")
    commands(args)
    return 0


def commands(args: argparse.Namespace) -> None:
    """The commands as whole processes, each next to a ``stats`` run just before it."""
    english = ["--source-repo", args.source_repo, "--to", args.to] if args.source_repo else ["--source", args.source]
    jobs = ["--jobs", str(args.jobs), "-q"]
    head = f"{'command':16} {'wall s':>7} {'stats':>7} {'x':>5} {'CPU s':>7} {'stats':>7} {'x':>5} {'peak MB':>8}"
    print(f"{head}  (--jobs {args.jobs})")
    for name, more in (
        ("analyze", ["--format", "json", "-o", "{out}/analysis.json"]),
        ("update", ["-o", "{out}/updated"]),
        ("kit -f xliff12", ["-f", "xliff12", "-o", "{out}/kit"]),
    ):
        with tempfile.TemporaryDirectory() as out:
            stats_wall, stats_cpu, stats_peak, stats_code = timed(["stats", args.sxs, *jobs])
            arguments = [name.split()[0], args.sxs, *english, *(a.format(out=out) for a in more), *jobs]
            wall, cpu, peak, code = timed(arguments)
        ran(stats_code, "stats")
        ran(code, name)
        print(
            f"{name:16} {wall:7.1f} {stats_wall:7.1f} {wall / stats_wall:5.2f} {cpu:7.1f} {stats_cpu:7.1f} {cpu / stats_cpu:5.2f}"
            f" {peak:8.0f}  (stats peak {stats_peak:.0f} MB)"
        )


if __name__ == "__main__":
    sys.exit(main())
