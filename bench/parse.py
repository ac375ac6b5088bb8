"""Parse the 12-locale corpus and compare with the floor: a bare read + one regex pass.

    python bench/parse.py [CORPUS] [--jobs N] [--repeat K]

Prints files/s, MB/s, segments/s and peak memory of a full parse (block context and
inline markup included) with one process and with N processes, each next to the time of
a bare pass over the same files in the same run, and their ratio. Each figure is the best
of K runs; memoized results are cleared between runs so none starts warm.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

from toolkit.blocks import block_context
from toolkit.corpus import find_markdown, run
from toolkit.inline import clear_memo
from toolkit.sxs import read_article

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations" / "sxs"
BARE = re.compile(
    r'<span data-ttu-id="([^"]*)">(.*?)</span><span class="sxs-lookup"><span data-stu-id="([^"]*)">(.*?)</span></span>',
    re.DOTALL,
)


def bare_pass(files: list[str]) -> int:
    """The fastest a Python reader can be: read, decode, one regular expression."""
    count = 0
    for path in files:
        with open(path, "rb") as stream:
            text = stream.read().decode("utf-8")
        count += sum(1 for _ in BARE.finditer(text))
    return count


def count_segments(path: str) -> int:
    return len(read_article(path).segments)


def full_parse(files: list[str], jobs: int) -> int:
    clear_memo()
    block_context.cache_clear()
    return sum(run(count_segments, files, jobs=jobs))


def best(repeat: int, action: object) -> tuple[float, int]:
    times = []
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.corpus).is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files, _ = find_markdown([args.corpus])
    size = sum(Path(f).stat().st_size for f in files)
    bare_pass(files)  # warm the page cache

    bare, pairs = best(args.repeat, lambda: bare_pass(files))
    # Processes first: workers are forked, and a parent whose heap earlier parses have
    # grown makes them pay copy-on-write faults that `loctk` itself never sees.
    multi, multi_segments = best(args.repeat, lambda: full_parse(files, args.jobs))
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    single, segments = best(args.repeat, lambda: full_parse(files, 1))
    single_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert segments == pairs == multi_segments, (segments, pairs, multi_segments)

    mb = size / 1e6
    print(f"corpus: {len(files)} files, {mb:.1f} MB, {segments} segments")
    print(f"bare pass (read + one regex): {bare:.3f} s  {len(files) / bare:,.0f} files/s  {mb / bare:.1f} MB/s")
    for label, seconds, rss in (("parse, 1 process", single, single_rss), (f"parse, {args.jobs} processes", multi, child_rss)):
        print(
            f"{label}: {seconds:.3f} s  {len(files) / seconds:,.0f} files/s  {mb / seconds:.1f} MB/s  "
            f"{segments / seconds:,.0f} segments/s  peak {rss:,.0f} MB  ratio {seconds / bare:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
