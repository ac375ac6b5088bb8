"""``loctk export`` (articles to TMX, PO, XLIFF, JSONL, Moses) and ``loctk merge`` (back)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from toolkit.commands.common import Reporter, add_run_options, each_done, input_files, read_args, reporter_for
from toolkit.corpus import shared_workers
from toolkit.engines import current as current_engine
from toolkit.errors import UsageError
from toolkit.export import Exports, ExportSink, Options, finish, refusal, relative
from toolkit.formats import FORMATS
from toolkit.merge import merge, read_units, translation_files
from toolkit.multilingual import MultilingualPart, write_multilingual
from toolkit.outputs import OutputTree, UnsafePath, refuse_overlap, write_file
from toolkit.sxs import write_bytes
from toolkit.work import Done


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="translation memories and MT training data")
    export.add_argument("paths", nargs="*", metavar="PATH")
    export.add_argument(
        "--format",
        "-f",
        dest="formats",
        action="append",
        choices=list(FORMATS),
        required=True,
        help="repeat for several formats: " + "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()),
    )
    export.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder to write into")
    export.add_argument("--compendium", action="store_true", help="PO: one file per locale, not per article")
    export.add_argument("--mt-fuzzy", action="store_true", help="PO: mark machine translations fuzzy")
    export.add_argument("--dedup", action="store_true", help="JSONL and Moses: drop exact duplicate pairs")
    export.add_argument("--multilingual", action="store_true", help="TMX: one unit per English sentence, every locale")
    add_run_options(export)
    export.set_defaults(run=run_export)

    merge_parser = commands.add_parser("merge", help="write translations edited in PO, XLIFF or TMX back into articles")
    merge_parser.add_argument("paths", nargs="*", metavar="ARTICLE_OR_DIR")
    merge_parser.add_argument(
        "--from",
        dest="sources",
        action="append",
        required=True,
        metavar="FILE_OR_DIR",
        help="translation file(s) or a folder of them",
    )
    merge_parser.add_argument("-o", "--output", metavar="OUTDIR", help="folder for the updated articles")
    merge_parser.add_argument(
        "--in-place", action="store_true", help="rewrite the changed articles themselves (each one whole or not at all)"
    )
    add_run_options(merge_parser)
    merge_parser.set_defaults(run=run_merge)


def export_options(args: argparse.Namespace) -> Options:
    return Options(tuple(args.paths), args.compendium, args.mt_fuzzy, args.dedup)


def run_export(args: argparse.Namespace) -> int:
    if args.multilingual and set(args.formats) != {"tmx"}:
        raise UsageError("--multilingual works with --format tmx only")
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    files = input_files(args.paths, reporter)
    if args.multilingual:
        with OutputTree(args.output, "export", files) as tree, shared_workers(args.jobs):
            versions = each_done(files, [MultilingualPart()], jobs=args.jobs, quiet=args.quiet)
            aligning = 1 if current_engine() else args.jobs  # a cluster's workers cannot read the spool
            written, aligned = write_multilingual((done.results[0] for done in _reported(versions, reporter)), tree, aligning)
        print(
            f"{written.summary()}; {aligned.complete()} in all {len(aligned.locales)} locales, {len(aligned.unaligned)} unaligned"
        )
        return reporter.exit_code
    options = export_options(args)
    names = list(dict.fromkeys(args.formats))
    with OutputTree(args.output, "export", files) as tree:
        sinks = [ExportSink(name, tree, options) for name in names]
        part = Exports(tuple(sink.part() for sink in sinks))
        for done in _reported(each_done(files, [part], jobs=args.jobs, quiet=args.quiet), reporter):
            for sink, piece in zip(sinks, done.results[0], strict=True):
                sink.add(piece)
        for written in finish(sinks, args.jobs):
            reporter.report(written.refused)
            print(written.summary())
    return reporter.exit_code


def _reported(done: Iterable[Done], reporter: Reporter) -> Iterator[Done]:
    """The files that could be read, every file's diagnostics reported."""
    for each in done:
        reporter.report(each.diagnostics)
        if each.readable:
            yield each


def run_merge(args: argparse.Namespace) -> int:
    if bool(args.output) == bool(args.in_place):
        raise UsageError("merge needs -o OUTDIR or --in-place (one of them)")
    refuse_overlap(args.output, args.paths, folder=True, hint="--in-place rewrites the articles themselves")
    reporter = reporter_for(args)
    found = read_args(args, reporter)
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
    if args.in_place:
        for article in result.articles:
            write_file(article.path, write_bytes(article))
        print(f"{result.summary()} in {len(updated)} of {len(found)} articles, in place")
        return reporter.exit_code
    with OutputTree(args.output, "merge", [a.path for a in found]) as tree:
        for article in found:
            try:
                tree.write(write_bytes(updated.get(article.path, article)), str(relative(article.path, args.paths)))
            except UnsafePath as error:
                reporter.report(refusal([article], error))
    print(f"{result.summary()} in {len(updated)} of {len(found)} articles -> {args.output}/")
    return reporter.exit_code
