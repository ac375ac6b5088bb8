"""Figures for ``loctk rules``: extraction over the 12-locale corpus, checking, model exploration.

Run: ``python bench/rules.py`` (needs ../shared/corpus). Prints counts and seconds. Extraction
is timed locale by locale the way a command's workers do it (one part per article, the English
analysis memoized, so the first locale pays for it), next to the parse of the same files; then
the merge of the parts and the YAML text.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from pathlib import Path

from toolkit.corpus import find_markdown
from toolkit.model import Article
from toolkit.rules import check_spec, dump_spec, read_spec
from toolkit.rules.extract import ArticleCandidates, article_candidates, merge_candidates
from toolkit.rules.machine import bounded, explore
from toolkit.sxs import read_article

ROOT = Path(__file__).resolve().parents[1]
SXS = ROOT.parent / "shared" / "corpus" / "project-operations" / "sxs"
SPEC = ROOT / "corpus" / "close-opportunity.rules.yaml"


def main() -> None:
    gc.disable()  # as the CLI does (toolkit.cli.collector_paused)
    articles: list[Article] = []
    parts: list[ArticleCandidates] = []
    for locale in sorted(p.name for p in SXS.iterdir() if p.is_dir()):
        files, _ = find_markdown([str(SXS / locale)])
        start = time.perf_counter()
        these = [read_article(f) for f in files]
        parsed = time.perf_counter()
        parts.extend(article_candidates(a) for a in these)
        done = time.perf_counter()
        ratio = (done - parsed) / (parsed - start)
        print(f"{locale}: {len(these)} files, parse {parsed - start:.2f} s, extract {done - parsed:.2f} s ({ratio:.2f}x)")
        articles.extend(these)
    start = time.perf_counter()
    spec = merge_candidates(parts)
    merged = time.perf_counter()
    text = dump_spec(spec)
    dumped = time.perf_counter()
    english = len({(a.identity, s.number, s.source.text) for a in articles for s in a.segments})
    counts = Counter(r.modality.value for r in spec.rules)
    print(f"merge: {len(spec.rules)} candidates from {english} distinct English sentences in {merged - start:.2f} s")
    print(f"YAML: {len(text):,} characters in {dumped - merged:.2f} s")
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
