"""The report's charts as inline SVG, drawn here: no library, nothing fetched when the page is viewed.

Each function returns one ``<svg role="img">`` with a ``<title>``; the numbers are in a table
beside it (the page's job), so the chart only has to be readable, in colour and in print.
Colours are the Okabe-Ito palette, which colour-blind readers can tell apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
LABEL = 7.2
"""Approximate width of one label character in pixels (12 px sans-serif)."""


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" class="chart"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    extra = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[int]],
    colors: Sequence[str] = PALETTE,
    share: bool = True,
    width: int = 720,
    legend: bool = True,
    captions: Sequence[str] = (),
) -> str:
    """One horizontal bar per label, split into ``series``; as shares of the row's total when ``share``,
    else to one scale. Each bar ends with its caption (default: the row's total)."""
    left = max((len(label) for label in labels), default=4) * LABEL + 12
    bar, gap, top = 20, 8, 28 if legend else 4
    plot = width - left - 120  # room for the caption after the bar
    largest = max((sum(row) for row in values), default=0) or 1
    body = []
    x = left
    for name, color in zip(series, colors, strict=False) if legend else ():
        body.append(f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{color}"/>')
        body.append(_text(x + 16, 14, name))
        x += 16 + len(name) * LABEL + 18
    for index, (label, row) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (bar + gap)
        total = sum(row)
        body.append(_text(left - 8, y + bar * 0.7, label, "end"))
        scale = plot / (total if share else largest) if total else 0
        x = left
        for name, value, color in zip(series, row, colors, strict=False):
            if value:
                w = value * scale
                body.append(
                    f'<rect x="{x:.2f}" y="{y}" width="{max(w, 0.5):.2f}" height="{bar}" fill="{color}">'
                    f"<title>{escape(f'{label} {name}: {value:,}')}</title></rect>"
                )
                x += w
        body.append(_text(x + 6, y + bar * 0.7, captions[index] if captions else f"{total:,}"))
    return _svg(width, top + len(labels) * (bar + gap), title, body)


def bars(title: str, labels: Sequence[str], values: Sequence[int], what: str, color: str = PALETTE[0], width: int = 720) -> str:
    """Horizontal bars, one per label, in the order given."""
    return stacked_bars(title, labels, [what], [[v] for v in values], [color], share=False, width=width, legend=False)


def _shade(value: int, largest: int) -> tuple[str, str]:
    """Fill and text colour of a heat-map cell: white to dark blue on a log scale."""
    if not value:
        return "#ffffff", "#777777"
    level = math.log1p(value) / math.log1p(largest)
    light = round(245 - level * 185)
    return f"rgb({light - 40},{light - 10},{min(255, light + 30)})", "#ffffff" if level > 0.55 else "#111111"


def heat_map(title: str, rows: Sequence[str], columns: Sequence[str], values: dict[tuple[str, str], int], cell: int = 52) -> str:
    """A grid of ``rows`` x ``columns`` with the count in every cell, darker for more."""
    left = max((len(r) for r in rows), default=4) * LABEL + 12
    top = 70
    largest = max(values.values(), default=0) or 1
    body = []
    for j, column in enumerate(columns):
        x = left + j * cell + cell / 2
        body.append(f'<text x="{x:.1f}" y="{top - 8}" transform="rotate(-45 {x:.1f} {top - 8})">{escape(column)}</text>')
    for i, row in enumerate(rows):
        y = top + i * (cell * 0.6)
        body.append(_text(left - 8, y + cell * 0.4, row, "end"))
        for j, column in enumerate(columns):
            value = values.get((row, column), 0)
            fill, ink = _shade(value, largest)
            x = left + j * cell
            body.append(
                f'<rect x="{x}" y="{y:.1f}" width="{cell - 2}" height="{cell * 0.6 - 2:.1f}" fill="{fill}" '
                f'stroke="#cccccc" stroke-width="0.5"><title>{escape(f"{row} x {column}: {value:,}")}</title></rect>'
            )
            body.append(
                f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell * 0.4:.1f}" text-anchor="middle" fill="{ink}" '
                f'class="num">{value:,}</text>'
            )
    return _svg(left + len(columns) * cell + 10, top + len(rows) * cell * 0.6 + 6, title, body)
