"""The runner: checks that share one judgement of a pair report as if each ran alone."""

from __future__ import annotations

import pytest

from toolkit.checks import CHECKS, run_checks
from toolkit.checks.locales import rules_for
from toolkit.checks.profile import profile
from toolkit.checks.registry import Context, SegmentFunc
from toolkit.checks.run import CheckSink, check_part, pair_plan
from toolkit.model import Article
from toolkit.rules.extract import classify
from toolkit.rules.modality import english_cues, is_judged
from toolkit.sxs import parse_article

RULES = ("R201", "R202", "R203", "R204")


def _article(english: str, translation: str, locale: str = "fr-FR", name: str = "x") -> Article:
    text = (
        f"---\nms.contentlocale: {locale}\n---\n\n"
        f'<span data-ttu-id="abc12-101">{translation}</span>'
        f'<span class="sxs-lookup"><span data-stu-id="abc12-101">{english}</span></span>\n'
    )
    return parse_article(text, f"a/{locale.lower()}/{name}.md")


PAIRS = [  # (English, French, what the rule checks find)
    # negation and "only" both lost
    (
        "You can't delete a project unless only one task is left.",
        "Vous supprimez un projet si une tâche reste.",
        ["R201", "R203"],
    ),
    # both kept
    (
        "You can't delete a project unless only one task is left.",
        "Vous ne pouvez pas supprimer un projet sauf si une seule tâche reste.",
        [],
    ),
    # obligation rendered as a possibility
    (
        "Managers must approve every expense before it is invoiced.",
        "Les responsables peuvent approuver chaque dépense avant sa facturation.",
        ["R202"],
    ),
    # no rule: never judged
    ("Select Save.", "Sélectionnez Enregistrer.", []),
]


@pytest.mark.parametrize(("english", "translation", "codes"), PAIRS)
def test_each_rule_check_alone_finds_what_the_shared_judgement_gives(english: str, translation: str, codes: list[str]) -> None:
    article = _article(english, translation)
    found = run_checks([article], select=["R"])
    assert [f.code for f in found] == codes
    together = {(f.code, f.message) for f in found}
    alone = {(f.code, f.message) for code in RULES for f in run_checks([article], select=[code])}
    assert together == alone
    segment = article.segments[0]
    context = Context(rules_for(article.locale))
    direct = set()
    for code in RULES:
        func: SegmentFunc = CHECKS[code].func  # type: ignore[assignment]
        message = func(segment, profile(segment.source), profile(segment.target), context)
        if message is not None:
            direct.add((code, message))
    assert together == direct


def test_an_ignored_check_of_a_shared_judgement_is_left_out() -> None:
    article = _article(*PAIRS[0][:2])
    assert [f.code for f in run_checks([article], select=["R"], ignore=["R201"])] == ["R203"]


def test_the_plan_runs_a_shared_judgement_once_and_no_profiles_for_it() -> None:
    chosen = pair_plan(("R",), (), "fr-FR", (), frozenset())
    assert not chosen.profiled
    assert len(chosen.judges) == 1
    assert [info.code for info in chosen.judges[0][1]] == list(RULES)
    assert pair_plan(("R203",), (), "fr-FR", (), frozenset()).judges[0][1] == (CHECKS["R203"],)


def test_the_corpus_checks_judge_articles_in_path_order_whatever_order_they_come_in() -> None:
    """X001 names the usual translation's first place: the same whichever article arrives first."""
    english = "Select the project that you want to close."
    articles = [
        _article(english, translation, "fr-FR", name)
        for translation, name in (
            ("Sélectionnez le projet à fermer.", "a"),
            ("Choisissez le projet que vous voulez fermer.", "b"),
            ("Choisissez le projet que vous voulez fermer.", "c"),
            ("Sélectionnez le projet à fermer.", "d"),
        )
    ]
    part = check_part(["X001"])
    expected = run_checks(articles, select=["X001"])
    assert expected
    for order in ([3, 2, 1, 0], [1, 3, 0, 2]):
        sink = CheckSink(part)
        for index in order:
            sink.add(part(articles[index]), index)
        assert sink.close() == expected


SENTENCES = [
    "You can't delete a project unless only one task is left.",
    "Managers must approve every expense before it is invoiced.",
    "The field is read-only and not only visible to managers.",
    "You should see the new project in the list.",
    "By default, the price list is the one of the contract.",
    "Select the project that you want to close.",
    "Approvals can be submitted only once the timesheet is complete.",
    "No more than ten resources may be booked on one task.",
]


@pytest.mark.parametrize("english", SENTENCES)
def test_a_sentence_is_judged_exactly_when_it_is_a_rule_with_a_cue_a_shift_starts_from(english: str) -> None:
    cues = english_cues(english)
    expected = classify(english) is not None and any(cues[kind] for kind in ("negation", "obligation", "only", "possibility"))
    assert is_judged(english) is expected


def test_rule_sentences_with_and_without_cues_are_both_among_the_examples() -> None:
    assert {is_judged(english) for english in SENTENCES} == {True, False}


@pytest.mark.parametrize(
    ("locale", "english"),
    [
        ("ja-JP", "Select the project that you want to close."),  # C011 would want 。, C013 a shorter text
        ("fr-FR", "Select the project: it must be closed first."),  # C008 would want a space before :
        ("de-DE", 'Select the "Save" button to keep the record.'),  # C010 would want „…“
        ("th-TH", "Select the project that you want to close."),  # C011 would want no full stop
    ],
)
def test_an_untranslated_pair_is_reported_as_untranslated_only(locale: str, english: str) -> None:
    pairs = [f.code for f in run_checks([_article(english, english, locale)]) if f.segment_id]
    assert pairs == ["C004"]
    translated = _article(english, english.replace("Select", "Selekt"), locale)
    assert "C004" not in [f.code for f in run_checks([translated])]


def test_an_untranslated_pair_is_no_way_of_translating_for_the_consistency_checks() -> None:
    english = "Select the project that you want to close."
    articles = [
        _article(english, "Sélectionnez le projet à clôturer.", name="a"),
        _article(english, "Sélectionnez le projet à clôturer.", name="b"),
        _article(english, english, name="c"),
    ]
    assert [f.code for f in run_checks(articles, select=["X001", "X002", "C004"])] == ["C004"]
    articles[1] = _article(english, "Choisissez le projet à fermer.", name="b")
    assert sorted(f.code for f in run_checks(articles, select=["X001", "C004"])) == ["C004", "X001"]


def test_an_english_profile_outlives_the_translations_profiled_since(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that reads in path order profiles a whole locale's translations between two
    uses of an English half; the translations' memo stays bounded."""
    from toolkit.checks import profile as profiles

    monkeypatch.setattr(profiles, "_TRANSLATIONS_BOUND", 4)
    profiles.clear_memo()
    english = profile("Select **Save**.", english=True)
    translations = [profile(f"Sélectionnez **Enregistrer** {number}.") for number in range(10)]
    assert profile("Select **Save**.", english=True) is english
    assert profile("Sélectionnez **Enregistrer** 9.") is translations[9]
    assert profile("Sélectionnez **Enregistrer** 0.") is not translations[0]
    assert len(profiles._TRANSLATIONS) <= 4
    profiles.clear_memo()
