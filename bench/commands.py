"""Every command as users run it, timed as a whole process next to ``loctk stats``.

    python bench/commands.py [CORPUS] [--jobs N] [--repeat K] [--only NAME…] [--scale S] [--floor]

Each command runs in a fresh ``python -m toolkit`` process, paired with a ``stats`` run on
the same input right before it (so both see the same machine load); the figures are the
medians over K pairs of wall time and of CPU time (user + system, every process of the
command's tree: steadier than wall time on a busy machine), their ratios to ``stats``, and
the peak resident memory of the largest process of the tree (workers included).

``--scale S`` runs on S copies of the corpus, each copy's locales renamed (``de-DE`` →
``de-DE-x-c2``, folder and ``ms.contentlocale``), made in a temporary folder; ``--floor``
adds the one-process floor (read every file, one regular expression) and each command's
wall time against it. Outputs go to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import re
import shutil
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
    "export -f tmx -f po": ["export", "{input}", "-f", "tmx", "-f", "po", "-o", "{out}/tm"],
    "export -f tmx --multilingual": ["export", "{input}", "-f", "tmx", "--multilingual", "-o", "{out}/tm"],
    "extract": ["extract", "{input}", "-o", "{out}/segments.jsonl"],
    "extract -f parquet": ["extract", "{input}", "-f", "parquet", "-o", "{out}/dataset"],
    "build": ["build", "{input}", "-o", "{out}/build"],
    "analyze --format json": ["analyze", "{input}", "--source", "{english}", "--format", "json", "-o", "{out}/analysis.json"],
    "update": ["update", "{input}", "--source", "{english}", "-o", "{out}/updated"],
    "kit -f xliff12": ["kit", "{input}", "--source", "{english}", "-f", "xliff12", "-o", "{out}/kit"],
}
"""``{english}``: the later English snapshot beside the corpus (``source/2021-12-22``)."""


_WRAPPER = (
    "import resource, subprocess, sys; "
    "done = subprocess.run([sys.executable, '-m', 'toolkit', *sys.argv[1:]], capture_output=True); "
    "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "crashed = b'Traceback (most recent call last)' in done.stderr; "
    "print(used.ru_maxrss, used.ru_utime + used.ru_stime, -1 if crashed else done.returncode)"
)
"""A run that printed a traceback (a crash, even one before the CLI could give it its exit
code) reports the code -1, which no figure is made of."""

_FLOOR = (
    "import os, re, sys, time; "
    'pair = re.compile(r\'<span data-ttu-id="([^"]*)">(.*?)</span><span class="sxs-lookup"><span data-stu-id="([^"]*)">'
    "(.*?)</span></span>', re.DOTALL); "
    "files = [os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith('.md')]; "
    "start = time.perf_counter(); "
    "n = sum(len(pair.findall(open(p, 'rb').read().decode('utf-8', 'surrogateescape'))) for p in files); "
    "print(time.perf_counter() - start, n)"
)


def timed(arguments: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS in MB (the largest process of its tree) and exit
    code of one ``loctk`` process, run under a wrapper of its own so no other run is counted."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *arguments], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak, cpu, code = done.stdout.split()
    return wall, float(cpu), int(peak) / 1024, int(code)


def floor(corpus: str, repeat: int) -> float:
    """The best of ``repeat`` bare passes (read, decode, one regular expression) in one process."""
    runs = [
        float(
            subprocess.run([sys.executable, "-c", _FLOOR, corpus], capture_output=True, text=True, check=True).stdout.split()[0]
        )
        for _ in range(repeat)
    ]
    return min(runs)


def ran(code: int, name: str) -> None:
    """Stop on a run that failed (an exit code other than done, or problems in the input)."""
    if code not in (0, 1):
        raise SystemExit(f"{name}: exit {code}")


def measure(template: list[str], corpus: str, jobs: int, repeat: int, english: str = "") -> dict[str, float]:
    walls, cpus, stats_walls, stats_cpus, peaks = [], [], [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            stats_wall, stats_cpu, _, stats_code = timed(["stats", corpus, "--jobs", str(jobs), "-q"])
            arguments = [part.format(input=corpus, out=out, english=english) for part in template]
            wall, cpu, peak, code = timed([*arguments, "--jobs", str(jobs), "-q"])
            ran(stats_code, "stats")
            ran(code, " ".join(template))
        walls.append(wall)
        cpus.append(cpu)
        stats_walls.append(stats_wall)
        stats_cpus.append(stats_cpu)
        peaks.append(peak)
    wall, stats_wall = statistics.median(walls), statistics.median(stats_walls)
    cpu, stats_cpu = statistics.median(cpus), statistics.median(stats_cpus)
    return {
        "wall": wall,
        "stats": stats_wall,
        "ratio": wall / stats_wall,
        "cpu": cpu,
        "cpu_ratio": cpu / stats_cpu,
        "peak": max(peaks),
    }


def scaled(corpus: Path, copies: int, into: Path) -> Path:
    """``copies`` copies of a corpus of locale folders, the locales of copy k renamed ``…-x-ck``."""
    for k in range(1, copies + 1):
        for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
            name = folder.name if k == 1 else f"{folder.name}-x-c{k}"
            shutil.copytree(folder, into / name)
            if k == 1:
                continue
            for path in (into / name).rglob("*.md"):
                text = path.read_bytes()
                path.write_bytes(re.sub(rb"(?m)^(ms\.contentlocale:[ \t]*)(\S+)", rb"\1\2-x-c" + str(k).encode(), text, count=1))
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="names of the commands to time (default: all)")
    parser.add_argument("--scale", type=int, default=1, help="run on this many renamed copies of the corpus")
    parser.add_argument("--floor", action="store_true", help="also the one-process regex floor, and each command against it")
    parser.add_argument("--english", help="the new English of analyze, update and kit (default: CORPUS/../source/2021-12-22)")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        raise SystemExit(f"no corpus at {args.corpus}")
    with tempfile.TemporaryDirectory() as work:
        corpus = str(scaled(Path(args.corpus), args.scale, Path(work))) if args.scale > 1 else args.corpus
        base = floor(corpus, args.repeat) if args.floor else 0.0
        print(f"corpus {args.corpus} x{args.scale}, --jobs {args.jobs}, median of {args.repeat} paired runs")
        if base:
            print(f"floor (one process, read + one regex): {base:.2f} s")
        print(
            f"{'command':30} {'wall s':>7} {'stats s':>7} {'x stats':>7} {'cpu s':>7} {'cpu x':>6} {'peak MB':>7}"
            + (f" {'x floor':>7}" if base else "")
        )
        for name, template in COMMANDS.items():
            if args.only and name not in args.only:
                continue
            english = args.english or str(Path(args.corpus).resolve().parent / "source" / "2021-12-22")
            f = measure(template, corpus, args.jobs, args.repeat, english)
            print(
                f"{name:30} {f['wall']:7.2f} {f['stats']:7.2f} {f['ratio']:7.2f} {f['cpu']:7.1f} {f['cpu_ratio']:6.2f}"
                f" {f['peak']:7.0f}" + (f" {f['wall'] / base:7.2f}" if base else ""),
                flush=True,
            )


if __name__ == "__main__":
    main()
