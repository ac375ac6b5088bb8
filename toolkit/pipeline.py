"""The main job over a corpus (``loctk build``) as library steps, each file parsed once.

A step names the parts it needs of each article (:mod:`toolkit.work`: they run where the
file is parsed), folds their results as they come (:meth:`Step.add`, in path order) and
writes its files at the end (:meth:`Step.finish`), returning a :class:`StepResult`: one
summary line and the diagnostics it found. A step whose end is worker processes' work (the
alignment, the corpus checks) hands it out first (:class:`Starting`), so that it runs while
the steps before it finish here. :func:`build` runs every step of :data:`STEPS`
over one pass of the files; the command only finds the files, calls it and prints. Steps
hold what they fold, never the articles: the JSON Lines and the exports are written as they
come, the alignment and the consistency checks wait in spools by article and by locale.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from toolkit.align.locales import Aligner, packed_version
from toolkit.align.source import align_source
from toolkit.checks import run_checks
from toolkit.checks.baseline import apply_baseline, read_baseline
from toolkit.checks.config import load_config
from toolkit.checks.registry import Finding
from toolkit.checks.report import write_sarif, write_text
from toolkit.checks.run import Checked, CheckPart, CheckSink, check_part
from toolkit.corpus import run
from toolkit.diagnostics import diagnostic
from toolkit.errors import InputError
from toolkit.export import Exports, ExportSink, Options, finish
from toolkit.formats.jsonl import dumps_article
from toolkit.model import Article, Diagnostic
from toolkit.outputs import TEXT_ERRORS, OutputTree
from toolkit.report import gather, render_page
from toolkit.report.data import MAX_ROWS, Halves, Overview, Report, Summary, quality_of, summary
from toolkit.rules import Modality, Rule, Spec, check_spec, dumps_gherkin, dumps_markdown, read_spec, trace, verify
from toolkit.rules.extract import ArticleCandidates, article_candidates, group_rules
from toolkit.rules.spec import dumps_spec
from toolkit.rules.trace import article_name, matching
from toolkit.spool import Spool, dumps
from toolkit.words import SIZES, sizes
from toolkit.work import Done, Part, load


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step did."""

    summary: str
    """One line for the user, naming the files written."""
    diagnostics: tuple[Diagnostic, ...] = ()


class Step(Protocol):
    """One output of the build: its parts, what it folds, what it writes (see :class:`Starting`)."""

    parts: tuple[Part, ...]

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        """The results of :attr:`parts` for one readable file."""

    def finish(self, out: OutputTree) -> StepResult: ...


@runtime_checkable
class Starting(Protocol):
    """A step whose end is partly worker processes' work: :meth:`start` hands it out once
    every file is added, before any step finishes, so that it runs while the steps before
    finish in this process."""

    def start(self) -> None: ...


def format_stats(files: Counter[str], kinds: dict[str, Counter[str]], size: dict[str, Counter[str]] | None = None) -> str:
    """A table: one row per locale (files, segments, the words and characters of :data:`~toolkit.words.SIZES`
    when ``size`` is given, segments per block kind), then a total row."""
    columns = sorted({kind for counts in kinds.values() for kind in counts})
    measured = SIZES if size is not None else ()
    header = ["locale", "files", "segments", *measured, *columns]
    rows = []
    total: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for locale in sorted(files, key=str.lower):
        counts, words = kinds.get(locale, Counter()), (size or {}).get(locale, Counter())
        rows.append(
            [
                locale,
                str(files[locale]),
                str(sum(counts.values())),
                *(str(words[c]) for c in measured),
                *(str(counts[c]) for c in columns),
            ]
        )
        total.update(counts)
        totals.update(words)
    rows.append(
        [
            "total",
            str(sum(files.values())),
            str(sum(total.values())),
            *(str(totals[c]) for c in measured),
            *(str(total[c]) for c in columns),
        ]
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


def format_counts(spec: Spec | Counter[Modality], files: int) -> str:
    """``12 candidates from 5 files: obligation 1, prohibition 3, …``, every modality named
    (``spec`` may be its rules counted by modality)."""
    counts = spec if isinstance(spec, Counter) else Counter(rule.modality for rule in spec.rules)
    by = ", ".join(f"{m.value} {counts[m]}" for m in Modality)
    return f"{counts.total()} candidates from {files} files: {by}"


@dataclass(frozen=True, slots=True)
class _Segments:
    """An article's JSON Lines, segments per block kind and words, made where it is parsed."""

    def __call__(self, article: Article) -> tuple[bytes, Counter[str], Counter[str], Summary]:
        size = sizes(article.segments)
        lines = dumps_article(article).encode("utf-8", TEXT_ERRORS)  # encoded here, written as it comes
        return lines, Counter(s.block.kind.value for s in article.segments), size, summary(article, size)


class SegmentsStep:
    """Every segment as JSON Lines, and the files and block kinds per locale."""

    parts: tuple[Part, ...] = (_Segments(),)

    def __init__(self, out: OutputTree) -> None:
        self._stack = ExitStack()
        self._stream: IO[bytes] = self._stack.enter_context(out.binary("segments.jsonl"))
        self.files: Counter[str] = Counter()
        self.kinds: dict[str, Counter[str]] = {}
        self.size: dict[str, Counter[str]] = {}
        self.count = 0
        self.overview = Overview()
        """The report's table, folded as the articles come."""
        self.locale_of: dict[str, str] = {}

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        text, kinds, size, each = results[0]
        self.overview.add(each)
        self.locale_of[done.path] = done.locale or "?"
        self._stream.write(text)
        self.files[done.locale] += 1
        self.count += kinds.total()
        self.kinds.setdefault(done.locale, Counter()).update(kinds)
        self.size.setdefault(done.locale, Counter()).update(size)

    def finish(self, out: OutputTree) -> StepResult:
        self._stack.close()
        out.write(format_stats(self.files, self.kinds, self.size), "stats.txt")
        return StepResult(
            f"segments: {self.count} from {self.files.total()} files in {len(self.files)} locales -> segments.jsonl, stats.txt"
        )


@dataclass(frozen=True, slots=True)
class _Cited:
    """The article itself when a spec may cite it (by identity or file name), else None."""

    identities: frozenset[str]
    names: frozenset[str]

    def __call__(self, article: Article) -> Article | None:
        return article if article.identity in self.identities or article_name(article.path) in self.names else None


def _candidates(article: Article) -> tuple[str, bytes]:
    """The article's rule candidates, pickled where it is parsed, and their identity."""
    found = article_candidates(article)
    return found.identity, dumps(found)


def _merged(spool: Spool[ArticleCandidates]) -> Iterator[Rule]:
    """:func:`~toolkit.rules.extract.merge_candidates` of the spooled parts, one identity in memory at a time."""
    ids: set[str] = set()
    for identity in sorted(spool):
        yield from group_rules(spool.values(identity), ids)


def _counted(rules: Iterable[Rule], counts: Counter[Modality]) -> Iterator[Rule]:
    for rule in rules:
        counts[rule.modality] += 1
        yield rule


class RulesStep:
    """Rule candidates from the corpus; every ``*.rules.yaml`` beside the articles checked and exported."""

    def __init__(self, files: Sequence[str]) -> None:
        folders = sorted({Path(path).parent for path in files})
        self.problems: list[Diagnostic] = []
        self.specs: list[tuple[Path, Spec]] = []
        for path in sorted({p for folder in folders for p in folder.glob("*.rules.yaml")}):
            try:
                self.specs.append((path, read_spec(path)))
            except InputError as error:
                self.problems.append(
                    diagnostic(error.path, error.line, error.column, "P021", str(error).split(": error: ", 1)[-1])
                )
        self.checked = len(self.specs) + len(self.problems)
        rules = [rule for _path, spec in self.specs for rule in spec.rules]
        cited = _Cited(frozenset(r.citation.identity for r in rules), frozenset(r.citation.name for r in rules))
        self.parts: tuple[Part, ...] = (_candidates, cited)
        self.candidates: Spool[ArticleCandidates] = Spool()
        """Each article's candidates (pickled where it was parsed) under its identity: merged
        one identity at a time at the end."""
        self.cited: list[Article] = []
        self.files = 0

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        self.files += 1
        self.candidates.add_pickled(*results[0])
        if results[1] is not None:
            self.cited.append(results[1])

    def finish(self, out: OutputTree) -> StepResult:
        counts: Counter[Modality] = Counter()
        with self.candidates as spool, out.text("rules.candidates.yaml") as stream:
            for text in dumps_spec(Spec("candidates", "", ()), _counted(_merged(spool), counts)):
                stream.write(text)
        problems = self.problems
        for path, spec in self.specs:
            # a spec whose articles this corpus does not hold: only its model can be checked here
            cited = any(matching(rule, self.cited) for rule in spec.rules)
            problems += check_spec(spec, self.cited) if cited else verify(spec).problems
            stem = path.name.removesuffix(".rules.yaml")
            out.write(dumps_markdown(spec), f"{stem}.rules.md")
            out.write(dumps_gherkin(spec), f"{stem}.feature")
        return StepResult(
            f"rules: {format_counts(counts, self.files)} -> rules.candidates.yaml; "
            f"{self.checked} specs checked, {len(problems)} problems",
            tuple(problems),
        )


def _nothing(units: list[Any]) -> None:
    """What the alignment step keeps of an article's units: only the counts :class:`Aligner` makes."""


class AlignmentStep:
    """How the locales of each article line up (nothing written); with ``jobs > 1`` the
    articles are aligned side by side in worker processes at the end."""

    parts: tuple[Part, ...] = (packed_version,)

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self.aligner = Aligner(shared=jobs > 1)
        self.settled: Iterator[None] | None = None

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        self.aligner.add(results[0])

    def start(self) -> None:
        self.settled = self.aligner.settled(_nothing, jobs=self.jobs)

    def finish(self, out: OutputTree) -> StepResult:
        with self.aligner as aligner:
            for _ in self.settled or aligner.settled(_nothing, jobs=self.jobs):
                pass
            aligned = aligner.summary()
        return StepResult(
            f"alignment: {aligned.total} sentences across {len(aligned.locales)} locales, "
            f"{aligned.complete()} in all of them; {aligned.by_number} segments placed by id, "
            f"{aligned.by_text} by English text, {len(aligned.unaligned)} units unaligned"
        )


@dataclass(frozen=True, slots=True)
class _Checked:
    """The checks' results on an article, with the halves of the pairs they found something in
    (the report shows them)."""

    part: CheckPart

    def __call__(self, article: Article) -> tuple[Checked, bytes]:
        checked = self.part(article)
        wanted = {f.segment_id for f in checked.findings}
        halves = {s.id: Halves(s.source, s.target) for s in article.segments if s.id in wanted}
        return checked, dumps(halves) if halves else b""


class _Qa:
    """Findings folded from the files, with the halves the report shows; with ``jobs > 1``
    the locales' corpus checks are judged side by side in worker processes at the end."""

    def __init__(self, part: CheckPart, jobs: int = 1) -> None:
        self.part = part
        self.jobs = jobs
        self.parts: tuple[Part, ...] = (_Checked(part),)
        self.sink = CheckSink(part)
        self.halves: Spool[dict[str, Halves]] = Spool()
        """By path, each file's halves by segment id (pickled where it was parsed): the
        report reads back those of the few findings it shows."""
        self.files = 0

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        checked, halves = results[0]
        self.files += 1
        self.sink.add(checked)
        if halves:
            self.halves.add_pickled(done.path, halves)

    def start(self) -> None:
        self.sink.start(self.jobs)


class QaStep(_Qa):
    """Every QA check over the corpus, as text and SARIF, and a count per check."""

    def __init__(self, jobs: int = 1) -> None:
        super().__init__(check_part(), jobs)
        self.findings: list[Finding] = []

    def finish(self, out: OutputTree) -> StepResult:
        self.findings = self.sink.close(self.jobs)
        with out.text("qa.txt") as stream:
            write_text(self.findings, stream)
        with out.text("qa.sarif") as stream:
            write_sarif(self.findings, stream)
        counts = Counter(f.code for f in self.findings)
        summary = ", ".join(f"{code} {n}" for code, n in sorted(counts.items())) or "none"
        return StepResult(f"qa: {len(self.findings)} findings in {self.files} files ({summary}) -> qa.txt, qa.sarif")


class ExportsStep:
    """TMX per locale pair and PO per article under ``OUT/tm/``."""

    def __init__(self, files: Sequence[str], out: OutputTree, jobs: int) -> None:
        root = os.path.commonpath([str(Path(path).parent) for path in files]) if files else "."
        options = Options((root,))
        self.jobs = jobs
        """Processes of this machine that write the locales' TMX files (see :func:`toolkit.export.finish`)."""
        self.sinks = [ExportSink(name, out.below("tm"), options) for name in ("tmx", "po")]
        self.parts: tuple[Part, ...] = (Exports(tuple(sink.part() for sink in self.sinks)),)

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        for sink, piece in zip(self.sinks, results[0], strict=True):
            sink.add(piece)

    def finish(self, out: OutputTree) -> StepResult:
        written = finish(self.sinks, self.jobs)
        return StepResult(
            "exports: " + "; ".join(w.summary() for w in written) + " -> tm/", tuple(d for w in written for d in w.refused)
        )


def _shown(wanted: tuple[str, frozenset[str]]) -> dict[str, Halves]:
    """The halves of the segments ``(path, ids)`` names, the file parsed again (in a worker
    process with ``jobs > 1``): only the halves shown travel and are kept."""
    path, ids = wanted
    article = load(path)
    if not isinstance(article, Article):
        return {}
    return {s.id: Halves(s.source, s.target) for s in article.segments if s.id in ids}


class ReportStep:
    """The report of the corpus (no English source, no spec) as ``report.html``; its QA is the
    QA step's when the settings ``loctk check`` reads change nothing, else its own on the same pass."""

    def __init__(self, files: Sequence[str], qa: QaStep, segments: SegmentsStep) -> None:
        self.inputs = [os.path.commonpath(files)] if files else ["."]
        config = load_config(self.inputs)
        part = check_part(config.select, config.ignore or (), config.terms, config.allowlist)
        self.shared = part == qa.part
        self.qa: _Qa = qa if self.shared else _Qa(part, qa.jobs)
        self.baseline = config.baseline
        self.parts: tuple[Part, ...] = () if self.shared else self.qa.parts
        self.segments = segments

    def add(self, done: Done, results: tuple[Any, ...]) -> None:
        if not self.shared:
            self.qa.add(done, results)

    def start(self) -> None:
        if not self.shared:
            self.qa.start()

    def _halves(self, chosen: Sequence[Finding]) -> dict[tuple[str, str], Halves]:
        """The halves of the findings shown: kept by the per-file checks, read again for the
        few corpus-check findings shown (their keys carry plain text only)."""
        wanted = {(f.path, f.segment_id) for f in chosen if f.segment_id}
        spool = self.qa.halves
        found: dict[tuple[str, str], Halves] = {}
        for path in sorted({path for path, _ in wanted if path in spool}):
            for halves in spool.values(path):
                found.update(((path, key), value) for key, value in halves.items() if (path, key) in wanted)
        missing: dict[str, set[str]] = {}
        for path, key in wanted:
            if (path, key) not in found:
                missing.setdefault(path, set()).add(key)
        todo = [(path, frozenset(missing[path])) for path in sorted(missing)]
        for path, halves in zip(sorted(missing), run(_shown, todo, jobs=self.qa.jobs), strict=True):
            found.update(((path, key), value) for key, value in halves.items())
        return found

    def finish(self, out: OutputTree) -> StepResult:
        findings = self.qa.findings if isinstance(self.qa, QaStep) else self.qa.sink.close(self.qa.jobs)
        total = len(findings)
        if self.baseline:
            findings = apply_baseline(findings, read_baseline(self.baseline))
        with self.qa.halves:
            quality = quality_of(findings, self.segments.locale_of, self._halves, total - len(findings), MAX_ROWS)
        page = render_page(Report("Localization report", list(self.inputs), self.segments.overview.rows(), quality))
        out.write(page, "report.html")
        return StepResult(f"report: {len(page.encode('utf-8')):,} bytes -> report.html")


def report_page(
    found: Sequence[Article],
    inputs: Sequence[str],
    source: str | None = None,
    baseline: str | None = None,
    spec_path: str | None = None,
) -> str:
    """The HTML report of parsed articles, QA run with the settings ``loctk check`` reads for ``inputs``."""
    config = load_config(inputs)
    findings = run_checks(found, select=config.select, ignore=config.ignore, terms=config.terms, allowlist=config.allowlist)
    total = len(findings)
    baseline = baseline or config.baseline
    if baseline:
        findings = apply_baseline(findings, read_baseline(baseline))
    spec = read_spec(spec_path) if spec_path else None
    return render_page(
        gather(
            list(found),
            findings,
            inputs=list(inputs),
            baselined=total - len(findings),
            aligned=align_source(list(found), source) if source else None,
            source=source or "",
            spec=spec,
            traced=trace(spec, found) if spec else (),
        )
    )


def build(
    files: Sequence[str], out: OutputTree, run: Callable[[Sequence[Part]], Iterable[Done]], jobs: int = 1
) -> Iterator[StepResult]:
    """Every step of the build over ``files``: ``run(parts)`` gives each file's results (one
    pass, e.g. :func:`toolkit.commands.common.each_done`); then each step's result in turn,
    the alignment and the corpus checks on ``jobs`` processes of this machine."""
    qa, segments = QaStep(jobs), SegmentsStep(out)
    chosen: list[Step] = [
        segments,
        RulesStep(files),
        AlignmentStep(jobs),
        qa,
        ExportsStep(files, out, jobs),
        ReportStep(files, qa, segments),
    ]
    spans, start = [], 0
    for step in chosen:
        spans.append((start, start + len(step.parts)))
        start += len(step.parts)
    for each in run([part for step in chosen for part in step.parts]):
        if each.readable:
            for step, (first, end) in zip(chosen, spans, strict=True):
                step.add(each, each.results[first:end])
    for step in chosen:
        if isinstance(step, Starting):
            step.start()
    for step in chosen:
        yield step.finish(out)
