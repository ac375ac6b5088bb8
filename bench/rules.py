"""Figures for ``loctk rules``: extraction over the 12-locale corpus, checking, model exploration.

Run: ``python bench/rules.py`` (needs ../shared/corpus). Prints counts and seconds.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from toolkit.corpus import find_markdown
from toolkit.rules import check_spec, extract, read_spec
from toolkit.rules.machine import bounded, explore
from toolkit.sxs import read_article

ROOT = Path(__file__).resolve().parents[1]
SXS = ROOT.parent / "shared" / "corpus" / "project-operations" / "sxs"
SPEC = ROOT / "corpus" / "close-opportunity.rules.yaml"


def main() -> None:
    files, _ = find_markdown([str(SXS)])
    start = time.perf_counter()
    articles = [read_article(f) for f in files]
    parsed = time.perf_counter()
    spec = extract(articles)
    extracted = time.perf_counter()
    english = len({(a.identity, s.number, s.source.text) for a in articles for s in a.segments})
    counts = Counter(r.modality.value for r in spec.rules)
    print(f"parse: {len(articles)} files, {sum(len(a.segments) for a in articles)} segments in {parsed - start:.1f} s")
    print(f"extract: {len(spec.rules)} candidates from {english} distinct English sentences in {extracted - parsed:.2f} s")
    for modality, count in sorted(counts.items()):
        print(f"  {modality}: {count}")
    translations = sum(len(r.translations) for r in spec.rules)
    print(f"  translations traced: {translations} ({translations / max(len(spec.rules), 1):.1f} locales per candidate)")
    curated = read_spec(SPEC)
    start = time.perf_counter()
    problems = check_spec(curated, articles)
    print(f"check {SPEC.name} against the whole corpus: {len(problems)} problems in {time.perf_counter() - start:.2f} s")
    assert curated.machine is not None
    for bound in (1, 2, 3, 5, 8):
        start = time.perf_counter()
        world = explore(bounded(curated.machine, bound))
        print(f"explore with {bound} quotes: {len(world.states)} states in {1000 * (time.perf_counter() - start):.1f} ms")


if __name__ == "__main__":
    main()
