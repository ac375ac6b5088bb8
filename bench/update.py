"""Analyze and update of the 12-locale corpus for a later English, next to the parse time.

    python bench/update.py [SXS] [--source EN_ROOT | --source-repo GIT_DIR [--to REV]]

Parses every article once (timed), then runs the update job locale by locale in the same
process (timed, memoized sentence cuts and inline parses cleared first): leverage of every
new English sentence (the analysis) and writing every updated article in memory. Prints
the figures with their ratio to the parse, the leverage counts per locale and the peak
resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from toolkit.align.sentences import sentences_of
from toolkit.align.source import English, FolderEnglish, GitEnglish, detect_mapping
from toolkit.analysis import Analysis
from toolkit.corpus import find_markdown
from toolkit.docs import locale_in_path, relative_path
from toolkit.gitstore import GitStore
from toolkit.inline import clear_memo
from toolkit.leverage import Band, memory_of
from toolkit.sxs import read_article
from toolkit.update import Planner, added_candidates, write_updated

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sxs", nargs="?", default=str(REAL / "sxs"))
    parser.add_argument("--source", default=str(REAL / "source" / "2021-12-22"))
    parser.add_argument("--source-repo")
    parser.add_argument("--to", default="HEAD")
    args = parser.parse_args()
    if not Path(args.sxs).is_dir():
        print(f"no corpus at {args.sxs}", file=sys.stderr)
        return 2
    files, _ = find_markdown([args.sxs])
    clear_memo()
    started = time.perf_counter()
    articles = [read_article(path) for path in files]
    parse = time.perf_counter() - started
    print(f"parse      {parse:7.2f} s  {len(articles)} files, {sum(len(a.segments) for a in articles)} segments")
    if args.source_repo:
        store = GitStore(args.source_repo)
        commit = store.commit(args.to) or ""
        english: English = GitEnglish(store, commit)
    else:
        english, commit = FolderEnglish(args.source), ""
    by_locale: dict[str, list[int]] = {}
    for number, path in enumerate(files):
        by_locale.setdefault(locale_in_path(path), []).append(number)

    clear_memo()
    sentences_of.cache_clear()
    started = time.perf_counter()
    english_files = english.paths(commit)
    mapping = detect_mapping([f for f in english_files if f.endswith(".md")], [relative_path(p) for p in files])
    planner = Planner(english, commit, mapping)
    analysis = Analysis()
    written = 0
    writing = 0.0
    for locale, numbers in sorted(by_locale.items()):
        found = [articles[n] for n in numbers]
        memory = memory_of(found)
        covered = [mapping.english_path(relative_path(a.path, a.locale)) or "" for a in found]
        for planned in planner.plan(locale, [(a.path, a) for a in found], memory, added_candidates(english_files, covered)):
            analysis.add(planned)
            writing -= time.perf_counter()
            if planned.english is not None:
                written += len(write_updated(planned, commit).text)
            writing += time.perf_counter()
    total = time.perf_counter() - started
    print(f"analyze    {total - writing:7.2f} s  {(total - writing) / parse:5.2f}x parse  leverage of every new sentence")
    print(f"update     {total:7.2f} s  {total / parse:5.2f}x parse  analyze + {written / 1e6:.1f} M characters written")
    for locale, row in analysis.locales.items():
        counts = Counter({band: tally.segments for band, tally in row.bands.items()})
        words = {band: tally.words for band, tally in row.bands.items()}
        reused = counts[Band.CONTEXT] + counts[Band.EXACT]
        print(
            f"  {locale}: {counts.total()} sentences, {reused} reused; "
            + ", ".join(f"{band.value} {counts[band]}/{words[band]}w" for band in Band)
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS   {peak:7.0f} MB (the parsed corpus included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
