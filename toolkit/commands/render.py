"""``loctk render``: monolingual articles (the translation, or the English) from bilingual ones."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from toolkit.commands.common import add_run_options, read_args, reporter_for
from toolkit.docs import relative_path
from toolkit.export import refusal
from toolkit.outputs import OutputTree, UnsafePath, check_locale, refuse_overlap
from toolkit.render import Side, render_article
from toolkit.sxs import ENCODING


def register(commands: Any) -> None:
    render = commands.add_parser("render", help="monolingual articles: the translation or the English")
    render.add_argument("paths", nargs="*", metavar="PATH")
    render.add_argument("--side", choices=[s.value for s in Side], default=Side.TARGET.value)
    render.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write the articles to")
    render.add_argument("--drop-anchors", action="store_true", help="remove the <a name> anchors added to headings")
    add_run_options(render)
    render.set_defaults(run=run_render)


def run_render(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    side = Side(args.side)
    found = read_args(args, reporter)
    count = 0
    with OutputTree(args.output, "render", [a.path for a in found]) as tree:
        for article in found:
            try:
                folder = [check_locale(article.locale)] if article.locale else []
                tree.path(*folder, relative_path(article.path, article.locale))
            except UnsafePath as error:
                reporter.report(refusal([article], error))
                continue
            text = render_article(article, side, args.drop_anchors)
            tree.write(text.encode(ENCODING, "surrogateescape"), *folder, relative_path(article.path, article.locale))
            count += 1
    print(f"{count} articles rendered ({side.value}) to {args.output}/", file=sys.stderr)
    return reporter.exit_code
