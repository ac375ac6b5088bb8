"""The localization report: one self-contained HTML page people look at instead of reading logs.

Public API::

    from toolkit.report import gather, render_page
    page = render_page(gather(articles, findings, aligned=align_source(articles, en_root)))

:func:`gather` counts (:mod:`~toolkit.report.data`), :func:`render_page` lays out
(:mod:`~toolkit.report.page`) with charts drawn as inline SVG (:mod:`~toolkit.report.svg`).
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.align.source import SourceAlignment
from toolkit.checks.registry import Finding
from toolkit.model import Article, Diagnostic
from toolkit.report import data
from toolkit.report.data import Report
from toolkit.report.page import render_page
from toolkit.rules.model import Spec


def gather(
    articles: Sequence[Article],
    findings: Sequence[Finding],
    *,
    inputs: Sequence[str] = (),
    baselined: int = 0,
    aligned: SourceAlignment | None = None,
    source: str = "",
    spec: Spec | None = None,
    traced: Sequence[Diagnostic] = (),
    max_rows: int = data.MAX_ROWS,
) -> Report:
    """Everything the page shows; ``aligned`` and ``spec`` (with its ``traced`` problems) are optional sections."""
    return Report(
        title="Localization report",
        inputs=list(inputs),
        overview=data.overview(articles),
        quality=data.quality(findings, articles, baselined, max_rows),
        freshness=data.freshness(aligned) if aligned is not None else None,
        rules=data.rules(spec, articles, traced) if spec is not None else None,
        source=source,
    )


__all__ = ["Report", "gather", "render_page"]
