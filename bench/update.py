"""Analyze and update of the 12-locale corpus for a later English, next to the parse time.

    python bench/update.py [SXS] [--source EN_ROOT | --source-repo GIT_DIR [--to REV]]

Parses every article once (timed), then runs the update job locale by locale in the same
process (timed, memoized sentence cuts and inline parses cleared first): leverage of every
new English sentence (the analysis) and writing every updated article in memory. Prints
the figures with their ratio to the parse, the leverage counts per locale and the peak
resident memory of the process.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
