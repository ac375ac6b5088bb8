"""``loctk analyze``, ``loctk kit`` and ``loctk update``: keeping translations in step with a new English.

All three run the same job (:func:`planned`): locale by locale, the articles are parsed,
their segments (and ``--tm`` files) become the locale's memory, and every article's new
English is leveraged against it (:mod:`toolkit.leverage`, :mod:`toolkit.update`).

Only the memory needs the whole locale; the rest is one article's work, done in the worker
processes: parsing (an article becomes a small :class:`~toolkit.update.Prior`), leverage,
and writing the updated article or its kits, each file under a temporary name at a place
the output tree checked (:meth:`~toolkit.outputs.OutputTree.place`); this process takes
the files into the tree in article order, with the counts and diagnostics. The locale's
articles to plan travel to the workers as a file in a temporary folder, and one task plans
a whole locale (the last one is shared out, so that no worker waits at the end): its worker
makes the memory once, which costs it less than reading a made memory, and keeps this
process, which hands out the work, free
(with ``--engine dask`` on a remote cluster, ``TMPDIR`` must name a folder the workers can
read, as the articles are, and ``-o`` one they can write).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from toolkit.align.source import English, FolderEnglish, GitEnglish, detect_mapping
from toolkit.analysis import DEFAULT_WEIGHTS, Analysis, Row, format_csv, format_json, format_text, parse_weights, row_of
from toolkit.commands.align import add_english_options
from toolkit.commands.common import Reporter, add_run_options, each_done, reporter_for, write_output
from toolkit.corpus import find_markdown, run, shared_workers, submit
from toolkit.diagnostics import diagnostic
from toolkit.docs import locale_in_path, relative_path
from toolkit.engines import current as current_engine
from toolkit.errors import UsageError
from toolkit.export import relative as relative_to_roots
from toolkit.gitstore import GitStore
from toolkit.kit import Work, article_work, open_units, po_kit, updated_article, xliff12_kit, xliff_kit
from toolkit.leverage import Entry, Job, Known, Memory
from toolkit.merge import read_units
from toolkit.model import Article
from toolkit.outputs import OutputTree, UnsafePath, json_text, refuse_overlap, write_temporary
from toolkit.update import EnglishFile, Planner, Prior, Task, added_candidates, pending, reused, write_updated
from toolkit.work import Done

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
                    yield Entry.of(unit.source.inline, variant.inline, name, variant.segment)


@dataclass(frozen=True, slots=True)
class Place:
    """Where one output file of an article may go: a path the output tree checked, or why not."""

    path: Path | None
    refused: str = ""


@dataclass(frozen=True, slots=True)
class Output:
    """One output file of an article: written under a temporary name at its place's path,
    or refused (nothing written)."""

    temporary: str
    place: Place

    @classmethod
    def put(cls, place: Place, text: str) -> Output:
        return cls(write_temporary(place.path, text) if place.path is not None else "", place)


@dataclass(frozen=True, slots=True)
class Item:
    """One article for :class:`Finish`: its locale's file, its index there, the keys of its
    English the locale's earlier articles had, and where its output files go."""

    locale_file: str
    index: int
    earlier: frozenset[str]
    english_files: tuple[str, ...]
    """The files of the English cut so far (:func:`_english`)."""
    places: tuple[Place, ...] = ()
    """The updated article's (update), or one per kit format (kit)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the second step made of one planned article (small: no article, no memory)."""

    locale: str
    output: str
    english_path: str
    status: str
    previous: str
    """The path of the translation updated ('' for an added article)."""
    row: Row | None = None
    outputs: tuple[Output, ...] = ()
    """The updated article, or its kits (none when it has nothing to translate)."""
    pending: tuple[dict[str, object], ...] = ()
    sentences: int = 0
    reused: int = 0
    units: int = 0
    locked: int = 0


@dataclass(frozen=True, slots=True)
class LocalePlan:
    """One locale's articles to plan, in order, and its ``--tm`` entries: what its memory is
    made of (:meth:`unpacked`)."""

    tasks: list[Task]
    extra: tuple[Entry, ...]
    packed: tuple[bytes, ...] = ()
    """The updated articles' segments as :func:`_parcel` pickled them, in task order, when the
    tasks' priors came without them."""

    def unpacked(self) -> tuple[Memory, list[Task]]:
        """The locale's memory (every usable segment of its articles, then the ``--tm``
        entries) and its tasks, with their segments."""
        tasks = self.tasks
        if self.packed:
            packed = iter(self.packed)
            tasks = [
                replace(task, previous=replace(task.previous, segments=pickle.loads(next(packed))))
                if task.previous is not None
                else task
                for task in tasks
            ]
        memory = Memory()
        for task in tasks:
            if task.previous is not None:
                memory.add_known(task.previous.segments)
        for entry in self.extra:
            memory.add(entry)
        return memory, tasks


def _parcel(article: Article) -> tuple[Prior, bytes]:
    """An article's :class:`~toolkit.update.Prior` without its segments, and the segments
    pickled here, where the article is parsed: the command plans with the rest and hands the
    segments on to the workers as they are (unpickling them to pickle them again would cost
    it more than all else it does)."""
    prior = Prior.of(article)
    hollow = replace(prior, segments=Known(prior.path, (), (), (), (), (), ()))
    return hollow, pickle.dumps(prior.segments, protocol=pickle.HIGHEST_PROTOCOL)


_LOADED: dict[str, tuple[Memory, list[Task]]] = {}
"""The locale this process plans: its memory and articles, made once from the file the
command wrote (or put here by the command when it plans them itself)."""


def _locale(name: str) -> tuple[Memory, list[Task]]:
    found = _LOADED.get(name)
    if found is None:
        with open(name, "rb") as stream:
            plan: LocalePlan = pickle.load(stream)
        _LOADED.clear()
        found = _LOADED[name] = plan.unpacked()
    return found


_ENGLISH: dict[str, EnglishFile | None] = {}
"""The English files cut for this command, by path: read from the files the command wrote
(each once per process; or put here by the command when it plans the articles itself)."""
_ENGLISH_READ: set[str] = set()


def _english(names: Sequence[str], path: str) -> EnglishFile | None:
    """The English file ``path`` (cut once for the whole command, in one process)."""
    if names and names[0] not in _ENGLISH_READ:  # another command's (a Dask worker lives on)
        _ENGLISH.clear()
        _ENGLISH_READ.clear()
    for name in names:
        if name not in _ENGLISH_READ:
            with open(name, "rb") as stream:
                _ENGLISH.update(pickle.load(stream))
            _ENGLISH_READ.add(name)
    return _ENGLISH[path]


@dataclass(frozen=True, slots=True)
class Finish:
    """The second step, one article at a time in the worker processes: leverage against its
    locale's memory (made once per process and locale from the file the command wrote) and
    what the command makes of it: the analysis row, the updated article, or the kits."""

    planner: Planner
    command: str
    commit: str = ""
    formats: tuple[str, ...] = ()

    def __call__(self, item: Item) -> Outcome:
        memory, tasks = _locale(item.locale_file)
        task = tasks[item.index]
        planned = self.planner.planned(task, Job(memory, item.earlier), _english(item.english_files, task.english_path))
        outcome = Outcome(
            planned.locale,
            planned.output,
            planned.english_path,
            planned.status,
            planned.previous.path if planned.previous else "",
        )
        if self.command == "analyze":
            return replace(outcome, row=row_of(planned))
        if planned.english is None:
            return outcome
        if self.command == "update":
            written = write_updated(planned, self.commit)
            return replace(
                outcome,
                outputs=(Output.put(item.places[0], written.text),),
                pending=tuple(pending(planned, written)),
                sentences=len(planned.leveraged),
                reused=reused(planned.leveraged),
            )
        if all(each.band.reused for each in planned.leveraged):
            return outcome  # nothing to translate: no kit
        written = write_updated(planned, self.commit)
        article = updated_article(planned, written)
        work = article_work(article, planned, written)
        if not work:
            return outcome
        kits = tuple(
            Output.put(place, _KITS[form][1](article, work)) for form, place in zip(self.formats, item.places, strict=True)
        )
        return replace(outcome, outputs=kits, units=open_units(work), locked=len(work) - open_units(work))


def planned(
    args: argparse.Namespace,
    english: English,
    revision: str,
    reporter: Reporter,
    command: str,
    commit: str = "",
    formats: Sequence[str] = (),
    tree: OutputTree | None = None,
) -> Iterator[Outcome]:
    """Every article of every locale under ``args.paths`` planned for the new English and
    finished, one locale at a time.

    Two steps per locale, both in the worker processes: the articles are parsed and each
    gives its :class:`~toolkit.update.Prior`; this process writes the articles to plan
    (:class:`LocalePlan`) to a file the worker planning the locale reads and makes the
    locale's memory of, and has the English files no earlier locale needed
    cut (:class:`EnglishCut`); then each article is leveraged and finished there
    (:class:`Finish`, :func:`_finish_all`), the English its locale's earlier articles had given with it,
    so repetitions are what one job over the locale finds, and with ``tree`` the places in
    it of its files (:func:`_places`)."""
    files, problems = find_markdown(args.paths)
    reporter.report(problems)
    by_locale: dict[str, list[str]] = {}
    for path in files:
        by_locale.setdefault(locale_in_path(path), []).append(path)
    english_files = english.paths(revision)
    mapping = detect_mapping([f for f in english_files if f.lower().endswith(".md")], (relative_path(path) for path in files))
    print(mapping.describe(english.label), file=sys.stderr)
    planner = Planner(english, revision, mapping)
    finish = Finish(planner, command, commit, tuple(dict.fromkeys(formats)))
    spread = args.jobs > 1 or current_engine() is not None
    with tempfile.TemporaryDirectory(prefix="loctk-update-") as folder, shared_workers(args.jobs):
        cut = EnglishCut(planner, folder, spread, args.jobs)
        locales = sorted(by_locale, key=str.lower)
        parse = _parcel if spread else Prior.of
        parsing = [each_done(by_locale[locale], [parse], jobs=args.jobs, quiet=args.quiet) for locale in locales[:1]]
        waiting: deque[tuple[str, list[Callable[[], list[Outcome]]]]] = deque()
        for number, locale in enumerate(locales):
            found, packed = _parsed(parsing.pop(), spread, reporter)
            if number + 1 < len(locales):  # the workers parse the next locale while this one is planned
                parsing.append(each_done(by_locale[locales[number + 1]], [parse], jobs=args.jobs, quiet=args.quiet))
            groups = _article_locales(locale, found, packed)
            del found, packed
            for part, (name, priors, segments) in enumerate(groups):
                plan = replace(_locale_plan(args, planner, english_files, name, priors, reporter), packed=segments)
                last = number + 1 == len(locales) and part + 1 == len(groups)
                stored = os.path.join(folder, f"{number}-{part}.pickle")
                waiting.append((stored, _handed_out(plan, stored, cut, tree, finish, spread, args.jobs if last else 1)))
                del plan
                while len(waiting) > (1 if spread and not last else 0):  # one locale ahead: workers never wait for this process
                    yield from _outcomes(*waiting.popleft(), spread)


def _article_locales(locale: str, found: list[Prior], packed: list[bytes]) -> list[tuple[str, list[Prior], tuple[bytes, ...]]]:
    """The articles of one locale folder split by the locale they are in (their front matter):
    a folder whose name is no locale (``ca-es-valencia``, none at all) may hold several, and
    each is planned against its own memory, never another language's."""
    if not found:
        return [(locale, [], ())]
    groups: dict[str, list[int]] = {}
    for index, prior in enumerate(found):
        groups.setdefault((prior.locale or locale).lower(), []).append(index)
    return [
        (
            found[indexes[0]].locale or locale,
            [found[i] for i in indexes],
            tuple(packed[i] for i in indexes) if packed else (),
        )
        for _, indexes in sorted(groups.items())
    ]


def _handed_out(
    plan: LocalePlan, stored: str, cut: EnglishCut, tree: OutputTree | None, finish: Finish, spread: bool, shares: int
) -> list[Callable[[], list[Outcome]]]:
    """One locale's plan handed to the workers (in ``shares`` tasks): its file written (or
    kept here), the English it needs cut, each article's item made."""
    names = cut.add(task.english_path for task in plan.tasks)
    places = [_places(tree, task, finish.formats) for task in plan.tasks]
    items = list(_items(stored, names, [cut.keys[task.english_path] for task in plan.tasks], places))
    if spread:
        with open(stored, "wb") as stream:
            pickle.dump(plan, stream, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        _LOADED[stored] = plan.unpacked()
    return [submit(partial(_finish_all, finish), share) for share in _shares(items, shares)]


def _parsed(done: Iterable[Done], spread: bool, reporter: Reporter) -> tuple[list[Prior], list[bytes]]:
    """A locale's priors and, when its articles were parsed in the workers, their pickled segments."""
    found: list[Prior] = []
    packed: list[bytes] = []
    for each in done:
        reporter.report(each.diagnostics)
        if each.readable:
            if spread:
                prior, segments = each.results[0]
                packed.append(segments)
            else:
                prior = each.results[0]
            found.append(prior)
    return found, packed


def _finish_all(finish: Finish, items: Sequence[Item]) -> list[Outcome]:
    """One task of the second step: a locale's articles (or a share of the last one), so the
    locale's memory is made once, by the worker that plans them."""
    return [finish(item) for item in items]


def _shares(items: list[Item], count: int) -> list[list[Item]]:
    """``items`` cut into ``count`` runs of consecutive articles (each made its memory)."""
    size = -(-len(items) // max(1, count)) or 1
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def _outcomes(stored: str, results: Sequence[Callable[[], list[Outcome]]], spread: bool) -> Iterator[Outcome]:
    for result in results:
        yield from result()
    _LOADED.clear()
    if spread:
        os.remove(stored)  # every worker has what it needs of it


def _locale_plan(
    args: argparse.Namespace,
    planner: Planner,
    english_files: Sequence[str],
    locale: str,
    found: Sequence[Prior],
    reporter: Reporter,
) -> LocalePlan:
    """One locale's articles to plan, in order, and its ``--tm`` entries."""
    extra = tuple(_memory_entries(args.tm, locale, reporter))
    covered = [planner.english_path(prior) for prior in found]
    name = found[0].locale if found else locale
    priors = [(_output(prior.path, prior.locale, args.paths), prior) for prior in found]
    return LocalePlan(planner.tasks(name or "?", priors, added_candidates(english_files, covered)), extra)


class EnglishCut:
    """The English files of a command, each cut once, in a worker process (an English file
    serves every locale, and cutting it costs more than parsing an article): those a
    locale needs that no earlier locale did are cut and written to a file that every
    worker reads once (:func:`_english`); this process keeps their sentence keys."""

    def __init__(self, planner: Planner, folder: str, spread: bool, jobs: int) -> None:
        self.planner = planner
        self.folder = folder
        self.spread = spread
        self.jobs = jobs
        self.keys: dict[str, tuple[str, ...]] = {}
        """Each English file's sentence keys (none when it is gone)."""
        self.names: tuple[str, ...] = ()
        _ENGLISH.clear()
        _ENGLISH_READ.clear()

    def add(self, paths: Iterable[str]) -> tuple[str, ...]:
        """Cut the files of ``paths`` not cut yet; the names of every file of cuts so far."""
        missing = [path for path in dict.fromkeys(paths) if path not in self.keys]
        if not missing:
            return self.names
        cuts = dict(zip(missing, run(self.planner.read, missing, jobs=self.jobs), strict=True))
        self.keys.update((path, each.keys if each else ()) for path, each in cuts.items())
        if self.spread:
            name = os.path.join(self.folder, f"english-{len(self.names)}.pickle")
            with open(name, "wb") as stream:
                pickle.dump(cuts, stream, protocol=pickle.HIGHEST_PROTOCOL)
            self.names = (*self.names, name)
        else:
            _ENGLISH.update(cuts)
        return self.names


def _items(
    name: str, english: tuple[str, ...], keys: Sequence[tuple[str, ...]], places: Sequence[tuple[Place, ...]]
) -> Iterator[Item]:
    """One item of :class:`Finish` per article: the keys of its English that articles before
    it had (what one job over the locale would have seen)."""
    seen: set[str] = set()
    for index, (each, where) in enumerate(zip(keys, places, strict=True)):
        yield Item(name, index, frozenset(key for key in each if key in seen), english, where)
        seen.update(each)


def _places(tree: OutputTree | None, task: Task, formats: Sequence[str]) -> tuple[Place, ...]:
    """Where the files of an article go in ``tree``: the updated article, or its kit in each
    format (``KITDIR/FORMAT/…``); none without a tree (analyze)."""
    if tree is None:
        return ()
    if not formats:
        return (_place(tree, task.output),)
    stem = Path(task.output).with_suffix("").as_posix()
    return tuple(_place(tree, form, stem + _KITS[form][0]) for form in formats)


def _place(tree: OutputTree, *parts: str) -> Place:
    try:
        return Place(tree.place(*parts))
    except UnsafePath as error:
        return Place(None, str(error))


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
        for item in planned(args, english, revision, reporter, "analyze"):
            if item.row is not None:
                analysis.add_row(item.row)
    formats = {"text": format_text, "csv": format_csv, "json": format_json}
    write_output(formats[args.format](analysis, weights), args.output)
    return reporter.exit_code


def run_update(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    manifest: dict[str, Any] = {}
    counts = {"updated": 0, "added": 0, "deleted": 0, "sentences": 0, "reused": 0, "pending": 0}
    with new_english(args) as (english, revision, commit), OutputTree(args.output, "update", args.paths) as tree:
        for item in planned(args, english, revision, reporter, "update", commit, tree=tree):
            counts[item.status] += 1
            if item.status == "deleted":
                print(
                    f"{item.previous or item.output}: the English article {item.english_path} is gone; not written",
                    file=sys.stderr,
                )
                continue
            if not _adopt(tree, item.outputs[0], item, reporter):
                continue
            if item.pending:
                manifest[item.output] = {"locale": item.locale, "english": item.english_path, "pending": list(item.pending)}
            counts["sentences"] += item.sentences
            counts["reused"] += item.reused
            counts["pending"] += len(item.pending)
        tree.write(
            json_text(
                {"convention": "a pending sentence has its English in both halves", "commit": commit, "articles": manifest}
            ),
            "pending.json",
        )
    print(
        f"{counts['updated']} articles updated, {counts['added']} added, {counts['deleted']} deleted; "
        f"{counts['sentences']} sentences, {counts['reused']} translations reused, {counts['pending']} pending "
        f"(listed in {Path(args.output) / 'pending.json'})",
        file=sys.stderr,
    )
    return reporter.exit_code


def _adopt(tree: OutputTree, output: Output, item: Outcome, reporter: Reporter) -> bool:
    """Take a file a worker wrote into the tree; a place the tree refused, or a file this
    run wrote already, is reported for that article."""
    try:
        if output.place.path is None:
            raise UnsafePath(output.place.refused)
        tree.adopt(output.temporary, output.place.path)
    except UnsafePath as error:
        reporter.report([diagnostic(item.previous or item.output, 1, 1, "O001", f"not written: {error}")])
        return False
    return True


def run_kit(args: argparse.Namespace) -> int:
    refuse_overlap(args.output, args.paths, folder=True)
    reporter = reporter_for(args)
    files = units = locked = 0
    with new_english(args) as (english, revision, commit), OutputTree(args.output, "kit", args.paths) as tree:
        for item in planned(args, english, revision, reporter, "kit", commit, args.formats, tree):
            if not item.outputs:
                continue
            for output in item.outputs:
                _adopt(tree, output, item, reporter)
            files += 1
            units += item.units
            locked += item.locked
    print(
        f"{units} sentences to translate in {files} articles ({locked} reused ones locked for context), kits under {args.output}",
        file=sys.stderr,
    )
    return reporter.exit_code
