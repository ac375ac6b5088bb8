"""Parse the 12-locale corpus and compare with the floor: a bare read + one regex pass.

    python bench/parse.py [CORPUS] [--jobs N] [--repeat K]

Prints files/s, MB/s, segments/s and peak memory of a full parse (block context and
inline markup included) with one process and with N processes, each next to the time of
a bare pass over the same files in the same run, and their ratio. Each figure is the best
of K runs in a fresh interpreter; memoized results are cleared between runs so none starts warm.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from toolkit import caches
from toolkit.cli import collector_paused
from toolkit.corpus import find_markdown, run
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
    """The parse as ``loctk`` runs it: cold caches, the collector paused around the run."""
    caches.clear()
    with collector_paused():
        return sum(run(count_segments, files, jobs=jobs))


def best(repeat: int, action: object) -> tuple[float, int]:
    times = []
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(kind: str, files: list[str], jobs: int, repeat: int) -> dict[str, float]:
    """One figure, taken in this (fresh) process: best time, count and peak memory."""
    if kind == "bare":
        seconds, count = best(repeat, lambda: bare_pass(files))
    else:
        seconds, count = best(repeat, lambda: full_parse(files, jobs))
    usage = resource.RUSAGE_CHILDREN if kind == "parse" and jobs > 1 else resource.RUSAGE_SELF
    return {"seconds": seconds, "count": count, "peak_mb": resource.getrusage(usage).ru_maxrss / 1024}


def in_fresh_process(kind: str, corpus: str, jobs: int, repeat: int) -> dict[str, float]:
    """Each figure comes from its own interpreter, as each `loctk` run does: a parent grown
    by earlier runs would otherwise slow the next ones (and fork its heap into workers)."""
    command = [sys.executable, __file__, corpus, "--measure", kind, "--jobs", str(jobs), "--repeat", str(repeat)]
    result: dict[str, float] = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", choices=["bare", "parse"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not Path(args.corpus).is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files, _ = find_markdown([args.corpus])
    if args.measure:
        print(json.dumps(measure(args.measure, files, args.jobs, args.repeat)))
        return 0

    bare_pass(files)  # the page cache is warm for every figure alike
    bare = in_fresh_process("bare", args.corpus, 1, args.repeat)
    single = in_fresh_process("parse", args.corpus, 1, args.repeat)
    multi = in_fresh_process("parse", args.corpus, args.jobs, args.repeat)
    assert bare["count"] == single["count"] == multi["count"], (bare, single, multi)

    mb = sum(Path(f).stat().st_size for f in files) / 1e6
    segments = int(single["count"])
    print(f"corpus: {len(files)} files, {mb:.1f} MB, {segments} segments")
    print(
        f"bare pass (read + one regex): {bare['seconds']:.3f} s  {len(files) / bare['seconds']:,.0f} files/s  "
        f"{mb / bare['seconds']:.1f} MB/s"
    )
    for label, figure in (("parse, 1 process", single), (f"parse, {args.jobs} processes", multi)):
        seconds = figure["seconds"]
        print(
            f"{label}: {seconds:.3f} s  {len(files) / seconds:,.0f} files/s  {mb / seconds:.1f} MB/s  "
            f"{segments / seconds:,.0f} segments/s  peak {figure['peak_mb']:,.0f} MB  ratio {seconds / bare['seconds']:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
