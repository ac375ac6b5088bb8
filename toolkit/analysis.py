"""The leverage analysis a quote is made from: segments, words and characters per match class.

Rules:

* Counts are of the new English sentences (source words), per article and per locale.
* Words and characters are counted by :func:`toolkit.words.count` (runs of letters or digits,
  each CJK character one word; characters without white space) on the text a translator
  types: text runs only, so inline code, link targets and other markup are not words, and
  URLs, e-mail addresses and placeholders (``{0}``, ``{{name}}``, ``%s``, ``$(var)``) in the
  text are taken out first.
* The weighted word count is the sum over classes of words times weight; :data:`DEFAULT_WEIGHTS`
  unless ``--weights`` says otherwise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from toolkit.leverage import Band
from toolkit.model import Code, Inline
from toolkit.outputs import json_text
from toolkit.update import Planned
from toolkit.words import Count, count

DEFAULT_WEIGHTS: Mapping[Band, float] = {
    Band.CONTEXT: 0.0,
    Band.EXACT: 0.25,
    Band.REPETITION: 0.25,
    Band.FUZZY_95: 0.5,
    Band.FUZZY_85: 0.6,
    Band.FUZZY_75: 0.8,
    Band.FUZZY_50: 1.0,
    Band.NEW: 1.0,
}

_NOT_WORDS = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|mailto:\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # URLs, e-mail addresses
    r"|\{\{[^{}]*\}\}|\{[\w.:,-]*\}|%\d*\$?[-+ 0#]*\d*(?:\.\d+)?[sdifuxXeEgGcp%]|\$\([^()]*\)"  # placeholders
)


_COUNTED: dict[str, Count] = {}


def clear_memo() -> None:
    """Empty the word-count memo (see :mod:`toolkit.caches`)."""
    _COUNTED.clear()


def source_count(inline: Inline) -> Count:
    """Words and characters of an English half, as the module's rules count them (memoized
    by markup: every locale counts the same English)."""
    found = _COUNTED.get(inline.markup)
    if found is None:
        if len(_COUNTED) >= 200_000:
            _COUNTED.clear()
        text = " ".join(part for part in inline.parts if not isinstance(part, Code))
        found = _COUNTED[inline.markup] = count(_NOT_WORDS.sub(" ", text))
    return found


def parse_weights(value: str) -> dict[Band, float]:
    """``context=0,exact=0.2,95-99=0.5,…`` over :data:`DEFAULT_WEIGHTS`."""
    weights = dict(DEFAULT_WEIGHTS)
    for item in filter(None, (v.strip() for v in value.split(","))):
        name, _, number = item.partition("=")
        weights[Band(name.strip())] = float(number)
    return weights


@dataclass
class Tally:
    segments: int = 0
    words: int = 0
    characters: int = 0

    def add(self, counted: Count) -> None:
        self.segments += 1
        self.words += counted.words
        self.characters += counted.characters


@dataclass
class Row:
    """One article (or a locale's total): a tally per class."""

    locale: str
    article: str
    status: str
    bands: dict[Band, Tally] = field(default_factory=lambda: {band: Tally() for band in Band})

    def weighted(self, weights: Mapping[Band, float]) -> float:
        return round(sum(tally.words * weights[band] for band, tally in self.bands.items()), 2)

    def absorb(self, other: Row) -> None:
        for band, tally in other.bands.items():
            mine = self.bands[band]
            mine.segments += tally.segments
            mine.words += tally.words
            mine.characters += tally.characters


class Analysis:
    """Rows per article and totals per locale, in the order the job met them."""

    def __init__(self) -> None:
        self.articles: list[Row] = []
        self.locales: dict[str, Row] = {}

    def add(self, planned: Planned) -> None:
        self.add_row(row_of(planned))

    def add_row(self, row: Row) -> None:
        """One article's row (made where the article was planned, see :func:`row_of`)."""
        self.articles.append(row)
        self.locales.setdefault(row.locale, Row(row.locale, "", "total")).absorb(row)


def row_of(planned: Planned) -> Row:
    """One article's tally per class."""
    row = Row(planned.locale, planned.output, planned.status)
    for item in planned.leveraged:
        row.bands[item.band].add(source_count(item.source))
    return row


def format_text(analysis: Analysis, weights: Mapping[Band, float]) -> str:
    lines = []
    for locale, total in analysis.locales.items():
        statuses = [r.status for r in analysis.articles if r.locale == locale]
        lines.append(
            f"{locale}: {len(statuses)} articles ({statuses.count('updated')} updated, "
            f"{statuses.count('added')} added, {statuses.count('deleted')} deleted)"
        )
        lines.append(f"  {'class':<11}{'segments':>10}{'words':>10}{'characters':>12}{'weight':>8}")
        for band, tally in total.bands.items():
            lines.append(f"  {band.value:<11}{tally.segments:>10}{tally.words:>10}{tally.characters:>12}{weights[band]:>8}")
        segments = sum(t.segments for t in total.bands.values())
        words = sum(t.words for t in total.bands.values())
        lines.append(f"  {'total':<11}{segments:>10}{words:>10}{sum(t.characters for t in total.bands.values()):>12}")
        lines.append(f"  weighted words: {total.weighted(weights)}")
    return "\n".join(lines) + "\n"


_COLUMNS = ("locale", "article", "status", "class", "segments", "words", "characters", "weight")


def _records(rows: Iterable[Row], weights: Mapping[Band, float]) -> Iterable[tuple[object, ...]]:
    for row in rows:
        for band, tally in row.bands.items():
            yield (row.locale, row.article, row.status, band.value, tally.segments, tally.words, tally.characters, weights[band])


def format_csv(analysis: Analysis, weights: Mapping[Band, float]) -> str:
    """One row per article and class, then per locale and class (article ``*``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    writer.writerows(_records(analysis.articles, weights))
    writer.writerows(_records((Row(r.locale, "*", r.status, r.bands) for r in analysis.locales.values()), weights))
    return out.getvalue()


def format_json(analysis: Analysis, weights: Mapping[Band, float]) -> str:
    def row(r: Row) -> dict[str, object]:
        return {
            "article": r.article,
            "status": r.status,
            "weighted_words": r.weighted(weights),
            "classes": {
                b.value: {"segments": t.segments, "words": t.words, "characters": t.characters} for b, t in r.bands.items()
            },
        }

    data = {
        "weights": {b.value: w for b, w in weights.items()},
        "locales": {
            locale: row(total) | {"articles": [row(r) for r in analysis.articles if r.locale == locale]}
            for locale, total in analysis.locales.items()
        },
    }
    return json_text(data)
