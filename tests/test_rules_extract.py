"""Rule candidates: cues, conditions, provenance, and measured quality on a hand-labelled sample."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SXS, needs_corpus
from toolkit.model import Article
from toolkit.rules import classify, extract
from toolkit.rules.model import Modality
from toolkit.sxs import read_article

SAMPLE = FIXTURES / "rules_sample.tsv"
"""120 sentences, also used while the cues were written (so its scores are optimistic)."""
HELDOUT = FIXTURES / "rules_heldout.tsv"
"""60 more, labelled after the cues were settled: the honest estimate."""


def test_seed_sentences_are_classified_with_their_cue() -> None:
    found = classify("You won't be allowed to close the opportunity if there are any active quotes associated with it.")
    assert found is not None and found.modality is Modality.PROHIBITION
    assert found.extraction.cue == "won't be allowed"
    assert found.extraction.conditions == ("if there are any active quotes associated with it",)
    assert (found.extraction.subject, found.extraction.action, found.extraction.object) == ("You", "close", "the opportunity")
    possible = classify("Project opportunities can be closed as Won or Lost.")
    assert possible is not None and possible.modality is Modality.POSSIBILITY
    assert (possible.extraction.subject, possible.extraction.action, possible.extraction.object) == (
        "Project opportunities", "be closed", "as Won or Lost")


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
    found = classify("You can modify a cash advance request unless it was submitted, or while it is a draft.")
    assert found is not None
    assert found.extraction.conditions == ("unless it was submitted", "while it is a draft")


def test_candidates_keep_provenance_and_every_translation(seed_articles: list[Article]) -> None:
    spec = extract(seed_articles)
    by_number = {r.citation.number: r for r in spec.rules}
    assert sorted(by_number) == [105, 106, 107, 108, 109]
    assert Counter(r.modality.value for r in spec.rules) == {"permission": 3, "possibility": 1, "prohibition": 1}
    rule = by_number[107]
    assert rule.id == "close-opportunity-107"
    assert rule.citation.identity == "06c6f06754714af3260ddb1c86aacc2f937ba77d"
    assert [(t.locale, t.segment_id) for t in rule.translations] == [
        ("fr-FR", "2efcb-107"), ("lv-LV", "99753-107"), ("ms-MY", "a39b8-107"), ("nb-NO", "1ee8d-107"), ("nl-NL", "27a22-107")]
    assert rule.extraction is not None and rule.extraction.cue == "won't be allowed"


def _sample(path: Path = SAMPLE) -> list[tuple[str, int, str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines(True)
            if line.strip() and not line.startswith("#")]
    return [(path, int(number), label) for path, number, label in rows]


def test_sample_has_enough_labelled_sentences() -> None:
    sample = _sample()
    assert len(sample) == 120 and len(_sample(HELDOUT)) == 60
    assert not {(p, n) for p, n, _ in sample} & {(p, n) for p, n, _ in _sample(HELDOUT)}
    assert {label for _, _, label in sample} == {*(m.value for m in Modality), "none"}


def scores(path: Path) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per label over the sample."""
    articles: dict[str, Article] = {}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name, number, label in _sample(path):
        article = articles.setdefault(name, read_article(Path(SXS, "de-DE", name)))
        segment = next(s for s in article.segments if s.number == number)
        found = classify(segment.source.text)
        got = found.modality.value if found else "none"
        if got == label:
            tp[label] += 1
        else:
            fp[got] += 1
            fn[label] += 1
    return {label: (tp[label], fp[label], fn[label]) for label in [*(m.value for m in Modality), "none"]}


TUNED = {"obligation": (4, 3, 1), "prohibition": (9, 3, 1), "permission": (16, 0, 0),
         "possibility": (7, 2, 0), "necessity": (13, 1, 5), "none": (57, 5, 7)}
UNSEEN = {"obligation": (6, 0, 0), "prohibition": (2, 0, 2), "permission": (5, 1, 1),
          "possibility": (5, 1, 1), "necessity": (6, 2, 3), "none": (27, 5, 2)}


@needs_corpus
@pytest.mark.parametrize(("path", "expected"), [(SAMPLE, TUNED), (HELDOUT, UNSEEN)], ids=["sample", "held-out"])
def test_precision_and_recall(path: Path, expected: dict[str, tuple[int, int, int]]) -> None:
    """(true positives, false positives, false negatives) per label, as measured."""
    assert scores(path) == expected


@needs_corpus
def test_counts_by_modality_over_the_12_locale_corpus(corpus_articles: list[Article]) -> None:
    spec = extract(corpus_articles)
    assert len(spec.rules) == 4301
    assert Counter(r.modality.value for r in spec.rules) == {
        "necessity": 704, "obligation": 898, "permission": 1340, "possibility": 934, "prohibition": 425}
    assert sum(len(r.translations) for r in spec.rules) == 51588
