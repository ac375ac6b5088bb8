"""Figures for the capacity model of ``docs/scale.md``, on one machine.

    python bench/scale.py [CORPUS] [--parts scaling,commands,overhead,memory,sizes]

* scaling: ``extract -f parquet`` of the corpus with ``--jobs 1``, ``--jobs 2`` and the Dask
  engine with 1 and 2 workers (a ``LocalCluster`` started before the clock runs);
* commands: files/s and segments/s on one core (``--jobs 1``) for extract, export (TMX),
  check and stats;
* overhead: the cost of one Dask task (partitions of one trivial item) against a plain loop;
* memory: peak RSS of the driver (this command's process) for a quarter, half and all of
  the corpus on the Dask engine, and on the local engine;
* sizes: bytes on disk of the Parquet dataset and of the JSON Lines, per million segments.

Every run is a fresh ``python -m toolkit`` process; times are wall-clock on a machine other
people may be using, so compare figures of one run with each other.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "project-operations" / "sxs"
DRIVER = (
    "import resource, sys\n"
    "from toolkit.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def loctk(*arguments: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the driver (kB) and stderr of one command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, *arguments, "-q"],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"loctk {' '.join(arguments)} failed: {done.stderr[-2000:]}")
    rss = int(done.stderr.rsplit("maxrss_kb=", 1)[1].split()[0])
    return elapsed, rss, done.stderr


def figures(label: str, seconds: float, files: int, segments: int, rss: int) -> str:
    rates = f"{files / seconds:6.0f} files/s  {segments / seconds:7.0f} seg/s"
    return f"  {label:16} {seconds:6.1f} s  {rates}  driver {rss / 1024:5.0f} MB"


def segments_of(stderr: str) -> int:
    line = next(line for line in stderr.splitlines() if " segments written to " in line)
    return int(line.split()[0])


def cluster(workers: int) -> tuple[object, str]:
    from distributed import LocalCluster

    made = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    return made, made.scheduler_address


def scaling(corpus: Path, work: Path, files: int) -> None:
    print("scaling: extract -f parquet, whole corpus")
    runs: list[tuple[str, list[str]]] = [("local --jobs 1", ["--jobs", "1"]), ("local --jobs 2", ["--jobs", "2"])]
    for label, options in runs:
        seconds, rss, err = loctk("extract", str(corpus), "-f", "parquet", "-o", str(work / "ds"), *options)
        print(figures(label, seconds, files, segments_of(err), rss))
    for workers in (1, 2):
        made, address = cluster(workers)
        try:
            seconds, rss, err = loctk(
                "extract", str(corpus), "-f", "parquet", "-o", str(work / "ds"), "--engine", "dask", "--scheduler", address
            )
        finally:
            made.close()  # type: ignore[attr-defined]
        label = f"dask {workers} worker{'s' if workers > 1 else ''}"
        print(figures(label, seconds, files, segments_of(err), rss))


def commands(corpus: Path, work: Path, files: int, segments: int) -> None:
    print("commands on one core (--jobs 1), whole corpus")
    for label, arguments in (
        ("extract (jsonl)", ["extract", str(corpus), "-o", str(work / "s.jsonl")]),
        ("extract parquet", ["extract", str(corpus), "-f", "parquet", "-o", str(work / "ds")]),
        ("export tmx", ["export", str(corpus), "-f", "tmx", "-o", str(work / "tm")]),
        ("check", ["check", str(corpus), "--format", "json", "-o", str(work / "check.json")]),
        ("stats", ["stats", str(corpus)]),
    ):
        seconds, rss, _ = loctk(*arguments, "--jobs", "1")
        print(figures(label, seconds, files, segments, rss))


def overhead(tasks: int = 400) -> None:
    from toolkit.engines import DaskEngine

    made, address = cluster(2)
    try:
        with DaskEngine(address, partition=1) as engine:
            list(engine.map(len, ["x"] * 20))  # warm
            start = time.perf_counter()
            assert list(engine.map(len, ["x"] * tasks)) == [1] * tasks
            per_task = (time.perf_counter() - start) / tasks
    finally:
        made.close()  # type: ignore[attr-defined]
    print(f"overhead: {per_task * 1e3:.2f} ms per Dask task ({tasks} tasks of one trivial item, 2 workers)")


def memory(corpus: Path, work: Path) -> None:
    print("memory: driver peak RSS, extract -f parquet")
    locales = sorted(p for p in corpus.iterdir() if p.is_dir())
    made, address = cluster(2)
    try:
        for share in (3, 6, 12):
            subset = [str(p) for p in locales[:share]]
            _, dask_rss, err = loctk(
                "extract", *subset, "-f", "parquet", "-o", str(work / "ds"), "--engine", "dask", "--scheduler", address
            )
            _, local_rss, _ = loctk("extract", *subset, "-f", "parquet", "-o", str(work / "ds"), "--jobs", "2")
            rss = f"driver dask {dask_rss / 1024:5.0f} MB, local --jobs 2 {local_rss / 1024:5.0f} MB"
            print(f"  {share:2} locales, {segments_of(err):7} segments: {rss}")
    finally:
        made.close()  # type: ignore[attr-defined]


def sizes(corpus: Path, work: Path) -> int:
    loctk("extract", str(corpus), "-o", str(work / "s.jsonl"), "--jobs", "2")
    _, _, err = loctk("extract", str(corpus), "-f", "parquet", "-o", str(work / "ds"), "--jobs", "2")
    segments = segments_of(err)
    jsonl = (work / "s.jsonl").stat().st_size
    parquet = sum(p.stat().st_size for p in (work / "ds").rglob("*.parquet"))
    print(f"sizes: {segments} segments; bytes per segment = MB per million segments")
    print(f"  JSONL   {jsonl / 1e6:6.1f} MB  {jsonl / segments:5.0f} B/segment")
    print(f"  Parquet {parquet / 1e6:6.1f} MB  {parquet / segments:5.0f} B/segment  ({parquet / jsonl:.1%} of the JSONL)")
    return segments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--parts", default="sizes,scaling,commands,overhead,memory")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    files = sum(1 for _ in args.corpus.rglob("*.md"))
    print(f"corpus: {args.corpus} ({files} files), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    work = Path(tempfile.mkdtemp(prefix="loctk-scale-"))
    try:
        segments = sizes(args.corpus, work) if "sizes" in parts or "commands" in parts else 0
        if "scaling" in parts:
            scaling(args.corpus, work, files)
        if "commands" in parts:
            commands(args.corpus, work, files, segments)
        if "overhead" in parts:
            overhead()
        if "memory" in parts:
            memory(args.corpus, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load average at the end {os.getloadavg()[0]:.1f}; this process peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
