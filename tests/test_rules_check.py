"""``loctk rules check``: the curated spec holds on the seeds, and each kind of drift is caught and located."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEEDS, SXS, needs_corpus

from toolkit.model import Article, Diagnostic
from toolkit.rules import check, check_spec, read_spec, verify
from toolkit.rules.machine import bounded, explore
from toolkit.rules.model import Condition, Formal, Modality, Quantifier, Rule, Spec
from toolkit.sxs import parse_article, with_target, write_text

SPEC = SEEDS / "close-opportunity.rules.yaml"


@pytest.fixture(scope="module")
def spec() -> Spec:
    return read_spec(SPEC)


def codes(problems: list[Diagnostic]) -> list[str]:
    return sorted(p.code for p in problems)


def test_curated_spec_holds_on_the_seed_corpus(spec: Spec, seed_articles: list[Article]) -> None:
    assert len(spec.rules) == 6
    assert check_spec(spec, seed_articles) == []


def test_the_check_returns_the_states_it_judged_on(spec: Spec, seed_articles: list[Article]) -> None:
    assert spec.machine is not None
    checked = check(spec, seed_articles, 2)
    assert checked.problems == [] and checked.world is not None and checked.world.complete
    assert checked.world.states == explore(bounded(spec.machine, 2)).states
    assert verify(replace(spec, machine=None)).world is None


def _edited(articles: list[Article], locale: str, old: str, new: str) -> list[Article]:
    """The articles with one locale's text edited (as a person would edit the file)."""
    out = []
    for article in articles:
        if article.locale == locale:
            text = write_text(article)
            assert old in text
            article = parse_article(text.replace(old, new), article.path)
        out.append(article)
    return out


def test_edited_english_is_drift_located_at_the_segment(spec: Spec, seed_articles: list[Article]) -> None:
    old = '<span data-stu-id="27a22-107">You won\'t be allowed'
    changed = _edited(seed_articles, "nl-NL", old, old.replace("won't", "will"))
    problems = check_spec(spec, changed)
    assert codes(problems) == ["R002"]
    assert problems[0].path.endswith("close-opportunity.nl-NL.md")
    assert (problems[0].line, problems[0].column) == (24, 1)
    assert "rule no-close-with-active-quote" in problems[0].message and "You will be allowed" in problems[0].message


def test_removed_translation_is_reported_for_that_locale(spec: Spec, seed_articles: list[Article]) -> None:
    changed = [with_target(a, "a39b8-108", "") if a.locale == "ms-MY" else a for a in seed_articles]
    problems = check_spec(spec, changed)
    assert codes(problems) == ["R003"]
    assert "close-all-quotes" in problems[0].message and "ms-MY" in problems[0].message


def test_locale_missing_from_the_corpus_is_reported(spec: Spec, seed_articles: list[Article]) -> None:
    problems = check_spec(spec, [a for a in seed_articles if a.locale != "lv-LV"])
    assert codes(problems) == ["R003"] * 6
    assert all("lv-LV" in p.message and p.path == str(SPEC) for p in problems)


def test_translation_dropped_from_the_spec_is_named(spec: Spec, seed_articles: list[Article]) -> None:
    rules = tuple(
        replace(r, translations=tuple(t for t in r.translations if t.locale != "nb-NO")) if r.id == "close-all-quotes" else r
        for r in spec.rules
    )
    problems = check_spec(replace(spec, rules=rules), seed_articles)
    assert codes(problems) == ["R007"]
    assert "nb-NO" in problems[0].message


def test_changed_translation_and_its_qa_finding(spec: Spec, seed_articles: list[Article]) -> None:
    changed = [
        with_target(a, "1ee8d-109", "Deretter kan du lukke salgsmuligheten (") if a.locale == "nb-NO" else a
        for a in seed_articles
    ]
    found = codes(check_spec(spec, changed))
    assert "R005" in found
    assert "R004" in found


def test_rule_permitting_close_with_active_quote_gives_a_counterexample(spec: Spec, seed_articles: list[Article]) -> None:
    bad = Rule(
        "close-with-active-quote",
        spec.rules[1].statement,
        Modality.PERMISSION,
        spec.rules[1].citation,
        spec.rules[1].translations,
        Formal(action="close-opportunity", when=(Condition(Quantifier.SOME, "quote", ("Active",)),)),
        line=999,
    )
    problems = check_spec(replace(spec, rules=(*spec.rules, bad)), seed_articles)
    assert codes(problems) == ["R103", "R105"]
    contradiction = next(p for p in problems if p.code == "R105")
    assert "rule no-close-with-active-quote forbids it" in contradiction.message
    assert contradiction.message.endswith("counterexample: create-quote -> activate-quote -> close-opportunity")
    assert contradiction.line == 999


def test_removed_guard_breaks_the_prohibition(spec: Spec, seed_articles: list[Article]) -> None:
    assert spec.machine is not None
    actions = tuple(replace(a, guard=()) if a.name == "close-opportunity" else a for a in spec.machine.actions)
    problems = check_spec(replace(spec, machine=replace(spec.machine, actions=actions)), seed_articles)
    assert codes(problems) == ["R102"]
    assert "rule no-close-with-active-quote forbids close-opportunity while some quote in [Active]" in problems[0].message
    assert problems[0].message.endswith("counterexample: create-quote -> activate-quote -> close-opportunity(Won)")


def test_consequence_that_does_not_follow(spec: Spec, seed_articles: list[Article]) -> None:
    assert spec.machine is not None
    actions = tuple(replace(a, source=("Draft",)) if a.name == "close-all-quotes" else a for a in spec.machine.actions)
    problems = check_spec(replace(spec, machine=replace(spec.machine, actions=actions)), seed_articles)
    assert "R104" in codes(problems)
    message = next(p.message for p in problems if p.code == "R104")
    assert "after close-all-quotes, close-opportunity should be allowed" in message
    assert "activate-quote" in message


def test_unknown_names_in_the_formal_part(spec: Spec) -> None:
    rule = replace(
        spec.rules[3], formal=Formal(action="cancel-opportunity", when=(Condition(Quantifier.SOME, "quote", ("Sent",)),))
    )
    problems = check_spec(replace(spec, rules=(rule,)), [])
    assert [p.code for p in problems] == ["R001", "R101", "R101"]


@needs_corpus
def test_real_copies_differ_only_by_identity_and_unrecorded_locales(spec: Spec) -> None:
    from toolkit.sxs import read_article

    articles = [read_article(p) for p in sorted(SXS.glob("*/articles/sales/close-opportunity.md"))]
    assert len(articles) == 12
    problems = check_spec(spec, articles)
    assert codes(problems) == ["R006"] + ["R007"] * 6
    assert "12 close-opportunity articles have identity af01a729723f61ea11d161861554ec9e6b93b811" in problems[0].message
    assert all("ar-SA, de-DE, ja-JP, ru-RU, th-TH, tr-TR, zh-CN" in p.message for p in problems[1:])


def test_spec_file_is_in_the_corpus_folder_but_is_no_article() -> None:
    assert SPEC.suffix == ".yaml" and Path(SPEC).is_file()


def test_a_broken_model_is_reported_before_it_is_explored(spec: Spec) -> None:
    assert spec.machine is not None
    actions = tuple(replace(a, target=("Cancelled",)) if a.name == "close-quote" else a for a in spec.machine.actions)
    entities = (replace(spec.machine.entities[0], initial="New"), spec.machine.entities[1])
    broken = replace(spec, machine=replace(spec.machine, actions=actions, entities=entities))
    verified = verify(replace(broken, rules=()))
    assert verified.world is None and verified.states == 0
    problems = verified.problems
    assert [p.message for p in problems] == [
        "model: entity 'opportunity' starts in 'New', which is not one of its states",
        "model: action 'close-quote': entity 'quote' has no state 'Cancelled'",
    ]
    assert {(p.code, p.line) for p in problems} == {("R101", 5)}
