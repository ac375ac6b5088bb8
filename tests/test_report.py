"""``loctk report``: the page is self-contained, its numbers are those of ``check``, ``align``,
``stats`` and ``rules check`` on the same input, and a real browser shows it without errors.

The browser test drives headless Chromium over the DevTools protocol with networking off,
asserts no console error and no request but the page itself, checks one DOM fact per section
against the JSON of the other commands, prints, and writes a screenshot of each section to
``$LOCTK_ARTIFACTS/report`` (else a temporary folder), whose path it prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from browser_support import CHROMIUM, Browser
from conftest import SEEDS

from toolkit.checks.registry import CHECKS, Finding
from toolkit.cli import main
from toolkit.model import Diagnostic, Severity
from toolkit.render import Side, render_article
from toolkit.report import data, gather, render_page, svg
from toolkit.sxs import parse_article, read_article
from toolkit.words import count

SPEC = SEEDS / "close-opportunity.rules.yaml"
RELATIVE = Path("articles") / "sales" / "close-opportunity.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds as a docs tree (``sxs/<locale>/articles/…``) with an English tree that moved on:
    nb-NO has a changed link target (M004), lv-LV lost the pair a rule cites, and the English has
    one sentence edited, one dropped and one added."""
    root = tmp_path_factory.mktemp("docs")
    for seed in sorted(SEEDS.glob("close-opportunity.*.md")):
        locale = seed.name.split(".")[1]
        target = root / "sxs" / locale / RELATIVE
        target.parent.mkdir(parents=True)
        shutil.copy(seed, target)
    nb = root / "sxs" / "nb-NO" / RELATIVE
    text = nb.read_text(encoding="utf-8")
    link = re.search(r'<span data-ttu-id="[^"]+">[^<]*\]\((https://[^)]+)\)', text)
    assert link is not None
    nb.write_text(text.replace(link.group(1) + ")", link.group(1) + "-nb)", 1), encoding="utf-8")
    lv = root / "sxs" / "lv-LV" / RELATIVE
    pair = re.search(r'<span data-ttu-id="[0-9a-f]+-105">.*?</span></span>', lv.read_text(encoding="utf-8"))
    assert pair is not None
    lv.write_text(lv.read_text(encoding="utf-8").replace(pair.group(0), ""), encoding="utf-8")
    english = render_article(read_article(str(root / "sxs" / "fr-FR" / RELATIVE)), Side.SOURCE)
    english = english.replace(
        "You can close all active and draft quotes associated to an opportunity at the same time.",
        "You can close all active and draft quotes of an opportunity at once.",
    )
    english = english.replace("Then you'll be allowed to close the opportunity.", "")
    english += "\nClosed opportunities can be reopened from the opportunity list.\n"
    (root / "en" / RELATIVE).parent.mkdir(parents=True)
    (root / "en" / RELATIVE).write_text(english, encoding="utf-8")
    page = root / "report.html"
    assert main(["report", str(root / "sxs"), "--source", str(root / "en"), "--spec", str(SPEC), "-o", str(page), "--quiet"]) == 0
    return {"root": root, "sxs": root / "sxs", "en": root / "en", "page": page}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    main(list(argv))
    return json.loads(capsys.readouterr().out)


def test_the_page_fetches_nothing(project: dict[str, Path]) -> None:
    page = project["page"].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\b(src|srcset)\s*=|url\(|@import", page, re.I)
    assert all(url == "http://www.w3.org/2000/svg" for url in re.findall(r'xmlns="([^"]+)"', page))
    assert {m for m in re.findall(r'<section id="([a-z]+)"', page)} == {"overview", "freshness", "qa", "rules"}


def test_every_chart_is_well_formed_svg_with_a_title() -> None:
    charts = [
        svg.stacked_bars("t", ["de-DE", "fr-FR"], ["a", "b"], [[3, 1], [0, 0]]),
        svg.bars("t", ["C010 quotes <x>"], [5], "findings"),
        svg.heat_map("t", ["markup", "omission"], ["de-DE"], {("markup", "de-DE"): 4}),
    ]
    for chart in charts:
        root = ET.fromstring(chart)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "C010 quotes &lt;x&gt;" in charts[1]


def test_table_rows_are_capped_with_an_equal_share_per_locale() -> None:
    articles = [parse_article("---\nms.contentlocale: x\n---\n", f"{loc}/a.md") for loc in ("de-DE", "fr-FR", "ja-JP")]
    findings = [
        Finding(f"{loc}/a.md", n, 1, Severity.ERROR if n % 2 else Severity.WARNING, "S009", "m", locale=loc)
        for loc, many in (("de-DE", 2), ("fr-FR", 50), ("ja-JP", 50))
        for n in range(many)
    ]
    quality = data.quality(findings, articles, max_rows=20)
    shown = Counter(r.finding.locale for r in quality.rows)
    assert quality.total == 102 and len(quality.rows) == 20
    assert shown == {"de-DE": 2, "fr-FR": 9, "ja-JP": 9}
    assert all(r.finding.severity is Severity.ERROR for r in quality.rows if r.finding.locale != "de-DE")
    page = render_page(gather(articles, findings, max_rows=20))
    assert "The table holds 20 of the 102 findings" in page


def test_word_counts() -> None:
    assert count("Close the opportunity.") == (3, 20)
    assert count("Don\u2019t pay 1,000.5 e-mail") == (4, 21)
    assert count("保存を選択します。").words == 8  # every kana and ideograph
    assert count("เลือก บันทึก").words == 2  # Thai vowel marks do not split a run
    assert count("قم بإغلاق الفرصة.").words == 3
    assert count("  \u00a0") == (0, 0)


def test_stats_counts_words_and_characters_per_locale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(SEEDS), "--quiet"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    header, rows = lines[0], {row[0]: dict(zip(lines[0], row, strict=True)) for row in lines[1:]}
    assert header[:7] == ["locale", "files", "segments", "source-words", "target-words", "source-chars", "target-chars"]
    for locale, row in rows.items():
        if locale == "total":
            continue
        article = read_article(str(SEEDS / f"close-opportunity.{locale}.md"))
        words = [count(s.target.text) for s in article.segments]
        assert int(row["target-words"]) == sum(w.words for w in words) > 50
        assert int(row["target-chars"]) == sum(w.characters for w in words)
        assert int(row["source-words"]) == sum(count(s.source.text).words for s in article.segments)
    assert int(rows["total"]["source-words"]) == sum(int(r["source-words"]) for k, r in rows.items() if k != "total")


def test_report_cli_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEEDS), "--source", str(tmp_path / "absent"), "-o", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()
    assert main(["report", str(SEEDS), "-o", str(tmp_path / "out" / "r.html"), "--quiet"]) == 0
    page = (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    assert "No English source was given" in page and "No rules spec was given" in page
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r.html"]  # no temporary file left


def _artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LOCTK_ARTIFACTS", tmp_path)) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nreport screenshots in {folder}")
    return folder


ROWS = """(sel) => Array.from(document.querySelectorAll(sel)).map(
  row => [row.dataset.locale || row.dataset.code || row.dataset.rule || '',
          Array.from(row.querySelectorAll('td')).map(td => td.dataset.n !== undefined ? Number(td.dataset.n)
                                                                                      : td.textContent)])"""


def _rows(browser: Browser, selector: str) -> dict[str, list[Any]]:
    return dict(browser.evaluate(f"({ROWS})({json.dumps(selector)})"))


def _stats(capsys: pytest.CaptureFixture[str], sxs: str) -> dict[str, dict[str, str]]:
    """``loctk stats`` per locale: column name -> value."""
    capsys.readouterr()
    main(["stats", sxs, "--quiet"])
    stats = capsys.readouterr().out.splitlines()
    header = stats[0].split()
    return {r.split()[0]: dict(zip(header, r.split(), strict=False)) for r in stats[1:-1]}


def _missing(capsys: pytest.CaptureFixture[str], sxs: str) -> set[tuple[str, str]]:
    """(rule, locale) pairs that ``loctk rules check`` says are missing."""
    main(["rules", "check", str(SPEC), sxs])
    traced = capsys.readouterr()
    pattern = r"/sxs/([^/]+)/\S+: error: rule (\S+): segment \d+ is missing"
    return {(m.group(2), m.group(1)) for m in re.finditer(pattern, traced.out + traced.err)}


def _assert_overview(browser: Browser, per_locale_stats: dict[str, dict[str, str]]) -> None:
    """Files, segments, words and characters per locale as `loctk stats` counts them."""
    overview = _rows(browser, "#overview-table tbody tr")
    columns = ["files", "segments", "source-words", "target-words", "source-chars", "target-chars"]
    assert {loc: cells[:6] for loc, cells in overview.items()} == {
        loc: [int(row[c]) for c in columns] for loc, row in per_locale_stats.items()
    }


def _assert_freshness(browser: Browser, aligned: Any) -> None:
    """Current/changed/removed/new per locale as `loctk align --format json` counts them."""
    expected: dict[str, Counter[str]] = {}
    for article in aligned["articles"]:
        expected.setdefault(article["locale"], Counter()).update(m["status"] for m in article["matches"])
    fresh = _rows(browser, "#freshness-table tbody tr")
    assert {loc: cells[:4] for loc, cells in fresh.items()} == {
        loc: [c["current"], c["changed"], c["removed"], c["new"]] for loc, c in expected.items()
    }
    assert all(c["changed"] and c["new"] for c in expected.values())  # the English moved on


def _assert_qa(browser: Browser, checked: list[Any]) -> None:
    """The total, per locale and per check, as `loctk check --format json` counts them; filtering."""
    assert browser.evaluate("Number(document.getElementById('qa-total').dataset.n)") == len(checked)
    per_locale = browser.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll("
        "'#qa-heat-table tfoot td[data-locale]')).map(td => [td.dataset.locale, "
        "Number(td.dataset.n)]))"
    )
    locales = Counter(f["locale"] for f in checked)
    assert {k: v for k, v in per_locale.items() if v} == dict(locales)
    top = _rows(browser, "#qa-top-table tbody tr")
    assert {code: cells[2] for code, cells in top.items()} == dict(Counter(f["code"] for f in checked))
    rows = _rows(browser, "#findings-table tbody tr")
    assert len(browser.evaluate("Array.from(document.querySelectorAll('#findings-table tbody tr'))")) == len(checked)
    where = browser.evaluate(
        "Array.from(document.querySelectorAll('#findings-table tbody tr td:nth-child(4)')).map(td => td.textContent)"
    )
    assert sorted(where) == sorted(f"{f['path']}:{f['line']}" for f in checked)
    assert rows  # filtering: only nb-NO rows stay visible, and the count says so
    shown = browser.evaluate("""(() => {const s = document.getElementById('filter-locale'); s.value = 'nb-NO';
        s.dispatchEvent(new Event('change'));
        return [Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden)
                  .map(r => r.dataset.locale), document.getElementById('findings-shown').textContent];})()""")
    assert shown[0] == ["nb-NO"] * locales["nb-NO"] and shown[1] == str(locales["nb-NO"])
    marked = browser.evaluate(
        "Array.from(document.querySelectorAll('#findings-table tr[data-code=M004] mark.diff')).map(m => m.textContent)"
    )
    assert any("-nb)" in m for m in marked)
    browser.evaluate(
        "(() => {const s = document.getElementById('filter-locale'); s.value = '';s.dispatchEvent(new Event('change'));})()"
    )


def _assert_rules(browser: Browser, missing: set[tuple[str, str]], locales: int) -> None:
    """Every rule x locale stated, except the pairs `loctk rules check` says are missing."""
    cells = browser.evaluate(
        "Array.from(document.querySelectorAll('#rules-table td')).map(td => "
        "[td.parentElement.dataset.rule, td.dataset.locale, td.dataset.status])"
    )
    assert missing and len(cells) == locales * len({c[0] for c in cells})
    assert {(rule, loc) for rule, loc, status in cells if status == "missing"} == missing
    assert {status for rule, loc, status in cells if (rule, loc) not in missing} == {"stated"}


def _assert_pictures(browser: Browser, folder: Path) -> None:
    """Each section as a PNG, and the page printed to PDF without its filters."""
    for section in ("overview", "freshness", "qa", "rules"):
        browser.screenshot(f"#{section}", folder / f"{section}.png")
        assert (folder / f"{section}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    assert browser.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (folder / "report.pdf").write_bytes(pdf)


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (.ci/run installs it)")
def test_report_in_a_real_browser(project: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sxs = str(project["sxs"])
    checked = _json(capsys, "check", sxs, "--format", "json", "--quiet")["findings"]
    aligned = _json(capsys, "align", sxs, "--source", str(project["en"]), "--format", "json", "--quiet")
    per_locale_stats = _stats(capsys, sxs)
    missing = _missing(capsys, sxs)
    folder = _artifacts(tmp_path)
    browser = Browser(tmp_path / "profile")
    try:
        url = project["page"].as_uri()
        browser.load(url)
        assert browser.errors() == []
        assert set(browser.requests()) <= {url}
        _assert_overview(browser, per_locale_stats)
        _assert_freshness(browser, aligned)
        _assert_qa(browser, checked)
        _assert_rules(browser, missing, len(per_locale_stats))
        _assert_pictures(browser, folder)
        assert browser.errors() == []
    finally:
        browser.close()
    assert set(CHECKS) >= {f["code"] for f in checked}


def test_rule_cells_say_missing_failing_or_stated(seed_articles: list[Any]) -> None:
    from toolkit.rules import read_spec, trace

    spec = read_spec(SPEC)
    rule = spec.rules[1]
    fr = next(a for a in seed_articles if a.locale == "fr-FR")
    nb = next(a for a in seed_articles if a.locale == "nb-NO")
    problems = [
        *trace(spec, seed_articles),
        Diagnostic(fr.path, 1, 1, Severity.ERROR, "R004", f"rule {rule.id}: x fails QA check C010: m"),
    ]
    others = [a for a in seed_articles if a is not nb]
    cells = data.rules(spec, [*others, parse_article(nb.text.replace("data-ttu-id", "data-x"), nb.path)], problems).cells
    assert cells[(rule.id, "fr-FR")].status == "fails QA" and "C010" in cells[(rule.id, "fr-FR")].notes[-1]
    assert cells[(rule.id, "nb-NO")].status == "missing"
    assert cells[(rule.id, "lv-LV")].status == "stated"
