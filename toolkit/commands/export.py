"""``loctk export`` (articles to TMX, PO, XLIFF, JSONL, Moses) and ``loctk merge`` (back)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from toolkit.commands.common import Reporter, add_run_options, articles
from toolkit.errors import UsageError
from toolkit.export import EXPORTERS, Options, relative
from toolkit.merge import merge, read_units, translation_files
from toolkit.model import Article
from toolkit.multilingual import export_multilingual_tmx
from toolkit.sxs import write_bytes


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="translation memories and MT training data")
    export.add_argument("paths", nargs="+", metavar="PATH")
    export.add_argument("--format", "-f", dest="formats", action="append", choices=sorted(EXPORTERS), required=True,
                        help="repeat for several formats")
    export.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write into")
    export.add_argument("--compendium", action="store_true", help="PO: one file per locale, not per article")
    export.add_argument("--mt-fuzzy", action="store_true", help="PO: mark machine translations fuzzy")
    export.add_argument("--dedup", action="store_true", help="JSONL and Moses: drop exact duplicate pairs")
    export.add_argument("--multilingual", action="store_true", help="TMX: one unit per English sentence, every locale")
    add_run_options(export)
    export.set_defaults(run=run_export)

    merge_parser = commands.add_parser("merge", help="write translations edited in PO, XLIFF or TMX back into articles")
    merge_parser.add_argument("paths", nargs="+", metavar="ARTICLE_OR_DIR")
    merge_parser.add_argument("--from", dest="sources", action="append", required=True, metavar="FILE_OR_DIR",
                              help="translation file(s) or a folder of them")
    merge_parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for the updated articles")
    add_run_options(merge_parser)
    merge_parser.set_defaults(run=run_merge)


def export_options(args: argparse.Namespace) -> Options:
    return Options(tuple(args.paths), args.compendium, args.mt_fuzzy, args.dedup)


def run_export(args: argparse.Namespace) -> int:
    reporter = Reporter()
    found = articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet)
    out = Path(args.output)
    options = export_options(args)
    if args.multilingual:
        if set(args.formats) != {"tmx"}:
            raise UsageError("--multilingual works with --format tmx only")
        written, aligned = export_multilingual_tmx(found, out)
        print(f"{written.summary()}; {aligned.complete()} in all {len(aligned.locales)} locales, "
              f"{len(aligned.unaligned)} unaligned")
        return reporter.exit_code
    for name in dict.fromkeys(args.formats):
        print(EXPORTERS[name](found, out, options).summary())
    return reporter.exit_code


def run_merge(args: argparse.Namespace) -> int:
    reporter = Reporter()
    found = articles(args.paths, reporter, jobs=args.jobs, quiet=args.quiet)
    files = translation_files(args.sources)
    for file in files:
        if not file.is_file():
            raise UsageError(f"{file}: no such translation file")
    try:
        result = merge(found, ((str(f), read_units(f)) for f in files))
    except ValueError as error:
        raise UsageError(str(error)) from error
    reporter.report(result.diagnostics)
    updated = {a.path: a for a in result.articles}
    out = Path(args.output)
    for article in found:
        target = out / relative(article.path, args.paths)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(write_bytes(updated.get(article.path, article)))
    print(f"{result.changed} translations changed in {len(updated)} of {len(found)} articles -> {out}/")
    return reporter.exit_code


def build_exports(found: list[Article], out: Path, reporter: Reporter) -> str:
    """``loctk build`` step: TMX per locale pair and PO per article under ``OUT/tm/``."""
    root = os.path.commonpath([str(Path(a.path).parent) for a in found]) if found else "."
    written = [EXPORTERS[name](found, out / "tm", Options((root,))) for name in ("tmx", "po")]
    return "exports: " + "; ".join(w.summary() for w in written) + " -> tm/"
