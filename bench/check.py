"""Time the QA checks against the parse of the same corpus, in the same run.

    python bench/check.py [CORPUS] [--repeat K] [--rates]

Prints the parse time, the time of ``run_checks`` (every check, consistency included) and
their ratio; each figure is the best of K runs, with memoized inline and profile results
cleared so no run starts warm. ``--rates`` adds findings per 1,000 segments for each check
and locale.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from toolkit.checks import CHECKS, Finding, run_checks
from toolkit.checks.profile import clear_memo as clear_profiles
from toolkit.corpus import find_markdown
from toolkit.inline import clear_memo
from toolkit.model import Article
from toolkit.sxs import read_article

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations" / "sxs"


def rates(articles: list[Article], findings: list[Finding]) -> str:
    """A table: findings per 1,000 segments, a row per check, a column per locale."""
    segments = Counter[str]()
    for article in articles:
        segments[article.locale] += len(article.segments)
    counts = Counter((f.code, f.locale) for f in findings)
    locales = sorted(segments, key=str.lower)
    lines = ["code  " + " ".join(f"{loc:>6}" for loc in locales) + "    all"]
    total = sum(segments.values())
    for code in sorted(CHECKS, key=lambda c: ("SMCX".find(c[0]), c)):
        row = " ".join(f"{1000 * counts[code, loc] / segments[loc]:6.2f}" for loc in locales)
        everywhere = sum(counts[code, loc] for loc in locales)
        lines.append(f"{code}  {row} {1000 * everywhere / total:6.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rates", action="store_true")
    args = parser.parse_args()
    files, _ = find_markdown([args.corpus])
    best_parse = best_check = float("inf")
    articles: list[Article] = []
    findings: list[Finding] = []
    for _ in range(args.repeat):
        clear_memo()
        clear_profiles()
        start = time.perf_counter()
        articles = [read_article(path) for path in files]
        parsed = time.perf_counter()
        findings = run_checks(articles)
        checked = time.perf_counter()
        best_parse = min(best_parse, parsed - start)
        best_check = min(best_check, checked - parsed)
    count = sum(len(a.segments) for a in articles)
    print(f"corpus: {len(files)} files, {count} segments, {len({a.locale for a in articles})} locales")
    print(f"parse:  {best_parse:6.2f} s  ({count / best_parse:,.0f} segments/s)")
    print(f"check:  {best_check:6.2f} s  ({count / best_check:,.0f} segments/s, {len(CHECKS)} checks, {len(findings)} findings)")
    print(f"ratio:  {best_check / best_parse:6.2f} x the parse time (target: at most 2)")
    if args.rates:
        print("\nfindings per 1,000 segments\n" + rates(articles, findings))


if __name__ == "__main__":
    main()
