"""What ``loctk rules check`` reports: diagnostics with the ``R`` codes of :data:`toolkit.diagnostics.CODES`.

Codes R0xx concern tracing (the articles changed under the spec), R1xx the formal part (the
spec contradicts itself or its model), R2xx a translation that states another rule than the
English (:mod:`toolkit.rules.modality`). CI baselines refer to them, so they never change meaning.
"""

from __future__ import annotations

from toolkit.diagnostics import diagnostic
from toolkit.model import Diagnostic
from toolkit.rules.model import Rule, Spec


def rule_diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """A diagnostic whose severity comes from :data:`toolkit.diagnostics.CODES`."""
    return diagnostic(path, line, column, code, message)


def at_rule(spec: Spec, rule: Rule, code: str, message: str) -> Diagnostic:
    """A diagnostic located at the rule in the spec file."""
    return rule_diagnostic(spec.path, rule.line or 1, 1, code, message)
