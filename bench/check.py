"""Time the QA checks against the parse of the same corpus, in the same run.

    python bench/check.py [CORPUS] [--repeat K] [--rates] [--per-check]

Prints the parse time, the time of ``run_checks`` (every check, consistency included) and
their ratio; each figure is the best of K runs, with memoized results cleared so no run
starts warm, and the cyclic garbage collector paused as the CLI pauses it. ``--rates`` adds
findings per 1,000 segments for each check and locale. ``--per-check`` adds what each check
costs per locale (milliseconds of processor time, which other work on a shared machine
disturbs less than wall time; mean over the locales, best of K): the profiles of the halves
once, then every segment check over the same profiled pairs, every article check over the
articles, every consistency check over each locale; what ``run_checks`` spends beyond their
sum is its own loop.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import cast

from toolkit import caches
from toolkit.checks import CHECKS, Finding, run_checks
from toolkit.checks.locales import rules_for
from toolkit.checks.profile import Profile, profile
from toolkit.checks.registry import ArticleFunc, Context, Scope, SegmentFunc
from toolkit.cli import collector_paused
from toolkit.corpus import find_markdown
from toolkit.model import Article, Segment
from toolkit.sxs import read_article

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations" / "sxs"

Pair = tuple[Segment, Profile, Profile, Context]


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


def _best(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def _profiled(articles: list[Article]) -> list[Pair]:
    """Every pair the segment checks see (a translation with text), profiled, with its locale's context."""
    pairs: list[Pair] = []
    for article in articles:
        context = Context(rules_for(article.locale))
        for segment in article.segments:
            markup = segment.target.markup
            if markup and not markup.isspace():
                pairs.append((segment, profile(segment.source, english=True), profile(segment.target), context))
    return pairs


def _one(code: str, articles: list[Article], pairs: list[Pair], by_locale: dict[str, list[Article]]) -> None:
    """Run one check the way run_checks does, on what it was prepared."""
    info = CHECKS[code]
    if info.scope is Scope.SEGMENT:
        func = cast(SegmentFunc, info.func)
        for pair in pairs:
            func(*pair)
    elif info.scope is Scope.ARTICLE:
        check = cast(ArticleFunc, info.func)
        for article in articles:
            list(check(article, info))
    else:
        for group in by_locale.values():
            run_checks(group, select=[code])


def per_check(articles: list[Article], repeat: int) -> str:
    """Milliseconds per locale for the profiles, each check, and run_checks' own loop."""
    by_locale: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_locale[article.locale.lower()].append(article)
    locales = len(by_locale)

    def profiles() -> None:
        caches.clear()
        _profiled(articles)

    times: dict[str, float] = {"profiles": _best(repeat, profiles)}
    pairs = _profiled(articles)
    coded = [pair for pair in pairs if pair[1].codes or pair[2].codes]
    for code, info in CHECKS.items():
        times[code] = _best(repeat, partial(_one, code, articles, coded if info.markup else pairs, by_locale))

    def everything() -> None:
        caches.clear()
        run_checks(articles)

    total = _best(repeat, everything)
    times["run_checks loop"] = max(0.0, total - sum(times.values()))
    rows = [f"{name:<16} {1000 * seconds / locales:8.1f}" for name, seconds in times.items()]
    segment_and_article = sum(t for name, t in times.items() if not name.startswith("X"))
    rows.append(f"{'S, M, C + loop':<16} {1000 * segment_and_article / locales:8.1f}")
    rows.append(f"{'run_checks':<16} {1000 * total / locales:8.1f}")
    return "check            ms/locale\n" + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rates", action="store_true")
    parser.add_argument("--per-check", action="store_true")
    args = parser.parse_args()
    with collector_paused():  # as the CLI runs
        measure(args)


def measure(args: argparse.Namespace) -> None:
    files, _ = find_markdown([args.corpus])
    best_parse = best_check = float("inf")
    articles: list[Article] = []
    findings: list[Finding] = []
    for _ in range(args.repeat):
        caches.clear()
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
    if args.per_check:
        print("\n" + per_check(articles, args.repeat))
    if args.rates:
        print("\nfindings per 1,000 segments\n" + rates(articles, findings))


if __name__ == "__main__":
    main()
