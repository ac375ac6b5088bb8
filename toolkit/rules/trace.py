"""Tracing a spec's rules to the articles: has the English drifted, is every translation there and sound?

A rule's article is found by identity (``ms.openlocfilehash``); when no article has it, by
file name, so another snapshot of the same article can be checked and the changed identity
is named rather than hidden. Within an article the cited sentence is found by number, since
each locale's file has its own id prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from toolkit.checks.run import run_checks
from toolkit.model import Article, Diagnostic
from toolkit.rules.cite import article_name, by_name, cited, matching
from toolkit.rules.findings import at_rule, rule_diagnostic
from toolkit.rules.model import Rule, Spec

__all__ = ["article_name", "cited", "matching", "trace"]
"""The finders of :mod:`toolkit.rules.cite` are served from here too."""


def trace(spec: Spec, articles: Sequence[Article]) -> list[Diagnostic]:
    """Every way the articles no longer support the spec's rules (drift, missing or bad translations)."""
    found: list[Diagnostic] = []
    renamed: set[str] = set()
    cites: dict[tuple[str, str], Rule] = {}
    for rule in spec.rules:
        matched = [a for a in articles if a.identity == rule.citation.identity]
        if not matched:
            matched = by_name(rule, articles)
            identities = sorted({a.identity for a in matched} - renamed)
            renamed.update(identities)
            if identities:
                found.append(
                    at_rule(
                        spec,
                        rule,
                        "R006",
                        f"{len(matched)} {rule.citation.name} articles have identity "
                        f"{', '.join(identities)}, the spec cites {rule.citation.identity}",
                    )
                )
        if not matched:
            found.append(
                at_rule(
                    spec,
                    rule,
                    "R001",
                    f"rule {rule.id}: no article {rule.citation.name} ({rule.citation.identity}) among {len(articles)} articles",
                )
            )
            continue
        found.extend(_rule(spec, rule, matched))
        for article in matched:
            segment = cited(article, rule.citation.number)
            if segment is not None:
                cites[article.path, segment.id] = rule
    found.extend(_qa(spec, articles, cites))
    return found


def _rule(spec: Spec, rule: Rule, matched: Sequence[Article]) -> Iterable[Diagnostic]:
    number = rule.citation.number
    present = {a.locale.lower(): (a, cited(a, number)) for a in matched}
    if all(segment is None for _, segment in present.values()):
        yield at_rule(
            spec,
            rule,
            "R001",
            f"rule {rule.id}: segment {number} no longer exists in {', '.join(sorted(a.path for a in matched))}",
        )
        return
    recorded = {t.locale.lower(): t for t in rule.translations}
    missing = [t.locale for locale, t in recorded.items() if locale not in present]
    if missing:
        yield at_rule(spec, rule, "R003", f"rule {rule.id}: no article holds its {', '.join(missing)} translation")
    unrecorded = sorted(a.locale for locale, (a, s) in present.items() if locale not in recorded and s is not None)
    if unrecorded:
        yield at_rule(spec, rule, "R007", f"rule {rule.id}: the spec records no {', '.join(unrecorded)} translation")
    for locale, (article, segment) in sorted(present.items()):
        if segment is None:
            yield rule_diagnostic(
                article.path,
                1,
                1,
                "R003",
                f"rule {rule.id}: segment {number} is missing in {article.locale}, so is the rule's translation",
            )
            continue
        line, column = segment.line, segment.column
        if segment.source.text != rule.statement:
            yield rule_diagnostic(
                article.path,
                line,
                column,
                "R002",
                f"rule {rule.id}: English of {segment.id} is {segment.source.text!r}, the spec states {rule.statement!r}",
            )
        if not segment.target.text.strip():
            yield rule_diagnostic(
                article.path, line, column, "R003", f"rule {rule.id}: {segment.id} has no {article.locale} translation"
            )
        elif locale in recorded and recorded[locale].text != segment.target.text:
            yield rule_diagnostic(
                article.path,
                line,
                column,
                "R005",
                f"rule {rule.id}: {article.locale} translation "
                f"of {segment.id} is now {segment.target.text!r}, the spec has {recorded[locale].text!r}",
            )


def _qa(spec: Spec, articles: Sequence[Article], cites: dict[tuple[str, str], Rule]) -> Iterable[Diagnostic]:
    """QA findings on the segments rules cite, re-issued under the rule's name unless accepted on review."""
    if not cites:
        return
    paths = {path for path, _ in cites}
    locales = {a.path: a.locale.lower() for a in articles}
    for finding in run_checks([a for a in articles if a.path in paths], ignore=("R2",)):  # R2xx: spec_shifts, by rule
        rule = cites.get((finding.path, finding.segment_id))
        if rule is None:
            continue
        accepted = {c for t in rule.translations if t.locale.lower() == locales[finding.path] for c in t.accepted}
        if finding.code not in accepted:
            yield Diagnostic(
                finding.path,
                finding.line,
                finding.column,
                finding.severity,
                "R004",
                f"rule {rule.id}: {finding.segment_id} fails QA check {finding.code}: {finding.message}",
                finding.segment_id,
            )
