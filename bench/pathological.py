"""Hostile shapes at 1 MB each, timed per MB next to clean input of the same kind.

    python bench/pathological.py [--size MB] [--timeout S] [--only NAME…]

Each shape is built in memory (nothing is written to disk) and read in a fresh
interpreter, so its CPU time and peak RSS (``ru_maxrss``) are its own. Articles are read with
:func:`toolkit.sxs.parse_article`; translation files with the readers ``loctk merge`` uses
(:data:`toolkit.formats.FORMATS`). The clean figure for articles is the biggest real article
(the seeds when the corpus is absent), for TMX and PO that article exported by
:mod:`toolkit.formats`. A linear reader keeps every ratio small; the target is ≤ 5.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "project-operations" / "sxs"
SEEDS = ROOT / "corpus"
FRONT = "---\ntitle: Pathological\nms.contentlocale: nb-NO\n---\n\n"
PAIR = '<span data-ttu-id="{id}">{target}</span><span class="sxs-lookup"><span data-stu-id="{id}">{source}</span></span>'


def _repeat(unit: str, size: int, head: str = FRONT, tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def stray_close(size: int) -> tuple[str, str]:
    return "article", _repeat("</span>\n", size)


def single_quoted(size: int) -> tuple[str, str]:
    count = size // 110
    pairs = "".join(
        f"<span data-ttu-id='a-{n}'>Tekst {n}.</span><span class='sxs-lookup'><span data-stu-id='a-{n}'>Text {n}.</span></span>\n"
        for n in range(count)
    )
    return "article", FRONT + pairs


def nested(size: int) -> tuple[str, str]:
    depth = size // 110
    opening = "".join(f'<span data-ttu-id="n-{n}">T{n} ' for n in range(depth))
    closing = "".join(
        f'</span><span class="sxs-lookup"><span data-stu-id="n-{n}">E{n}</span></span>' for n in reversed(range(depth))
    )
    return "article", FRONT + opening + closing + "\n"


def unclosed(size: int) -> tuple[str, str]:
    count = size // 40
    return "article", FRONT + "".join(f'<span data-ttu-id="u-{n}">open {n}\n' for n in range(count))


def brackets(size: int) -> tuple[str, str]:
    return "article", FRONT + PAIR.format(id="b-1", target="[" * (size - 200), source="Text.") + "\n"


def yaml_aliases(size: int) -> tuple[str, str]:
    """Nested aliases, each level nine times the one before ("billion laughs"), as deep as
    the size allows."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    level = 1
    while sum(len(line) + 1 for line in lines) < size - 200:
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
        level += 1
    return "article", "---\n" + "\n".join(lines) + "\n---\n\n" + PAIR.format(id="y-1", target="T.", source="E.") + "\n"


def xml_attribute(size: int) -> tuple[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US"/><body>'
    tail = '<tuv xml:lang="en-US"><seg>E.</seg></tuv><tuv xml:lang="nb-NO"><seg>T.</seg></tuv></tu></body></tmx>\n'
    return "tmx", head + '<tu tuid="x" creationdate="' + "A" * (size - len(head) - len(tail) - 40) + '">' + tail


def po_continuations(size: int) -> tuple[str, str]:
    head = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nb\\n"\n\n'
        'msgctxt "a/p-1"\nmsgid "E."\nmsgstr ""\n'
    )
    return "po", _repeat('"x"\n', size, head=head)


SHAPES: dict[str, Callable[[int], tuple[str, str]]] = {
    "stray </span>": stray_close,
    "single-quoted pairs": single_quoted,
    "nested pairs": nested,
    "unclosed openers": unclosed,
    "translation of [": brackets,
    "YAML aliases": yaml_aliases,
    "XML attribute": xml_attribute,
    "PO continuation lines": po_continuations,
}


def clean(kind: str) -> str:
    """The biggest real article, or that article exported as TMX or PO."""
    root = CORPUS if CORPUS.is_dir() else SEEDS
    path = max(root.rglob("*.md"), key=lambda p: p.stat().st_size)
    text = path.read_bytes().decode("utf-8")
    if kind == "article":
        return text
    from toolkit.formats import FORMATS
    from toolkit.formats.units import Options, article_units
    from toolkit.sxs import parse_article

    article = parse_article(text, str(path))
    stream = io.StringIO()
    FORMATS[kind].write(article_units(article), stream, Options(locale=article.locale))
    return stream.getvalue()


def read(kind: str, text: str) -> int:
    """Read the text as ``loctk`` would; returns how many segments or units it found."""
    from toolkit.blocks import block_context
    from toolkit.inline import clear_memo

    clear_memo()  # every read starts cold: memoized halves would hide the cost
    block_context.cache_clear()
    if kind == "article":
        from toolkit.sxs import parse_article

        article = parse_article(text.encode("utf-8"), "pathological.md")
        return len(article.segments) + len(article.diagnostics)
    from toolkit.formats import FORMATS

    return sum(1 for _ in FORMATS[kind].read(io.BytesIO(text.encode("utf-8"))))


def measure(name: str, size: int) -> dict[str, float]:
    """In this (fresh) process: CPU seconds per MB and peak RSS of one shape, or of clean input.

    CPU time, not wall time: on a shared machine the wall clock counts the others' work too,
    while the reading is single-threaded, so its CPU time is what an idle machine would show."""
    if name.startswith("clean "):
        kind = name.removeprefix("clean ")
        text = clean(kind)
        rounds = max(1, size // max(1, len(text.encode("utf-8"))))
    else:
        kind, text = SHAPES[name](size)
        rounds = 1
    mb = len(text.encode("utf-8")) / 1e6
    read(kind, text)  # imports done
    times: list[float] = []
    while len(times) < 3 and sum(times) < 10:  # best of three, unless it is slow anyway
        start = time.process_time()
        for _ in range(rounds):
            read(kind, text)
        times.append((time.process_time() - start) / rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "mb": mb, "s_per_mb": min(times) / mb, "peak_mb": peak}  # type: ignore[dict-item]


def in_fresh_process(name: str, size: int, timeout: float) -> dict[str, float] | None:
    command = [sys.executable, __file__, "--measure", name, "--size", str(size / 1e6)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        print(f"{name}: failed\n{error.stderr}", file=sys.stderr)
        return None
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="MB per shape (default 1)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a shape is called exploded")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="these shapes only")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = int(args.size * 1e6)
    if args.measure:
        print(json.dumps(measure(args.measure, size)))
        return 0
    baselines = {kind: in_fresh_process(f"clean {kind}", size, args.timeout) for kind in ("article", "tmx", "po")}
    for kind, figure in baselines.items():
        if figure:
            print(f"{'clean ' + kind:24} {figure['s_per_mb'] * 1000:9.1f} ms/MB  peak {figure['peak_mb']:6.0f} MB")
    worst = 0.0
    for name in args.only or SHAPES:
        figure = in_fresh_process(name, size, args.timeout)
        if figure is None:
            print(f"{name:24} over {args.timeout:.0f} s")
            worst = float("inf")
            continue
        base = baselines[str(figure["kind"])]
        ratio = figure["s_per_mb"] / base["s_per_mb"] if base else float("nan")
        worst = max(worst, ratio)
        print(
            f"{name:24} {figure['s_per_mb'] * 1000:9.1f} ms/MB  peak {figure['peak_mb']:6.0f} MB  "
            f"ratio {ratio:5.1f}x (vs clean {figure['kind']})"
        )
    print(f"worst ratio {worst:.1f}x (target ≤ 5)")
    return 0 if worst <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
