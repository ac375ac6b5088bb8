"""Every command as users run it, timed as a whole process next to ``loctk stats``.

    python bench/commands.py [CORPUS] [--jobs N] [--repeat K] [--only NAME…]

Each command runs in a fresh ``python -m toolkit`` process, paired with a ``stats`` run on
the same input right before it (so both see the same machine load); the figure is the
median over K pairs of wall time, the ratio to ``stats`` and the peak resident memory of
the largest process of the command's tree (workers included). Outputs go
to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations" / "sxs"

COMMANDS: dict[str, list[str]] = {
    "check --format json": ["check", "{input}", "--format", "json", "-o", "{out}/qa.json"],
    "rules extract": ["rules", "extract", "{input}", "-o", "{out}/rules.yaml"],
    "export -f tmx": ["export", "{input}", "-f", "tmx", "-o", "{out}/tm"],
    "export -f po": ["export", "{input}", "-f", "po", "-o", "{out}/tm"],
    "export -f tmx --multilingual": ["export", "{input}", "-f", "tmx", "--multilingual", "-o", "{out}/tm"],
    "extract": ["extract", "{input}", "-o", "{out}/segments.jsonl"],
    "build": ["build", "{input}", "-o", "{out}/build"],
}


_WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.run([sys.executable, '-m', 'toolkit', *sys.argv[1:]], capture_output=True).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


def timed(arguments: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (the largest process of its tree) and exit code of one
    ``loctk`` process, run under a wrapper of its own so no other run's peak is counted."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *arguments], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak, code = done.stdout.split()
    return wall, int(peak) / 1024, int(code)


def measure(name: str, template: list[str], corpus: str, jobs: int, repeat: int) -> dict[str, float]:
    walls, stats_walls, peaks = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            stats_wall, _, _ = timed(["stats", corpus, "--jobs", str(jobs), "-q"])
            arguments = [part.format(input=corpus, out=out) for part in template]
            wall, peak, code = timed([*arguments, "--jobs", str(jobs), "-q"])
            if code not in (0, 1):
                raise SystemExit(f"{name}: exit {code}")
        walls.append(wall)
        stats_walls.append(stats_wall)
        peaks.append(peak)
    wall, stats_wall = statistics.median(walls), statistics.median(stats_walls)
    return {"wall": wall, "stats": stats_wall, "ratio": wall / stats_wall, "peak": max(peaks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="names of the commands to time (default: all)")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        raise SystemExit(f"no corpus at {args.corpus}")
    print(f"corpus {args.corpus}, --jobs {args.jobs}, median of {args.repeat} paired runs")
    print(f"{'command':32} {'wall s':>8} {'stats s':>8} {'x stats':>8} {'peak MB':>8}")
    for name, template in COMMANDS.items():
        if args.only and name not in args.only:
            continue
        figures = measure(name, template, args.corpus, args.jobs, args.repeat)
        print(
            f"{name:32} {figures['wall']:8.2f} {figures['stats']:8.2f} {figures['ratio']:8.2f} {figures['peak']:8.0f}", flush=True
        )


if __name__ == "__main__":
    main()
