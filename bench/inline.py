"""Time the inline reader on pathological halves: every construct must stay linear.

    python bench/inline.py [--size BYTES]

For each input (a run of ``[``, ``*``, backticks, ``<``, and mixes that make a reader look
back or ahead) prints the seconds to read it at the given size and at a quarter of it; a
linear reader shows a ratio near 4, a quadratic one near 16.
"""

from __future__ import annotations

import argparse
import time

from toolkit.inline import read

PATTERNS = ["[", "*", "`", "<", "_a", "[a](", "a*b_", "`a``", "<!--", "<a b='", "![", "&#", "[a]", "*a **b"]


def seconds(markup: str, repeat: int = 3) -> float:
    """Best of ``repeat`` readings (a shared machine adds noise, never removes work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read(markup)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=320_000)
    size = parser.parse_args().size
    print(f"{'input':>10} {'full s':>8} {'quarter s':>10} {'ratio':>6}")
    for pattern in PATTERNS:
        full = (pattern * (size // len(pattern) + 1))[:size]
        quarter = full[: size // 4]
        whole, part = seconds(full), seconds(quarter)
        print(f"{pattern!r:>10} {whole:8.3f} {part:10.3f} {whole / part if part else 0:6.1f}")


if __name__ == "__main__":
    main()
