"""``loctk render``: monolingual articles (the translation, or the English) from bilingual ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from toolkit.commands.common import Reporter, add_run_options, articles
from toolkit.docs import relative_path
from toolkit.render import Side, render_article
from toolkit.sxs import ENCODING


def register(commands: Any) -> None:
    render = commands.add_parser("render", help="monolingual articles: the translation or the English")
    render.add_argument("paths", nargs="+", metavar="PATH")
    render.add_argument("--side", choices=[s.value for s in Side], default=Side.TARGET.value)
    render.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write the articles to")
    render.add_argument("--drop-anchors", action="store_true", help='remove the <a name> anchors added to headings')
    add_run_options(render)
    render.set_defaults(run=run_render)


def run_render(args: argparse.Namespace) -> int:
    reporter = Reporter()
    side = Side(args.side)
    out = Path(args.output)
    count = 0
    for article in articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet):
        path = out / article.locale / relative_path(article.path, article.locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_article(article, side, args.drop_anchors).encode(ENCODING, "surrogateescape"))
        count += 1
    print(f"{count} articles rendered ({side.value}) to {out}/", file=sys.stderr)
    return reporter.exit_code
