"""Rule candidates: cues, conditions, provenance, and measured quality on a hand-labelled sample."""

from __future__ import annotations

import pickle
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, SXS, needs_corpus

from toolkit.model import Article
from toolkit.rules import classify, extract
from toolkit.rules.extract import ArticleCandidates, Proposal, article_candidates, merge_candidates
from toolkit.rules.model import Clause, ClauseKind, Extraction, Modality, RuleKind, Translation, pickled_by_fields
from toolkit.sxs import parse_article, read_article

TUNING = FIXTURES / "rules_tuning.tsv"
"""312 sentences from 170 articles, used while the cues were written (so its scores are optimistic)."""
HOLDOUT = FIXTURES / "rules_holdout.tsv"
"""126 more from 42 articles, labelled with the rest and never used to tune the cues: the honest estimate."""
extraction_module = sys.modules["toolkit.rules.extract"]
"""The module (``toolkit.rules.extract`` the attribute is the function of that name)."""
BLIND = FIXTURES / "rules_blind.tsv"
"""70 more from 41 articles in neither set (30 of them table cells), labelled without seeing the
extractor's output after the definition cues were written: the estimate for definitions."""
LABELS = (*(m.value for m in Modality), "definition", "derivation", "none")


def test_seed_sentences_are_classified_with_their_cue() -> None:
    found = classify("You won't be allowed to close the opportunity if there are any active quotes associated with it.")
    assert found is not None and found.modality is Modality.PROHIBITION
    assert found.extraction.cue == "won't be allowed"
    [clause] = found.extraction.conditions
    assert clause == Clause("if there are any active quotes associated with it", ClauseKind.CONDITION, (46, 95))
    assert found.label == "prohibition"
    assert (found.extraction.subject, found.extraction.action, found.extraction.object) == ("You", "close", "the opportunity")
    possible = classify("Project opportunities can be closed as Won or Lost.")
    assert possible is not None and possible.modality is Modality.POSSIBILITY
    assert (possible.extraction.subject, possible.extraction.action, possible.extraction.object) == (
        "Project opportunities",
        "be closed",
        "as Won or Lost",
    )


def test_priority_and_conditions() -> None:
    def modality(text: str) -> str:
        found = classify(text)
        return found.modality.value if found else "none"

    assert modality("You can't delete a posted journal.") == "prohibition"
    assert modality("Only approved entries can be invoiced.") == "prohibition"
    assert modality("You must submit the timesheet before Friday.") == "obligation"
    assert modality("When a manager needs to book a resource, they can use the board.") == "permission"
    assert modality("New time entries are automatically assigned a status of Draft.") == "necessity"
    assert modality("For more information, see Close opportunities.") == "none"
    assert modality("Select Save.") == "none"
    text = "You can modify a cash advance request unless it was submitted, or while it is a draft."
    found = classify(text)
    assert found is not None
    assert [(c.text, c.kind.value) for c in found.extraction.conditions] == [
        ("unless it was submitted", "exception"),
        ("while it is a draft", "state"),
    ]
    assert all(text[start:end] == c.text for c in found.extraction.conditions for start, end in [c.span])
    only = classify("Invoices can be confirmed only when every line is approved, and you can print them after you post them.")
    assert only is not None
    assert [c.kind for c in only.extraction.conditions] == [ClauseKind.ONLY_IF, ClauseKind.AFTER]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The sales price defaults from the price list when the quote line is created.", "derivation"),
        ("The amount is calculated as quantity times unit price.", "derivation"),
        ("When the task is indented, it becomes a child of the task above.", "derivation"),
        ("If the check fails, the approval is given a status of Failed.", "derivation"),
        ("A per diem is an allowance that is paid to a worker who travels.", "definition"),
        ("This field indicates the currency used for reporting.", "definition"),
        ("Contracting unit is the division of the company that delivers the project.", "definition"),
        # definitions win over the modal of their relative or second clause; glosses with no verb
        ("A unit is a measure, and several units can be grouped.", "definition"),
        ("A Yes/No value that indicates if the price should be copied.", "definition"),
        ("Billable means that the time is charged to the customer and can be invoiced.", "possibility"),
        ("Overtime means hours worked beyond the calendar, which must be approved.", "definition"),
        ("Entity-based values - Attributes that can change over time.", "definition"),
        ("The day of the week where the working hours will apply.", "definition"),
        ("An unbilled sales reversal for the amount on the original approval.", "definition"),
        ("If there is a dependency on the roll-up, do not use this feature.", "prohibition"),
        ("A read-only field that is locked from editing.", "necessity"),
        ("The status of the quote changes when it is closed.", "none"),
        ("When you are done, select Save.", "none"),
        ("You should see the new record in the grid.", "none"),
        ("The method returns the list of open tasks.", "none"),
        ("Templates can be used to speed up project creation.", "none"),
        ("After the import finishes, the records will be displayed in the grid.", "none"),
        ("Select the project so you can assign tasks.", "none"),
        ("Default time unit: Day", "none"),
        ("Roles that are inactivated before a quote is copied should not be added to the copy.", "prohibition"),
        ("The actual cost may not reflect the totals from Actuals.", "possibility"),
    ],
)
def test_structural_rules_and_tutorial_prose(sentence: str, expected: str) -> None:
    found = classify(sentence)
    assert (found.label if found else "none") == expected


def test_candidates_keep_provenance_and_every_translation(seed_articles: list[Article]) -> None:
    spec = extract(seed_articles)
    by_number = {r.citation.number: r for r in spec.rules}
    assert sorted(by_number) == [105, 106, 107, 108, 109]
    assert Counter(r.modality.value for r in spec.rules) == {"permission": 3, "possibility": 1, "prohibition": 1}
    rule = by_number[107]
    assert rule.id == "close-opportunity-107"
    assert rule.citation.identity == "06c6f06754714af3260ddb1c86aacc2f937ba77d"
    assert [(t.locale, t.segment_id) for t in rule.translations] == [
        ("fr-FR", "2efcb-107"),
        ("lv-LV", "99753-107"),
        ("ms-MY", "a39b8-107"),
        ("nb-NO", "1ee8d-107"),
        ("nl-NL", "27a22-107"),
    ]
    assert rule.extraction is not None and rule.extraction.cue == "won't be allowed"
    assert by_number[109].extraction is not None and by_number[109].extraction.linked == (108,)


def test_article_parts_travel_and_merge_in_any_order_into_the_same_spec(seed_articles: list[Article]) -> None:
    """What workers send (one part per article, pickled) merges to exactly what ``extract`` gives."""
    english = "You cannot delete a posted journal."
    moved = parse_article(
        f'<span data-ttu-id="fffff-105">Sie können das nicht.</span><span class="sxs-lookup">'
        f'<span data-stu-id="fffff-105">{english}</span></span>\n',
        "elsewhere/close-opportunity.de-DE.md",
    )
    articles = [*seed_articles, moved]
    parts = [pickle.loads(pickle.dumps(article_candidates(a))) for a in articles]
    whole = extract(articles)
    assert merge_candidates(reversed(parts)) == merge_candidates(parts) == whole
    assert len({r.id for r in whole.rules}) == len(whole.rules)
    [other] = [r for r in whole.rules if r.statement == english]
    assert other.id.startswith("close-opportunity-105-") and [t.locale for t in other.translations] == ["de-DE"]


def test_a_translation_joins_only_a_sentence_with_the_same_english() -> None:
    def article(locale: str, english: str) -> Article:
        return parse_article(
            "---\nms.openlocfilehash: 0123abcd\n---\n"
            f'<span data-ttu-id="{locale[:2]}aaa-7">x</span><span class="sxs-lookup">'
            f'<span data-stu-id="{locale[:2]}aaa-7">{english}</span></span>\n',
            f"a/closing.{locale}.md",
        )

    rule = "Managers must approve every expense."
    [merged] = extract([article("de-DE", rule), article("fr-FR", rule), article("nl-NL", "Managers approve expenses.")]).rules
    assert [t.locale for t in merged.translations] == ["de-DE", "fr-FR"]


def test_letter_case_and_script_do_not_change_the_reading() -> None:
    """ASCII sentences are matched lowered (faster); the cue keeps the sentence's own letters."""
    plain = classify("You CANNOT Close the opportunity.")
    accented = classify("You CANNOT Close the opportunité.")
    assert plain is not None and accented is not None
    assert plain.extraction.cue == accented.extraction.cue == "CANNOT"
    assert plain.modality is accented.modality is Modality.PROHIBITION
    with pytest.raises(ValueError, match="lower case"):
        extraction_module._cue(Modality.PERMISSION, r"You can")


def test_a_remedy_in_the_next_sentence_is_linked() -> None:
    def pair(number: int, english: str) -> str:
        return (
            f'<span data-ttu-id="abcde-{number}">{english}</span><span class="sxs-lookup">'
            f'<span data-stu-id="abcde-{number}">{english}</span></span>'
        )

    text = (
        f"{pair(101, 'You cannot close the opportunity if there are active quotes.')} {pair(102, 'Close them first.')}"
        f"\n\n{pair(103, 'Draft quotes can be deleted.')} {pair(104, 'Close the quotes first.')}\n"
    )
    article = parse_article(text, "articles/sales/close.nb-NO.md")
    [closing, drafts] = extract([article]).rules
    assert [closing.citation.number, drafts.citation.number] == [101, 103]
    assert closing.modality is Modality.PROHIBITION and closing.extraction is not None
    assert closing.extraction.linked == (102,)
    assert drafts.extraction is not None and drafts.extraction.linked == (104,)


def _sample(path: Path) -> list[tuple[str, int, str]]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in path.read_text(encoding="utf-8").splitlines(True)
        if line.strip() and not line.startswith("#")
    ]
    return [(path, int(number), label) for path, number, label in rows]


def test_labelled_sets_are_large_disjoint_and_use_every_class() -> None:
    tuning, holdout, blind = _sample(TUNING), _sample(HOLDOUT), _sample(BLIND)
    assert len(tuning) + len(holdout) >= 400
    assert len({p for p, _, _ in tuning + holdout}) >= 60
    assert not {(p, n) for p, n, _ in tuning} & {(p, n) for p, n, _ in holdout}
    assert not {p for p, _, _ in blind} & {p for p, _, _ in tuning + holdout}
    assert {label for _, _, label in tuning} == {label for _, _, label in holdout} == set(LABELS)


def label(sentence: str) -> str:
    found = classify(sentence)
    return found.label if found else "none"


def scores(path: Path) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per label over a labelled set."""
    articles: dict[str, Article] = {}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name, number, expected in _sample(path):
        article = articles.setdefault(name, read_article(Path(SXS, "de-DE", name)))
        segment = next(s for s in article.segments if s.number == number)
        got = label(segment.source.text)
        if got == expected:
            tp[expected] += 1
        else:
            fp[got] += 1
            fn[expected] += 1
    return {name: (tp[name], fp[name], fn[name]) for name in LABELS}


def f1(counts: tuple[int, int, int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


FLOORS = {"obligation": 0.85, "prohibition": 0.8, "permission": 0.85, "possibility": 0.8, "derivation": 0.65, "none": 0.8}
"""F1 on the held-out set that the cues must keep (measured values are in the README)."""


@needs_corpus
def test_held_out_scores_stay_above_their_floors() -> None:
    measured = scores(HOLDOUT)
    assert {name: round(f1(measured[name]), 2) >= floor for name, floor in FLOORS.items()} == dict.fromkeys(FLOORS, True), (
        measured
    )


@needs_corpus
def test_definitions_are_found_in_sentences_never_tuned_on() -> None:
    """Glosses ("the organizational unit that a resource is assigned to") and "X is a Y" openings."""
    tp, fp, fn = scores(BLIND)["definition"]
    assert tp / (tp + fn) >= 0.4 and fp <= tp, (tp, fp, fn)


@needs_corpus
def test_candidates_over_the_12_locale_corpus(corpus_articles: list[Article]) -> None:
    """Floors, not a snapshot: every class is found, and candidates carry nearly every locale."""
    spec = extract(corpus_articles)
    counts = Counter(r.modality.value for r in spec.rules)
    assert all(counts[m.value] >= 300 for m in Modality), counts
    assert sum(len(r.translations) for r in spec.rules) >= 11 * len(spec.rules)
    assert len({r.id for r in spec.rules}) == len(spec.rules)


def test_candidates_travel_by_pickle_whole() -> None:
    """An article's candidates are pickled where it is parsed (by their fields, not the
    dataclass's slot state) and come back equal, clauses and links included."""
    clause = Clause("if it is open", ClauseKind.CONDITION, (0, 13))
    extraction = Extraction("must", (clause,), "you", "close", "it", RuleKind.DERIVATION, (3, 4))
    part = ArticleCandidates(
        "id",
        "fr-FR",
        "fr-FR/a.md",
        "a",
        (Proposal(2, "If it is open, you must close it.", Modality.OBLIGATION, extraction),),
        {2: ("If it is open, you must close it.", Translation("fr-FR", "x-2", "Fermez-le.", ("C001",)))},
    )
    back = pickle.loads(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == part and back.proposals[0].extraction.conditions[0].kind is ClauseKind.CONDITION


def test_a_dataclass_of_one_field_is_not_pickled_by_fields() -> None:
    @dataclass(frozen=True, slots=True)
    class One:
        value: int

    with pytest.raises(TypeError):
        pickled_by_fields(One)
