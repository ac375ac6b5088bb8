"""Localization QA checks: a registry of small checks over parsed articles.

Public API (stable)::

    from toolkit.checks import run_checks, Finding, CHECKS
    findings = run_checks(articles, select=["M", "C001"], ignore=["C013"])

* :func:`run_checks` ``(articles, *, select=None, ignore=(), terms=(), allowlist=()) -> list[Finding]``
  runs every registered check (or those whose code starts with a ``select`` entry, minus
  ``ignore``) and returns findings sorted by path, line, column and code. Corpus-wide
  checks (``X…``) compare all the articles passed of one locale, so pass them together;
  for a single rule segment, pass one article (``parse_article`` of a small text works).
  ``terms`` are do-not-translate glossary terms, ``allowlist`` names that may stay English.
* :class:`Finding` is a frozen :class:`~toolkit.model.Diagnostic` (``path, line, column,
  severity, code, message, segment_id``) with ``source, target, locale``; ``str(finding)`` is
  ``path:line:col: severity: message [code]``.
* :data:`CHECKS` maps each code to its :class:`CheckInfo` (code, name, severity, ITS 2.0
  category, one-line description, scope).

Families: ``S`` structure and front matter (built on the reader's ``P0xx`` diagnostics),
``M`` markup parity, ``C`` content and locale typography, ``X`` consistency in a locale,
``R2xx`` rules kept in translation (a rule sentence's negation, obligation and "only").
An unknown code in ``select``/``ignore`` raises :class:`~toolkit.errors.UsageError`.
"""

from __future__ import annotations

from toolkit.checks import consistency, content, markup, modality, structure
from toolkit.checks.registry import CHECKS, Category, CheckInfo, Finding, Scope
from toolkit.checks.run import run_checks, selected

FAMILIES = (structure, markup, content, consistency, modality)
"""The modules whose import registers the checks, in the order they are listed."""

__all__ = ["CHECKS", "FAMILIES", "Category", "CheckInfo", "Finding", "Scope", "run_checks", "selected"]
