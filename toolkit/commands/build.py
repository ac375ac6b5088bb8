"""``loctk build``: the main job over a corpus (by default the one shipped in ``corpus/``).

The steps are library code (:mod:`toolkit.pipeline`); this command reads the corpus, runs
them into one output tree and prints their summary lines.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from toolkit.commands.common import add_run_options, each_done, input_files, reporter_for
from toolkit.corpus import shared_workers
from toolkit.engines import current as current_engine
from toolkit.outputs import OutputTree, refuse_overlap
from toolkit.pipeline import build
from toolkit.work import Done, Part

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def register(commands: Any) -> None:
    parser = commands.add_parser("build", help="the main job: extract, summarize and export a corpus")
    parser.add_argument(
        "corpus", nargs="?", default=None, metavar="CORPUS", help="folder of articles (default: the shipped corpus/)"
    )
    parser.add_argument("-o", "--output", default="build", metavar="OUT", help="output folder (default: build)")
    add_run_options(parser)
    parser.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else Path("corpus")
    refuse_overlap(args.output, [str(corpus)], folder=True)
    reporter = reporter_for(args)
    files = input_files([str(corpus)], reporter)

    def run(parts: Sequence[Part]) -> Iterator[Done]:
        for done in each_done(files, parts, jobs=args.jobs, quiet=args.quiet):
            reporter.report(done.diagnostics)
            yield done

    # the workers that parse also align and judge the spooled groups at the end (a cluster's
    # workers cannot read the spools: there the driver does)
    jobs = 1 if current_engine() else args.jobs
    with OutputTree(args.output, "build", files) as tree, shared_workers(args.jobs):
        for result in build(files, tree, run, jobs):
            reporter.report(result.diagnostics)
            print(result.summary)
    print(f"build written to {args.output}/")
    return reporter.exit_code
