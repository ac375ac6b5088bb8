"""What ``loctk rules check`` reports: one table of stable codes, one way to make a diagnostic.

Codes R0xx concern tracing (the articles changed under the spec), R1xx the formal part (the
spec contradicts itself or its model). CI baselines refer to them, so they never change meaning.
"""

from __future__ import annotations

from typing import NamedTuple

from toolkit.model import Diagnostic, Severity
from toolkit.rules.model import Rule, Spec


class Problem(NamedTuple):
    severity: Severity
    title: str


CODES: dict[str, Problem] = {
    "R001": Problem(Severity.ERROR, "cited article or segment not found"),
    "R002": Problem(Severity.ERROR, "English of a cited segment differs from the statement"),
    "R003": Problem(Severity.ERROR, "locale lacks the rule's translation"),
    "R004": Problem(Severity.ERROR, "translation of a rule fails a QA check"),
    "R005": Problem(Severity.WARNING, "translation differs from the one recorded in the spec"),
    "R006": Problem(Severity.WARNING, "article found by name: its identity differs from the spec's"),
    "R007": Problem(Severity.WARNING, "locale has the article but the spec records no translation"),
    "R101": Problem(Severity.ERROR, "formal part names an unknown entity, state or action"),
    "R102": Problem(Severity.ERROR, "prohibition violated in a reachable state"),
    "R103": Problem(Severity.ERROR, "permission never reachable"),
    "R104": Problem(Severity.ERROR, "stated consequence does not follow"),
    "R105": Problem(Severity.ERROR, "two rules contradict each other"),
    "R106": Problem(Severity.ERROR, "obligation not met by the model"),
    "R107": Problem(Severity.ERROR, "definition differs from the model"),
    "R108": Problem(Severity.WARNING, "exploration stopped at the state limit"),
}


def rule_diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """A diagnostic whose severity comes from :data:`CODES`."""
    return Diagnostic(path, line, column, CODES[code].severity, code, message)


def at_rule(spec: Spec, rule: Rule, code: str, message: str) -> Diagnostic:
    """A diagnostic located at the rule in the spec file."""
    return rule_diagnostic(spec.path, rule.line or 1, 1, code, message)
