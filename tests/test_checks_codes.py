"""One code table for the toolkit, its generated page, and segment ids carried as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.checks import CHECKS, Finding, run_checks
from toolkit.codes import page
from toolkit.diagnostics import CODES, FAMILIES, declare
from toolkit.model import Diagnostic, Severity
from toolkit.sxs import parse_article

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_codes_page_is_up_to_date() -> None:
    assert (DOCS / "codes.md").read_text(encoding="utf-8") == page(), "run: python -m toolkit.codes > docs/codes.md"


def test_every_code_is_a_family_letter_and_three_digits() -> None:
    assert all(re.fullmatch(rf"[{''.join(FAMILIES)}]\d{{3}}", code) for code in CODES)
    assert set(CHECKS) <= set(CODES)
    assert all(CODES[code].severity is info.severity for code, info in CHECKS.items())
    assert {code[0] for code in CHECKS} == set("SMCXR")
    assert {code[0] for code in CODES} == set(FAMILIES)


@pytest.mark.parametrize("code", ["P001", "M001", "R101", "T001"])
def test_a_code_cannot_be_declared_twice(code: str) -> None:
    with pytest.raises(ValueError, match="twice"):
        declare(code, Severity.WARNING, "again")


@pytest.mark.parametrize("code", ["Q001", "P01", "p001", "M0001"])
def test_a_code_outside_every_family_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="family"):
        declare(code, Severity.WARNING, "nowhere")


def test_findings_are_diagnostics() -> None:
    assert issubclass(Finding, Diagnostic)


BROKEN = (
    '<span data-ttu-id="abcde-101">Hallo.</span><span class="sxs-lookup"><span data-stu-id="abcde-101">Hello.</span></span>\n\n'
    '<span data-ttu-id="abcde-102">Nur die Übersetzung.</span>\n\n'
    '<span data-ttu-id="abcde-103"></span><span class="sxs-lookup"><span data-stu-id="abcde-103">Empty.</span></span>\n\n'
    '<span data-ttu-id="abcde-101">Noch mal.</span><span class="sxs-lookup"><span data-stu-id="abcde-101">Again.</span></span>\n'
)


def test_reader_diagnostics_carry_the_segment_id() -> None:
    article = parse_article(BROKEN, "de-DE/a.md")
    named = {(d.code, d.segment_id) for d in article.diagnostics}
    assert {("P010", "abcde-102"), ("P016", "abcde-103"), ("P012", "abcde-101")} <= named


def test_structure_findings_take_the_id_from_the_diagnostic_not_its_message() -> None:
    article = parse_article(BROKEN, "de-DE/a.md")
    found = {(f.code, f.segment_id) for f in run_checks([article], select=["S"])}
    assert {("S001", "abcde-102"), ("S004", "abcde-103"), ("S003", "abcde-101")} <= found
