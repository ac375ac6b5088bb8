"""``loctk analyze``, ``loctk kit`` and ``loctk update``: keeping translations in step with a new English.

All three run the same job (:func:`planned`): locale by locale, the articles are parsed,
their segments (and ``--tm`` files) become the locale's memory, and every article's new
English is leveraged against it (:mod:`toolkit.leverage`, :mod:`toolkit.update`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from toolkit.align.source import English, FolderEnglish, GitEnglish, detect_mapping
from toolkit.analysis import DEFAULT_WEIGHTS, Analysis, format_csv, format_json, format_text, parse_weights
from toolkit.commands.align import add_english_options
from toolkit.commands.common import Reporter, add_run_options, articles, reporter_for, write_output
from toolkit.corpus import find_markdown
from toolkit.diagnostics import diagnostic
from toolkit.docs import locale_in_path, relative_path
from toolkit.errors import UsageError
from toolkit.export import relative as relative_to_roots
from toolkit.gitstore import GitStore
from toolkit.kit import Work, article_work, open_units, po_kit, updated_article, xliff12_kit, xliff_kit
from toolkit.leverage import Entry, memory_of
from toolkit.merge import read_units
from toolkit.model import Article
from toolkit.outputs import OutputTree, UnsafePath, refuse_overlap
from toolkit.update import Planned, Planner, added_candidates, pending, reused, write_updated

_KITS: dict[str, tuple[str, Callable[[Article, Sequence[Work]], str]]] = {
    "xliff12": (".xlf", xliff12_kit),
    "xliff": (".xlf", xliff_kit),
    "po": (".po", lambda article, work: str(po_kit(article, work)) + "\n"),
}
"""Kit formats: the file suffix and the writer (one folder per format under KITDIR)."""


def register(commands: Any) -> None:
    analyze = commands.add_parser("analyze", help="leverage analysis of the new English: words per match class")
    _job_options(analyze)
    analyze.add_argument("--format", choices=["text", "csv", "json"], default="text")
    analyze.add_argument(
        "--weights",
        default="",
        metavar="CLASS=W,…",
        help="weights of the weighted word count (default: "
        + ",".join(f"{b.value}={w}" for b, w in DEFAULT_WEIGHTS.items())
        + ")",
    )
    analyze.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    analyze.set_defaults(run=run_analyze)

    update = commands.add_parser("update", help="write every locale's bilingual article for the new English")
    _job_options(update)
    update.add_argument("-o", "--output", required=True, metavar="OUT", help="folder mirroring the input tree")
    update.set_defaults(run=run_update)

    kit = commands.add_parser("kit", help="translation kits: only the sentences that need work, with suggestions")
    _job_options(kit)
    kit.add_argument(
        "-f",
        "--format",
        action="append",
        choices=list(_KITS),
        required=True,
        dest="formats",
        help="xliff12 (XLIFF 1.2, what most CAT tools import), xliff (2.0) or po (msgmerge-style fuzzy suggestions); repeatable",
    )
    kit.add_argument("-o", "--output", required=True, metavar="KITDIR", help="one folder per format, mirroring the tree")
    kit.set_defaults(run=run_kit)


def _job_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH")
    add_english_options(parser, to_help="the revision of the new English (default: HEAD)")
    parser.add_argument("--tm", nargs="+", default=[], metavar="FILE", help="more translation memory: TMX, PO, XLIFF")
    add_run_options(parser)


@contextmanager
def new_english(args: argparse.Namespace) -> Iterator[tuple[English, str, str]]:
    """(English, revision to read, commit to record) the options name: a folder snapshot
    (no commit), or a git repository at ``--to`` (default HEAD)."""
    if args.source_repo is None:
        if args.to:
            raise UsageError("--to goes with --source-repo")
        if not Path(args.source).is_dir():
            raise UsageError(f"{args.source}: no such folder")
        yield FolderEnglish(args.source), "", ""
        return
    with GitStore(args.source_repo) as store:
        revision = args.to or "HEAD"
        commit = store.commit(revision)
        if commit is None:
            raise UsageError(f"{args.source_repo}: no revision {revision}")
        yield GitEnglish(store, commit), commit, commit


def _memory_entries(files: Sequence[str], locale: str, reporter: Reporter) -> Iterator[Entry]:
    """The ``--tm`` units of one locale as memory entries."""
    for name in files:
        try:
            units = list(read_units(Path(name)))
        except (OSError, ValueError) as error:
            raise UsageError(f"{name}: cannot read the translation memory ({error})") from error
        for unit in units:
            for variant in unit.variants[1:]:
                if variant.locale.lower() == locale.lower():
                    yield Entry(unit.source.inline, variant.inline, name, variant.segment)


def planned(args: argparse.Namespace, english: English, revision: str, reporter: Reporter) -> Iterator[Planned]:
    """Every article of every locale under ``args.paths`` planned for the new English,
    one locale in memory at a time."""
    files, problems = find_markdown(args.paths)
    reporter.report(problems)
    by_locale: dict[str, list[str]] = {}
    for path in files:
        by_locale.setdefault(locale_in_path(path), []).append(path)
    english_files = english.paths(revision)
    mapping = detect_mapping([f for f in english_files if f.lower().endswith(".md")], (relative_path(path) for path in files))
    print(mapping.describe(english.label), file=sys.stderr)
    planner = Planner(english, revision, mapping)
    for locale in sorted(by_locale, key=str.lower):
        found = articles(by_locale[locale], reporter, jobs=args.jobs, quiet=args.quiet)
        memory = memory_of(found, _memory_entries(args.tm, locale, reporter))
        outputs = [(_output(a.path, a.locale, args.paths), a) for a in found]
        covered = [mapping.english_path(relative_path(a.path, a.locale)) or "" for a in found]
        name = found[0].locale if found else locale
        yield from planner.plan(name or "?", outputs, memory, added_candidates(english_files, covered))
        del found, memory, outputs


def _output(path: str, locale: str, roots: Sequence[str]) -> str:
    """An article's place in the output: below the input folder it was found in, inside a
    locale folder (added when the input folder was the locale's own)."""
    relative = relative_to_roots(path, roots)
    if relative.parts[0].lower() != locale.lower():
        relative = Path(locale) / relative
    return relative.as_posix()


def run_analyze(args: argparse.Namespace) -> int:
    try:
        weights = parse_weights(args.weights)
    except ValueError as error:
        raise UsageError(f"--weights: {error}") from error
    refuse_overlap(args.output, args.paths, folder=False)
    reporter = reporter_for(args)
    analysis = Analysis()
    with new_english(args) as (english, revision, _):
        for item in planned(args, english, revision, reporter):
            analysis.add(item)
    formats = {"text": format_text, "csv": format_csv, "json": format_json}
    write_output(formats[args.format](analysis, weights), args.output)
    return reporter.exit_code


def run_update(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    manifest: dict[str, Any] = {}
    counts = {"updated": 0, "added": 0, "deleted": 0, "sentences": 0, "reused": 0, "pending": 0}
    with new_english(args) as (english, revision, commit), OutputTree(args.output, "update", args.paths) as tree:
        for item in planned(args, english, revision, reporter):
            counts[item.status] += 1
            if item.english is None:
                print(
                    f"{item.previous.path if item.previous else item.output}: the English article "
                    f"{item.english_path} is gone; not written",
                    file=sys.stderr,
                )
                continue
            written = write_updated(item, commit)
            if not _write(tree, written.text, item, reporter, item.output):
                continue
            rows = pending(item, written)
            if rows:
                manifest[item.output] = {"locale": item.locale, "english": item.english_path, "pending": rows}
            counts["sentences"] += len(item.leveraged)
            counts["reused"] += reused(item.leveraged)
            counts["pending"] += len(rows)
        tree.write(
            json.dumps(
                {"convention": "a pending sentence has its English in both halves", "commit": commit, "articles": manifest},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            "pending.json",
        )
    print(
        f"{counts['updated']} articles updated, {counts['added']} added, {counts['deleted']} deleted; "
        f"{counts['sentences']} sentences, {counts['reused']} translations reused, {counts['pending']} pending "
        f"(listed in {Path(args.output) / 'pending.json'})",
        file=sys.stderr,
    )
    return reporter.exit_code


def _write(tree: OutputTree, text: str, item: Planned, reporter: Reporter, *parts: str) -> bool:
    """Write one file of the tree; a name the tree refuses is reported for that article."""
    try:
        tree.write(text, *parts)
    except UnsafePath as error:
        reporter.report([diagnostic(item.previous.path if item.previous else item.output, 1, 1, "O001", f"not written: {error}")])
        return False
    return True


def run_kit(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    files = units = locked = 0
    with new_english(args) as (english, revision, commit), OutputTree(args.output, "kit", args.paths) as tree:
        for item in planned(args, english, revision, reporter):
            if item.english is None or all(each.band.reused for each in item.leveraged):
                continue  # gone, or nothing to translate: no kit
            written = write_updated(item, commit)
            article = updated_article(item, written)
            work = article_work(article, item, written)
            if not work:
                continue
            stem = Path(item.output).with_suffix("").as_posix()
            for name in dict.fromkeys(args.formats):
                suffix, write = _KITS[name]
                _write(tree, write(article, work), item, reporter, name, stem + suffix)
            files += 1
            units += open_units(work)
            locked += len(work) - open_units(work)
    print(
        f"{units} sentences to translate in {files} articles ({locked} reused ones locked for context), kits under {args.output}",
        file=sys.stderr,
    )
    return reporter.exit_code
