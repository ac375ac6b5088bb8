"""Time ``loctk report`` against ``loctk check`` on the same input, each in a fresh interpreter.

    python bench/report.py [CORPUS] [--source EN_ROOT] [--repeat K]

Runs ``check --format json`` and ``report`` (and ``report --source`` when a source is given)
as separate processes, alternately, K times; prints the best wall time of each, the ratios
to ``check``, and the size of the page.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations"


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "toolkit", *argv], check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(SHARED / "sxs"))
    parser.add_argument("--source", default=str(SHARED / "source" / "2021-12-22"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        runs = {
            "check": ["check", args.corpus, "--format", "json", "-o", str(Path(folder) / "check.json"), "--quiet"],
            "report": ["report", args.corpus, "-o", str(page), "--quiet"],
        }
        if args.source:
            runs["report --source"] = ["report", args.corpus, "--source", args.source, "-o", str(page), "--quiet"]
        best = dict.fromkeys(runs, float("inf"))
        size = 0
        for _ in range(args.repeat):
            for name, argv in runs.items():
                best[name] = min(best[name], _time(argv))
                if name == "report":
                    size = page.stat().st_size
    for name, seconds in best.items():
        print(f"{name:16} {seconds:7.2f} s  {seconds / best['check']:.2f}x check")
    print(f"report.html      {size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
