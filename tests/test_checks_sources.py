"""X002: a translation shared by English sentences that differ in what any translation must render."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from toolkit.checks import run_checks
from toolkit.checks.consistency import normalized
from toolkit.checks.sources import Record, different_sources, what_differs
from toolkit.sxs import parse_article


@pytest.mark.parametrize(
    ("usual", "other"),
    [
        ("It cannot be set.", "It can't be set."),
        ("Lists all active accounts.", "Lists all the active accounts."),
        ("The July 16, 2021 release", "The 16-July-21 release"),
        ("Starts at 7:00 PM.", "Starts at 7 PM."),
        ("Open the Quote line Detail page.", "Open the quote line details page."),
        ("Create Work Experience as a new dimension.", "Create Work Expereince as a new dimension."),
        ("She is based in the United States today.", "She is based in the US today."),
        ("The stages of the default business process flow:", "The stages of the default BPF:"),
        ("In Frankfurt, Nancy met with two organizations.", "In Frankfurt, she met with two organizations."),
        ("Fill in the WriteIn Product field.", "Fill in the Write In Product field."),
        ("See the Time Entry Submission page.", "See the time entry submitting page."),
        ("Select Save. Then close the form.", "Select Save, then close the form."),
        ("You can view the active version of the map.", "You can see the active version of the map."),
    ],
)
def test_paraphrases_need_no_other_translation(usual: str, other: str) -> None:
    assert what_differs(usual, other) == ""
    assert what_differs(other, usual) == ""


@pytest.mark.parametrize(
    ("usual", "other", "difference"),
    [
        ("Select the Save button.", "Select the Submit button.", "the name “Submit”"),
        ("Changes from the Sales quote.", "Changes from the Sales Orders.", "the name “Orders”"),
        ("The cost list for Fabrikam US-Robotics.", "The cost list for Fabrikam UK-Robotics.", "the name “UK”"),
        ("Close the first 2 quotes.", "Close the first 3 quotes.", "a number"),
        ("The status must be set here.", "The status isn't set here.", "a negation"),
        ("Submit it with the form.", "Submit it without the form.", "a negation"),
    ],
)
def test_differences_a_translation_must_render(usual: str, other: str, difference: str) -> None:
    assert what_differs(usual, other) == difference


def record(english: str, translation: str) -> Record:
    return Record(normalized(english)[0], english, normalized(translation)[0])


def test_the_minority_english_is_reported_against_the_usual_one() -> None:
    records = [
        record("Select the Save button.", "Wählen Sie Speichern."),
        record("Select the Submit button.", "Wählen Sie Speichern."),
        record("Select the Save button", "Wählen Sie Speichern."),
        record("select the save button.", "Wählen Sie Speichern."),
        record("Select the Submit button.", "Wählen Sie Senden."),
        record("Choose the Save button.", "Wählen Sie Speichern."),
    ]
    found = list(different_sources(records))
    assert [(f.position, f.usual, f.uses, f.difference) for f in found] == [(1, 0, 3, "the name “Submit”")]


def pair(number: int, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="abcde-{number}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="abcde-{number}">{source}</span></span>'
    )


def test_x002_names_the_difference_and_the_usual_place() -> None:
    front = "---\ntitle: T\ndescription: D\nms.contentlocale: de-DE\nms.translationtype: HT\nms.openlocfilehash: 0123\n---\n"
    same = "Wählen Sie die Schaltfläche Speichern aus."
    one = parse_article(
        front + pair(1, same, "Select the Save button.") + "\n\n" + pair(2, same, "Select the Save button.") + "\n", "de-DE/a.md"
    )
    two = parse_article(
        front + pair(1, same, "Select the Submit button.") + "\n\n" + pair(2, same, "Choose the Save button.") + "\n",
        "de-DE/b.md",
    )
    found = run_checks([one, two], select=["X002"])
    assert [(f.path, f.segment_id) for f in found] == [("de-DE/b.md", "abcde-1")]
    assert "the name “Submit”" in found[0].message and "de-DE/a.md (abcde-1)" in found[0].message


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_normalized_takes_out_every_punctuation_and_white_space_character(text: str) -> None:
    """Runs of both split words, as one class of both would: the words and their count."""
    words = regex.sub(r"[\p{P}\s]+", " ", text).split()
    assert normalized(text) == ("".join(words).casefold(), len(words))


@pytest.mark.parametrize(
    ("text", "expected"), [("Select  the\u3000“Save” button.", ("selectthesavebutton", 4)), ("a.b", ("ab", 2))]
)
def test_normalized_examples(text: str, expected: tuple[str, int]) -> None:
    assert normalized(text) == expected
