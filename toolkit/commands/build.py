"""``loctk build``: the main job over a corpus (by default the one shipped in ``corpus/``).

Each stage is a step in :data:`STEPS`: it gets the parsed articles and the output folder,
writes its files and returns one summary line. Stages are added here, in one place.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.commands.align import build_alignment
from toolkit.commands.articles import format_stats
from toolkit.commands.check import build_qa
from toolkit.commands.common import Reporter, add_run_options, articles
from toolkit.commands.export import build_exports
from toolkit.commands.report import build_report
from toolkit.commands.rules import build_rules
from toolkit.formats.jsonl import write_jsonl
from toolkit.model import Article

Step = Callable[[list[Article], Path, Reporter], str]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def register(commands: Any) -> None:
    build = commands.add_parser("build", help="the main job: extract, summarize and export a corpus")
    build.add_argument("corpus", nargs="?", default=None, metavar="CORPUS",
                       help="folder of articles (default: the shipped corpus/)")
    build.add_argument("-o", "--output", default="build", metavar="OUT", help="output folder (default: build)")
    add_run_options(build)
    build.set_defaults(run=run_build)


def _segments(found: list[Article], out: Path, reporter: Reporter) -> str:
    with open(out / "segments.jsonl", "w", encoding="utf-8") as stream:
        count = write_jsonl(found, stream)
    files: Counter[str] = Counter(a.locale for a in found)
    kinds: dict[str, Counter[str]] = {}
    for article in found:
        kinds.setdefault(article.locale, Counter()).update(s.block.kind.value for s in article.segments)
    (out / "stats.txt").write_text(format_stats(files, kinds), encoding="utf-8")
    return f"segments: {count} from {len(found)} files in {len(files)} locales -> segments.jsonl, stats.txt"


STEPS: list[tuple[str, Step]] = [
    ("segments", _segments),
    ("rules", build_rules),
    ("alignment", build_alignment),
    ("qa", build_qa),
    ("exports", build_exports),
    ("report", build_report),
]


def run_build(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else Path("corpus")
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    reporter = Reporter()
    found = articles([str(corpus)], reporter, jobs=args.jobs, quiet=args.quiet)
    for _name, step in STEPS:
        print(step(found, out, reporter))
    print(f"build written to {out}/")
    return reporter.exit_code
