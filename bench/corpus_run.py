"""What the corpus benchmarks share: the corpus location and the cold, timed parse they start with."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from toolkit import caches
from toolkit.corpus import find_markdown
from toolkit.model import Article
from toolkit.sxs import read_article

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations"


def arguments(doc: str) -> argparse.ArgumentParser:
    """A parser with the corpus folder and the English snapshot every corpus benchmark takes."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("sxs", nargs="?", default=str(REAL / "sxs"))
    parser.add_argument("--source", default=str(REAL / "source" / "2021-12-22"))
    return parser


def parse_corpus(sxs: str) -> tuple[list[str], list[Article], float] | None:
    """Every article under ``sxs`` parsed once from cold caches: (paths, articles, seconds);
    prints the figure the other timings are compared with. None (said on stderr) without a corpus."""
    if not Path(sxs).is_dir():
        print(f"no corpus at {sxs}", file=sys.stderr)
        return None
    files, _ = find_markdown([sxs])
    caches.clear()
    started = time.perf_counter()
    articles = [read_article(path) for path in files]
    parse = time.perf_counter() - started
    print(f"parse      {parse:7.2f} s  {len(articles)} files, {sum(len(a.segments) for a in articles)} segments")
    return files, articles, parse
