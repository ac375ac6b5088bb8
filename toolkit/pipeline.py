"""The main job over a corpus (``loctk build``) as library steps.

Each step gets the parsed articles and the output tree (:class:`toolkit.outputs.OutputTree`),
writes its files through it and returns a :class:`StepResult`: one summary line and the
diagnostics it found. Steps are listed in :data:`STEPS`, in the order they run; the command
only reads the corpus, calls :func:`build` and prints.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.align.locales import align_locales
from toolkit.align.source import align_source
from toolkit.checks import run_checks
from toolkit.checks.baseline import apply_baseline, read_baseline
from toolkit.checks.config import load_config
from toolkit.checks.report import write_sarif, write_text
from toolkit.diagnostics import diagnostic
from toolkit.errors import InputError
from toolkit.export import EXPORTERS, Options
from toolkit.formats.jsonl import write_jsonl
from toolkit.model import Article, Diagnostic
from toolkit.outputs import OutputTree
from toolkit.report import gather, render_page
from toolkit.rules import Modality, Spec, check_spec, dump_spec, dumps_gherkin, dumps_markdown, extract, read_spec, trace, verify
from toolkit.rules.trace import matching
from toolkit.words import SIZES, sizes


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step did."""

    summary: str
    """One line for the user, naming the files written."""
    diagnostics: tuple[Diagnostic, ...] = ()


Step = Callable[[Sequence[Article], OutputTree], StepResult]


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


def segments_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """Every segment as JSON Lines, and the files and block kinds per locale."""
    with out.text("segments.jsonl") as stream:
        count = write_jsonl(list(found), stream)
    files: Counter[str] = Counter(a.locale for a in found)
    kinds: dict[str, Counter[str]] = {}
    size: dict[str, Counter[str]] = {}
    for article in found:
        kinds.setdefault(article.locale, Counter()).update(s.block.kind.value for s in article.segments)
        size.setdefault(article.locale, Counter()).update(sizes(article.segments))
    out.write(format_stats(files, kinds, size), "stats.txt")
    return StepResult(f"segments: {count} from {len(found)} files in {len(files)} locales -> segments.jsonl, stats.txt")


def format_counts(spec: Spec, files: int) -> str:
    """``12 candidates from 5 files: obligation 1, prohibition 3, …``, every modality named."""
    counts = Counter(rule.modality for rule in spec.rules)
    by = ", ".join(f"{m.value} {counts[m]}" for m in Modality)
    return f"{len(spec.rules)} candidates from {files} files: {by}"


def rules_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """Rule candidates from the corpus; every ``*.rules.yaml`` beside the articles checked and exported."""
    candidates = extract(found)
    out.write(dump_spec(candidates), "rules.candidates.yaml")
    folders = sorted({Path(a.path).parent for a in found})
    specs = sorted({p for folder in folders for p in folder.glob("*.rules.yaml")})
    problems: list[Diagnostic] = []
    for path in specs:
        try:
            spec = read_spec(path)
        except InputError as error:
            problems.append(diagnostic(error.path, error.line, error.column, "P021", str(error).split(": error: ", 1)[-1]))
            continue
        # a spec whose articles this corpus does not hold: only its model can be checked here
        cited = any(matching(rule, found) for rule in spec.rules)
        problems += check_spec(spec, found) if cited else verify(spec).problems
        stem = path.name.removesuffix(".rules.yaml")
        out.write(dumps_markdown(spec), f"{stem}.rules.md")
        out.write(dumps_gherkin(spec), f"{stem}.feature")
    return StepResult(
        f"rules: {format_counts(candidates, len(found))} -> rules.candidates.yaml; "
        f"{len(specs)} specs checked, {len(problems)} problems",
        tuple(problems),
    )


def alignment_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """How the locales of each article line up (nothing written)."""
    aligned = align_locales(found)
    return StepResult(
        f"alignment: {len(aligned.units)} sentences across {len(aligned.locales)} locales, "
        f"{aligned.complete()} in all of them; {aligned.by_number} segments placed by id, "
        f"{aligned.by_text} by English text, {len(aligned.unaligned)} units unaligned"
    )


def qa_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """Every QA check over the corpus, as text and SARIF, and a count per check."""
    findings = run_checks(found)
    with out.text("qa.txt") as stream:
        write_text(findings, stream)
    with out.text("qa.sarif") as stream:
        write_sarif(findings, stream)
    counts = Counter(f.code for f in findings)
    summary = ", ".join(f"{code} {n}" for code, n in sorted(counts.items())) or "none"
    return StepResult(f"qa: {len(findings)} findings in {len(found)} files ({summary}) -> qa.txt, qa.sarif")


def exports_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """TMX per locale pair and PO per article under ``OUT/tm/``."""
    root = os.path.commonpath([str(Path(a.path).parent) for a in found]) if found else "."
    written = [EXPORTERS[name](found, out.below("tm"), Options((root,))) for name in ("tmx", "po")]
    return StepResult(
        "exports: " + "; ".join(w.summary() for w in written) + " -> tm/", tuple(d for w in written for d in w.refused)
    )


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


def report_step(found: Sequence[Article], out: OutputTree) -> StepResult:
    """The report of the corpus (no English source, no spec) as ``report.html``."""
    paths = [a.path for a in found]
    page = report_page(found, [os.path.commonpath(paths)] if paths else ["."])
    out.write(page, "report.html")
    return StepResult(f"report: {len(page.encode('utf-8')):,} bytes -> report.html")


STEPS: tuple[tuple[str, Step], ...] = (
    ("segments", segments_step),
    ("rules", rules_step),
    ("alignment", alignment_step),
    ("qa", qa_step),
    ("exports", exports_step),
    ("report", report_step),
)


def build(found: Sequence[Article], out: OutputTree) -> Iterator[StepResult]:
    """Run every step in order, each result as soon as it is done."""
    for _name, step in STEPS:
        yield step(found, out)
