"""TMX export of the 12-locale corpus against translate-toolkit's po2tmx on the same units.

    python bench/export.py [CORPUS] [--locales N] [--repeat K]

Parses the corpus once (time shown apart), then times our TMX export (units built and
written, one file per locale) and po2tmx converting the PO compendiums we wrote from the
same articles into TMX, both to files in a temporary folder. Prints µs per unit for each
and their ratio; each figure is the best of K runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from toolkit.corpus import find_markdown
from toolkit.export import EXPORTERS, Options, by_locale
from toolkit.sxs import read_article

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations" / "sxs"


def ours(articles: list, out: Path) -> tuple[float, int]:  # type: ignore[type-arg]
    start = time.perf_counter()
    written = EXPORTERS["tmx"](articles, out, Options())
    return time.perf_counter() - start, written.units


def po2tmx(files: tuple[Path, ...], locales: list[str], out: Path) -> tuple[float, int]:
    from translate.convert.po2tmx import po2tmx as converter
    from translate.storage import tmx

    start = time.perf_counter()
    count = 0
    for path, locale in zip(files, locales, strict=True):
        store = tmx.tmxfile()
        with open(path, "rb") as stream:
            converter().convertfiles(stream, store, "en-US", locale)
        store.setsourcelanguage("en-US")
        with open(out / f"{locale}.tmx", "wb") as stream:
            store.serialize(stream)
        count += len(store.units)
    return time.perf_counter() - start, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--locales", type=int, default=12, help="only the first N locales")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    files, _ = find_markdown([args.corpus])
    start = time.perf_counter()
    articles = [read_article(path) for path in files]
    parse_time = time.perf_counter() - start
    groups = by_locale(articles)
    locales = sorted(groups, key=str.lower)[: args.locales]
    chosen = [a for locale in locales for a in groups[locale]]
    print(f"corpus: {len(files)} files parsed in {parse_time:.1f} s; {len(chosen)} articles in {len(locales)} locales")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        compendiums = EXPORTERS["po"](chosen, out / "po", Options(compendium=True)).files
        our_time, our_units = min(ours(chosen, out / f"ours{k}") for k in range(args.repeat))
        their_time, their_units = min(po2tmx(compendiums, locales, out) for _ in range(args.repeat))
    our_us = our_time / our_units * 1e6
    their_us = their_time / their_units * 1e6
    print(f"loctk TMX export: {our_units} units in {our_time:.2f} s = {our_us:.1f} µs/unit")
    print(f"po2tmx (translate-toolkit): {their_units} units in {their_time:.2f} s = {their_us:.1f} µs/unit")
    print(f"loctk is {their_us / our_us:.1f}x faster per unit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
