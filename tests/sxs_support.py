"""What the reader's tests share: the check that nothing of the input is lost."""

from __future__ import annotations

import re

from toolkit.model import Article


def assert_accounted(article: Article) -> None:
    """Every ``data-ttu-id`` of the input is a segment, words inside one, or named by a
    diagnostic on its line."""
    segment_ids = {s.id for s in article.segments}
    insides = [span for s in article.segments for span in (s.target_span, s.source_span)]
    for match in re.finditer(r"data-ttu-id(?:=(?:\"|&quot;)([^\"&]*))?", article.text):
        if match[1] in segment_ids or any(begin <= match.start() < end for begin, end in insides):
            continue  # a segment, or words inside one
        line, _ = article.location(match.start())
        assert any(
            d.line == line and ((match[1] or "data-ttu-id") in d.message or d.code == "P019") for d in article.diagnostics
        ), match[0]
