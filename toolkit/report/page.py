"""The report as one self-contained HTML page: CSS, SVG and the filter script inline, nothing fetched.

The page's Content-Security-Policy forbids every network request, so a report opened from
a CI artifact behaves the same offline. Every chart is followed by a table with its numbers
(``data-n`` holds each raw count for scripts and tests); the findings table filters by
locale, check and severity; ``@media print`` drops the controls and keeps charts whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape

from toolkit.align.source import Status
from toolkit.checks.registry import CHECKS, Category
from toolkit.model import Code, Inline, Severity
from toolkit.report import svg
from toolkit.report.data import Freshness, LocaleOverview, Quality, Report, Row, Rules

STATUS_COLORS = {Status.CURRENT: "#009E73", Status.CHANGED: "#E69F00", Status.REMOVED: "#D55E00", Status.NEW: "#0072B2"}
TOP_CHECKS = 15

CSS = """
:root{--ink:#1b1b1b;--muted:#5f5f5f;--line:#d0d0d0;--band:#f4f6f8;--diff:#ffd54f}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1200px;
padding:0 20px 40px}
header{border-bottom:2px solid var(--ink);margin-bottom:8px}
h1{font-size:24px;margin:18px 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
nav a{margin-right:14px}.muted{color:var(--muted)}
section{padding-top:4px}
figure{margin:10px 0 14px;break-inside:avoid}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}svg text.num{font-size:11px}
table{border-collapse:collapse;margin:6px 0 14px;font-size:13px}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid var(--line);padding:3px 7px;vertical-align:top}th{background:var(--band);text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td,tr.total th{font-weight:700}
.findings table{width:100%;table-layout:fixed}.findings td{overflow-wrap:anywhere}
.findings col.narrow{width:7.5%}.findings col.where{width:16%}.findings col.message{width:18%}
.findings .half{white-space:pre-wrap}
.mk{color:#5b3f99;background:#efeafa;border-radius:2px}
mark.diff{background:var(--diff);color:#000;outline:1px solid #b38f00;border-radius:2px}
.sev-error{color:#a40000;font-weight:600}.sev-warning{color:#7a5200}
.rule-stated{background:#d9f2e6}.rule-missing{background:#f9d6cc}.rule-fails{background:#ffe8a8}.rule-differs{background:#e2e2f6}
.filters{display:flex;gap:14px;flex-wrap:wrap;align-items:end;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.note{background:var(--band);border-left:4px solid #888;padding:6px 10px}
@media print{nav,.filters{display:none}body{max-width:none;padding:0;font-size:12px}table{font-size:10.5px}
section{break-before:page}section:first-of-type{break-before:auto}a{color:inherit;text-decoration:none}tr{break-inside:avoid}}
"""

SCRIPT = """
(function(){
  var table=document.getElementById('findings-table');if(!table)return;
  var rows=Array.prototype.slice.call(table.tBodies[0].rows);
  var pick={locale:document.getElementById('filter-locale'),code:document.getElementById('filter-code'),
            severity:document.getElementById('filter-severity')};
  var shown=document.getElementById('findings-shown');
  function apply(){
    var n=0;
    rows.forEach(function(row){
      var keep=Object.keys(pick).every(function(key){return !pick[key].value||row.dataset[key]===pick[key].value;});
      row.hidden=!keep;if(keep)n++;
    });
    shown.textContent=String(n);
  }
  Object.keys(pick).forEach(function(key){pick[key].addEventListener('change',apply);});
  apply();
})();
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _n(value: int, text: str = "") -> str:
    return f'<td class="n" data-n="{value}">{escape(text or f"{value:,}")}</td>'


def _table(table_id: str, caption: str, header: Sequence[str], rows: Iterable[str], total: str = "", columns: str = "") -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    return (
        f'<table id="{table_id}"><caption>{escape(caption)}</caption>{columns}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>{f'<tfoot>{total}</tfoot>' if total else ''}</table>"
    )


def _figure(caption: str, chart: str, table: str) -> str:
    return f"<figure><figcaption>{escape(caption)}</figcaption>{chart}</figure>{table}"


def _overview(rows: Sequence[LocaleOverview]) -> str:
    chart = svg.stacked_bars(
        "Segments per locale by translation type",
        [r.locale for r in rows],
        ["human (HT)", "machine (MT)"],
        [[r.human, r.machine] for r in rows],
        share=False,
    )
    body = []
    for r in rows:
        share = r.human / r.segments if r.segments else 0.0
        body.append(
            f'<tr data-locale="{escape(r.locale)}"><th scope="row">{escape(r.locale)}</th>'
            + _n(r.files)
            + _n(r.segments)
            + _n(r.source.words)
            + _n(r.target.words)
            + _n(r.source.characters)
            + _n(r.target.characters)
            + _n(r.human, f"{share:.1%}")
            + f'<td data-key="handoff">{escape(r.handoff or "-")}</td></tr>'
        )
    totals = [sum(getattr(r, key) for r in rows) for key in ("files", "segments")]
    words = [sum(getattr(r, half).words for r in rows) for half in ("source", "target")]
    chars = [sum(getattr(r, half).characters for r in rows) for half in ("source", "target")]
    human = sum(r.human for r in rows)
    total = (
        '<tr class="total"><th scope="row">all</th>'
        + "".join(_n(v) for v in [*totals, *words, *chars])
        + _n(human, f"{human / totals[1]:.1%}" if totals[1] else "-")
        + f"<td>{escape(max((r.handoff for r in rows), default='') or '-')}</td></tr>"
    )
    table = _table(
        "overview-table",
        "Per locale: files, segments, words and characters (without spaces), human-translated share of segments, last hand-off",
        [
            "locale",
            "files",
            "segments",
            "English words",
            "translated words",
            "English characters",
            "translated characters",
            "HT share",
            "last hand-off",
        ],
        body,
        total,
    )
    return (
        '<section id="overview"><h2>Overview</h2>'
        + _figure("Segments per locale, human (HT) and machine (MT) translated", chart, table)
        + "</section>"
    )


def _freshness(fresh: Freshness | None, source: str) -> str:
    if fresh is None:
        return (
            '<section id="freshness"><h2>Freshness</h2><p class="note">No English source was given '
            "(<code>--source EN_ROOT</code>), so nothing here says which translations are out of date.</p></section>"
        )
    labels = [locale for locale, _ in fresh.per_locale]
    shares = [_current(counts) for _, counts in fresh.per_locale]
    chart = svg.stacked_bars(
        "Segments per locale by status against the English",
        labels,
        [s.value for s in Status],
        [[counts[s] for s in Status] for _, counts in fresh.per_locale],
        [STATUS_COLORS[s] for s in Status],
        captions=[f"{share:.1%} current" for share in shares],
    )
    body = []
    for (locale, counts), share in zip(fresh.per_locale, shares, strict=True):
        segments = sum(n for s, n in counts.items() if s is not Status.NEW)
        body.append(
            f'<tr data-locale="{escape(locale)}"><th scope="row">{escape(locale)}</th>'
            + "".join(f'<td class="n" data-key="{s.value}" data-n="{counts[s]}">{counts[s]:,}</td>' for s in Status)
            + _n(segments)
            + f'<td class="n">{share:.2%}</td></tr>'
        )
    table = _table(
        "freshness-table",
        "Segments per locale: current, changed, removed, and new English sentences",
        ["locale", *(s.value for s in Status), "segments", "current share"],
        body,
    )
    behind = [
        f"<tr><td>{escape(b.path)}</td><td>{escape(b.locale)}</td>"
        + "".join(_n(b.counts[s]) for s in Status)
        + _n(b.stale)
        + "</tr>"
        for b in fresh.behind
    ]
    most = (
        _table(
            "behind-table",
            f"The {len(fresh.behind)} articles most behind the English",
            ["article", "locale", *(s.value for s in Status), "not current"],
            behind,
        )
        if behind
        else "<p>No article is behind the English.</p>"
    )
    notes = (
        f"<p>Against <code>{escape(source)}</code>. {fresh.missing:,} articles have no English file there; "
        f"{fresh.untranslated:,} English files have no translation.</p>"
    )
    return (
        f'<section id="freshness"><h2>Freshness</h2>{notes}'
        + _figure("Share of segments current with the English, per locale", chart, table)
        + most
        + "</section>"
    )


def _current(counts: dict[Status, int]) -> float:
    """The share of a locale's segments that are current (new English sentences are not segments)."""
    segments = sum(n for s, n in counts.items() if s is not Status.NEW)
    return counts[Status.CURRENT] / segments if segments else 1.0


def _categories(quality: Quality) -> list[str]:
    used = {category for category, _ in quality.by_category}
    return [c.value for c in Category if c.value in used]


def _qa_counts(quality: Quality) -> str:
    categories = _categories(quality)
    heat = svg.heat_map("Findings by ITS 2.0 category and locale", categories, quality.locales, quality.by_category)
    body = [
        f'<tr data-category="{c}"><th scope="row">{c}</th>'
        + "".join(
            f'<td class="n" data-locale="{escape(loc)}" data-n="{quality.by_category.get((c, loc), 0)}">'
            f"{quality.by_category.get((c, loc), 0):,}</td>"
            for loc in quality.locales
        )
        + _n(sum(quality.by_category.get((c, loc), 0) for loc in quality.locales))
        + "</tr>"
        for c in categories
    ]
    per_locale = Counter({loc: 0 for loc in quality.locales})
    for (_, loc), n in quality.by_category.items():
        per_locale[loc] += n
    total = (
        '<tr class="total"><th scope="row">all</th>'
        + "".join(
            f'<td class="n" data-locale="{escape(loc)}" data-n="{per_locale[loc]}">{per_locale[loc]:,}</td>'
            for loc in quality.locales
        )
        + _n(quality.total)
        + "</tr>"
    )
    heat_table = _table(
        "qa-heat-table", "Findings per ITS 2.0 category and locale", ["category", *quality.locales, "all"], body, total
    )
    top = quality.by_code[:TOP_CHECKS]
    bars = svg.bars(
        "Checks with the most findings", [f"{code} {_name(code)}" for code, _ in top], [n for _, n in top], "findings"
    )
    rows = [
        f'<tr data-code="{code}"><th scope="row">{code}</th><td>{escape(_name(code))}</td>'
        f"<td>{escape(CHECKS[code].severity.value if code in CHECKS else '')}</td>"
        + _n(n)
        + "".join(_n(quality.by_locale_code.get((loc, code), 0)) for loc in quality.locales)
        + "</tr>"
        for code, n in quality.by_code
    ]
    top_table = _table(
        "qa-top-table", "Findings per check and locale", ["code", "check", "severity", "all", *quality.locales], rows
    )
    return _figure("Findings by ITS 2.0 category x locale", heat, heat_table) + _figure(f"Top {len(top)} checks", bars, top_table)


def _name(code: str) -> str:
    return CHECKS[code].name if code in CHECKS else ""


def _half(inline: Inline, other: Inline) -> str:
    """The markup of one half, codes shown as such and those the other half lacks highlighted."""
    left = Counter(code.markup for code in other.codes)
    out = []
    for part in inline.parts:
        if isinstance(part, Code):
            if left[part.markup] > 0:
                left[part.markup] -= 1
                out.append(f'<span class="mk">{escape(part.markup)}</span>')
            else:
                out.append(f'<mark class="mk diff" title="not in the other half">{escape(part.markup)}</mark>')
        else:
            out.append(escape(part))
    return "".join(out)


def _row(row: Row) -> str:
    f = row.finding
    severity = f.severity.value
    if row.segment is not None:
        english = _half(row.segment.source, row.segment.target)
        translation = _half(row.segment.target, row.segment.source)
    else:
        english, translation = escape(f.source), escape(f.target)
    return (
        f'<tr data-locale="{escape(f.locale)}" data-code="{f.code}" data-severity="{severity}">'
        f'<td>{escape(f.locale)}</td><td title="{escape(_name(f.code))}">{f.code}</td>'
        f'<td class="sev-{severity}">{severity}</td><td><code>{escape(f.path)}:{f.line}</code></td>'
        f'<td>{escape(f.message)}</td><td class="half" lang="en">{english}</td>'
        f'<td class="half" lang="{escape(f.locale)}" dir="auto">{translation}</td></tr>'
    )


def _options(key: str, label: str, values: Iterable[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in values)
    return f'<label>{label}<select id="filter-{key}"><option value="">all</option>{options}</select></label>'


def _findings(quality: Quality) -> str:
    shown = len(quality.rows)
    note = (
        f'<p class="note">The table holds {shown:,} of the {quality.total:,} findings (errors first, an equal '
        f"share per locale); <code>loctk check --format json</code> lists them all.</p>"
        if shown < quality.total
        else ""
    )
    filters = (
        '<div class="filters">'
        + _options("locale", "locale", ((loc, loc) for loc in quality.locales))
        + _options("code", "check", ((code, f"{code} {_name(code)}") for code, _ in sorted(quality.by_code)))
        + _options("severity", "severity", ((s.value, s.value) for s in Severity))
        + f'<span><span id="findings-shown">{shown}</span> rows shown</span></div>'
    )
    table = _table(
        "findings-table",
        "Findings: where, what, and the pair (markup the other half lacks is highlighted)",
        ["locale", "check", "severity", "where", "message", "English", "translation"],
        (_row(r) for r in quality.rows),
        columns='<col class="narrow"><col class="narrow"><col class="narrow"><col class="where"><col class="message"><col><col>',
    )
    return f'<h3>Findings</h3>{note}{filters}<div class="findings">{table}</div>'


def _quality(quality: Quality) -> str:
    errors = sum(n for code, n in quality.by_code if code in CHECKS and CHECKS[code].severity is Severity.ERROR)
    summary = (
        f'<p>Findings: <span id="qa-total" data-n="{quality.total}">{quality.total:,}</span> '
        f"(errors: {errors:,}, warnings: {quality.total - errors:,})"
        + (f"; {quality.baselined:,} more are recorded in the baseline" if quality.baselined else "")
        + ".</p>"
    )
    return f'<section id="qa"><h2>Quality checks</h2>{summary}{_qa_counts(quality)}{_findings(quality)}</section>'


def _rules(rules: Rules | None) -> str:
    if rules is None:
        return (
            '<section id="rules"><h2>Rules</h2><p class="note">No rules spec was given (<code>--spec FILE</code>).</p></section>'
        )
    body = []
    for rule_id, statement in rules.rules:
        cells = []
        for locale in rules.locales:
            cell = rules.cells[(rule_id, locale)]
            css = "rule-" + cell.status.split()[0]
            notes = escape("\n".join(cell.notes)) if cell.notes else ""
            cells.append(
                f'<td class="{css}" data-locale="{escape(locale)}" data-status="{cell.status}" title="{notes}">'
                f"{escape(cell.status)}</td>"
            )
        body.append(
            f'<tr data-rule="{escape(rule_id)}"><th scope="row" title="{escape(statement)}">{escape(rule_id)}</th>'
            + "".join(cells)
            + "</tr>"
        )
    counts = Counter(cell.status for cell in rules.cells.values())
    summary = ", ".join(f"{n:,} {status}" for status, n in sorted(counts.items()))
    table = _table("rules-table", f"Each rule of {rules.spec} in each locale ({summary})", ["rule", *rules.locales], body)
    return f'<section id="rules"><h2>Rules</h2>{table}</section>'


def render_page(report: Report) -> str:
    """The whole page."""
    inputs = ", ".join(f"<code>{escape(p)}</code>" for p in report.inputs)
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in report.notes)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{escape(report.title)}</h1><p class="muted">From {inputs}.</p>'
        '<nav><a href="#overview">Overview</a><a href="#freshness">Freshness</a><a href="#qa">Quality checks</a>'
        '<a href="#rules">Rules</a></nav></header>'
        f"<main>{notes}{_overview(report.overview)}{_freshness(report.freshness, report.source)}"
        f"{_quality(report.quality)}{_rules(report.rules)}</main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
