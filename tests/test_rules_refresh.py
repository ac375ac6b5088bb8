"""``loctk rules refresh``: a spec's English found again in a newer corpus, each rule's fate named."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL, SEEDS, needs_corpus

from toolkit.align.sentences import sentences_of
from toolkit.cli import main
from toolkit.model import Article
from toolkit.rules import parse_spec, read_spec
from toolkit.rules.refresh import Fate, from_articles, from_source, refresh
from toolkit.sxs import parse_article, write_text

SPEC = SEEDS / "close-opportunity.rules.yaml"
ENGLISH = """---
title: Close an opportunity
---

# Close an opportunity

_**Applies To:** Project Operations for resource/non-stocked based scenarios, Lite deployment - deal to proforma invoicing_

Project opportunities can be closed as Won or Lost. The **Close opportunity** dialog box allows you put in the status \
reason, date, and other details about win or loss of the opportunity.

You won't be allowed to close the opportunity if there are any active quotes associated with it. You can close all \
active and draft quotes associated to an opportunity at the same time. Then you'll be allowed to close the opportunity.
"""


def _fates(english: str) -> dict[str, tuple[Fate, int | None]]:
    spec = read_spec(SPEC)
    anchors = [(r.citation.number, r.statement) for r in spec.rules]
    newer = from_source("close-opportunity", [s.text for s in sentences_of(english)], anchors)
    result = refresh(spec, {"close-opportunity": newer})
    assert result.estimated
    return {o.rule: (o.fate, o.now) for o in result.outcomes}


def test_unchanged_english_keeps_every_rule_current() -> None:
    fates = _fates(ENGLISH)
    assert set(fates.values()) <= {(Fate.CURRENT, n) for n in range(104, 110)} and len(fates) == 6


def test_an_edit_an_insertion_and_a_deletion_are_named() -> None:
    edited = (
        ENGLISH.replace("if there are any active quotes", "if there are active or draft quotes")
        .replace(
            "Project opportunities can be closed as Won or Lost.",
            "Opportunities are closed from the command bar. Project opportunities can be closed as Won or Lost.",
        )
        .replace(" Then you'll be allowed to close the opportunity.", "")
    )
    fates = _fates(edited)
    assert fates["scope"] == (Fate.CURRENT, 104)
    assert fates["close-won-or-lost"] == (Fate.MOVED, 106)
    assert fates["no-close-with-active-quote"] == (Fate.CHANGED, 108)
    assert fates["close-after-quotes-closed"] == (Fate.GONE, None)


def test_bilingual_articles_rewrite_statements_and_translations(seed_articles: list[Article]) -> None:
    old = "Project opportunities can be closed as Won or Lost."
    new = "Project opportunities can be closed as Won, Lost or Cancelled."
    articles = [parse_article(write_text(a).replace(old, new), a.path) for a in seed_articles]
    nb = next(a for a in articles if a.locale == "nb-NO")
    nb = parse_article(write_text(nb).replace("lukkes som vunnet eller tapt", "lukkes som vunnet, tapt eller avbrutt"), nb.path)
    articles = [nb if a.locale == "nb-NO" else a for a in articles]
    spec = read_spec(SPEC)
    result = refresh(spec, {"close-opportunity": from_articles("close-opportunity", articles)}, articles)
    outcome = next(o for o in result.outcomes if o.rule == "close-won-or-lost")
    assert outcome.fate is Fate.CHANGED and outcome.now == 105 and 0.6 <= outcome.score < 1
    rule = next(r for r in result.spec.rules if r.id == "close-won-or-lost")
    assert rule.statement == new and rule.formal == next(r for r in spec.rules if r.id == rule.id).formal
    translations = {t.locale: t.text for t in rule.translations}
    assert translations["nb-NO"] == "Prosjektmuligheter kan lukkes som vunnet, tapt eller avbrutt."
    assert [o.fate for o in result.outcomes].count(Fate.CURRENT) == 5


def test_command_reports_and_writes_only_under_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "articles" / "sales" / "close-opportunity.md"
    source.parent.mkdir(parents=True)
    source.write_text(ENGLISH.replace(" Then you'll be allowed to close the opportunity.", ""), encoding="utf-8")
    target = tmp_path / "refreshed.rules.yaml"
    assert main(["rules", "refresh", str(SPEC), str(tmp_path / "articles"), "-o", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "close-after-quotes-closed: gone (sentence 109, similarity 0.00)" in out
    assert out[-1].endswith(
        "5 current, 0 moved, 0 changed, 1 gone; sentence numbers estimated from English source; the formal part is left as it was"
    )
    refreshed = parse_spec(target.read_text(encoding="utf-8"))
    assert refreshed.machine == read_spec(SPEC).machine and len(refreshed.rules) == 6


@needs_corpus
def test_shipped_spec_against_the_december_english(capsys: pytest.CaptureFixture[str]) -> None:
    newer = REAL / "source" / "2021-12-22" / "articles" / "sales"
    assert main(["rules", "refresh", str(SPEC), str(newer)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith(f"{SPEC}: 6 rules, 6 current, 0 moved, 0 changed, 0 gone")
