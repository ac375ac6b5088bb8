"""Alignment: translations against their English source, and across locales.

:mod:`~toolkit.align.sentences` cuts English Markdown into sentences with rules kept as
data, :mod:`~toolkit.align.source` rates every segment against the English file
(current, changed, removed, new), :mod:`~toolkit.align.locales` groups the same sentence
across locales, and :mod:`~toolkit.align.toc` pairs localized TOC entries with the English.
"""

from toolkit.align.locales import AlignedUnit, CrossAlignment, align_locales
from toolkit.align.sentences import Sentence, normalize, sentences_of, split
from toolkit.align.source import ArticleAlignment, Match, SourceAlignment, Status, align_article, align_source

__all__ = [
    "AlignedUnit",
    "ArticleAlignment",
    "CrossAlignment",
    "Match",
    "Sentence",
    "SourceAlignment",
    "Status",
    "align_article",
    "align_locales",
    "align_source",
    "normalize",
    "sentences_of",
    "split",
]
