"""Render, align and multilingual export of the 12-locale corpus, next to the parse time.

    python bench/align.py [SXS] [--source EN_ROOT] [--source-repo GIT_DIR]

Parses every article once (timed), then times, over the parsed articles in the same run:
rendering both sides, alignment with the English source (by default the distant snapshot
``source/2021-12-22``; sentence cutting of the English files included: memoized results
are cleared first), alignment of each article with the English at its own commit read from
git, and the multilingual TMX export (cross-locale alignment and writing). Each figure is
printed with its ratio to the parse.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from corpus_run import REAL, arguments, parse_corpus

from toolkit.align.sentences import sentences_of
from toolkit.align.source import GitEnglish, Status, align_source, best_pairs
from toolkit.gitstore import GitStore
from toolkit.multilingual import export_multilingual_tmx
from toolkit.render import Side, render_article


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--source-repo", default=str(REAL / "source" / "english.git"))
    args = parser.parse_args()
    parsed = parse_corpus(args.sxs)
    if parsed is None:
        return 2
    _, articles, parse = parsed

    def report(name: str, seconds: float, what: str) -> None:
        print(f"{name:<10} {seconds:7.2f} s  {seconds / parse:5.2f}x parse  {what}")

    started = time.perf_counter()
    size = sum(len(render_article(a, side)) for a in articles for side in Side)
    report("render", time.perf_counter() - started, f"both sides, {size / 1e6:.1f} M characters")

    sentences_of.cache_clear()
    best_pairs.cache_clear()
    started = time.perf_counter()
    aligned = align_source(articles, args.source)
    matches = sum(len(a.matches) for a in aligned.articles)
    report("align", time.perf_counter() - started, f"{matches} segments and new sentences rated")

    if Path(args.source_repo).is_dir():
        sentences_of.cache_clear()
        best_pairs.cache_clear()
        started = time.perf_counter()
        with GitStore(args.source_repo) as store:
            aligned = align_source(articles, GitEnglish(store))
        current = sum(a.count(Status.CURRENT) for a in aligned.articles)
        report("align-git", time.perf_counter() - started, f"each article at its own commit, {current} current")

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        written, cross = export_multilingual_tmx(articles, Path(out))
        size = written.files[0].stat().st_size
        report(
            "tmx",
            time.perf_counter() - started,
            f"{written.units} units, {cross.complete()} in all {len(cross.locales)} locales, {size / 1e6:.0f} MB",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
