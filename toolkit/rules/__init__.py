"""Business rules the articles state: extraction, the spec, tracing and model checking.

Public API::

    from toolkit.rules import extract, read_spec, write_spec, check_spec
    candidates = extract(articles)                # or, where the files are parsed:
    parts = [article_candidates(a) for a in articles]  # small, picklable, one per article
    candidates = merge_candidates(parts)          # the same spec, byte for byte once dumped
    spec = read_spec("corpus/close-opportunity.rules.yaml")
    problems = check_spec(spec, articles)      # drift, translations, QA, formal consistency

The layers: :mod:`~toolkit.rules.model` (frozen data), :mod:`~toolkit.rules.spec` (YAML
reader and writer, JSON Schema), :mod:`~toolkit.rules.extract` (candidates),
:mod:`~toolkit.rules.trace`, :mod:`~toolkit.rules.modality` and :mod:`~toolkit.rules.verify`
(the parts of a check: drift, translations that state another rule, the formal part),
:mod:`~toolkit.rules.markdown` and :mod:`~toolkit.rules.gherkin` (exports).
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.model import Article, Diagnostic
from toolkit.rules.extract import ArticleCandidates, article_candidates, classify, extract, merge_candidates
from toolkit.rules.gherkin import dumps_gherkin
from toolkit.rules.markdown import dumps_markdown
from toolkit.rules.modality import Kept, kept, shifts, spec_shifts
from toolkit.rules.model import Modality, Rule, Spec
from toolkit.rules.spec import dump_spec, parse_spec, read_spec, write_spec
from toolkit.rules.trace import trace
from toolkit.rules.verify import DEFAULT_BOUND, Verification, verify


def check(spec: Spec, articles: Sequence[Article], bound: int | None = DEFAULT_BOUND) -> Verification:
    """Everything wrong with a spec against the articles (drift, translations, QA, modality kept in
    every locale) and against its own model, with the states explored."""
    verified = verify(spec, bound)
    return Verification(trace(spec, articles) + spec_shifts(spec, articles) + verified.problems, verified.world)


def check_spec(spec: Spec, articles: Sequence[Article], bound: int | None = DEFAULT_BOUND) -> list[Diagnostic]:
    """Everything wrong with a spec against the articles and against its own model."""
    return check(spec, articles, bound).problems


__all__ = [
    "DEFAULT_BOUND",
    "ArticleCandidates",
    "Kept",
    "Modality",
    "Rule",
    "Spec",
    "Verification",
    "article_candidates",
    "check",
    "check_spec",
    "classify",
    "dump_spec",
    "dumps_gherkin",
    "dumps_markdown",
    "extract",
    "kept",
    "merge_candidates",
    "parse_spec",
    "read_spec",
    "shifts",
    "spec_shifts",
    "trace",
    "verify",
    "write_spec",
]
