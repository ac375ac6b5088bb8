"""Checks on scripts and conventions they were not tuned on, end to end; and where each
locale-dependent check is silent, said once per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.checks.coverage import rule_silences, silent_notes
from toolkit.checks.locales import silences
from toolkit.cli import main
from toolkit.sxs import parse_article

FRONT = "---\ntitle: T\ndescription: D\nms.contentlocale: {locale}\nms.translationtype: HT\nms.openlocfilehash: 0123\n---\n"

RIGHT = {
    "ko-KR": [
        ("프로젝트를 저장합니다.", "Save the project."),
        ("최대 20,000개의 행을 가져옵니다.", "Import up to 20,000 rows."),
        ("“저장”을 선택합니다.", 'Select "Save".'),
        ("작업 작업자를 지정합니다.", "Assign the task worker."),
    ],
    "hi-IN": [
        ("परियोजना सहेजें।", "Save the project."),
        ("इसमें कम कमी है।", "It has little shortage."),
        ("1,00,000 पंक्तियाँ आयात करें।", "Import 100,000 rows."),
        ("२.५ घंटे लगते हैं।", "It takes 2.5 hours."),
        ("“सहेजें” चुनें।", 'Select "Save".'),
        ("क्या आप सहेजना चाहते हैं?", "Do you want to save?"),
    ],
    "sr-Latn-RS": [
        ("Sačuvajte projekat.", "Save the project."),
        ("Izaberite „Sačuvaj” sada.", 'Select "Save" now.'),
        ("Izaberite „Sačuvaj“ sada.", 'Select "Save" now.'),
        ("Uvezite do 20.000 redova od 2,5 MB.", "Import up to 20,000 rows of 2.5 MB."),
        ("Cena je 3.000,00 dinara.", "The price is 3,000.00 dinars."),
    ],
}
"""Translations that are right for the locale, each a former misfire of C001, C006, C010 or C011."""

WRONG = {
    "ko-KR": [("프로젝트를 저장합니다。", "Save the project.", "C011"), ("최대 2,000개의 행.", "Up to 20,000 rows.", "C001")],
    "hi-IN": [("परियोजना परियोजना सहेजें।", "Save the project.", "C006"), ("परियोजना सहेजें", "Save the project.", "C011")],
    "sr-Latn-RS": [
        ("Izaberite „Sačuvaj sada.", 'Select "Save" now.', "C010"),
        ("Do 2.000 redova.", "Up to 20,000 rows.", "C001"),
    ],
}
"""A real mistake per check and locale: the checks did run on these files."""


def pair(number: int, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="abcde-{number}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="abcde-{number}">{source}</span></span>'
    )


def write(path: Path, locale: str, pairs: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(pair(100 + n, target, source) for n, (target, source) in enumerate(pairs))
    path.write_text(FRONT.format(locale=locale) + body + "\n", encoding="utf-8")


def test_korean_hindi_and_serbian_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for locale, pairs in RIGHT.items():
        write(tmp_path / "docs" / locale / "right.md", locale, pairs)
        write(tmp_path / "docs" / locale / "wrong.md", locale, [(t, s) for t, s, _ in WRONG[locale]])
    report = tmp_path / "report.json"
    code = main(["check", "--quiet", str(tmp_path / "docs"), "--format", "json", "-o", str(report), "--select", "C"])
    capsys.readouterr()
    found = json.loads(report.read_text(encoding="utf-8"))["findings"]
    misfires = [f for f in found if f["path"].endswith("right.md") and f["code"] in {"C001", "C006", "C010", "C011"}]
    assert misfires == []
    for locale, mistakes in WRONG.items():
        wrong = sorted(f["code"] for f in found if f"/{locale}/wrong.md" in f["path"].replace("\\", "/"))
        assert wrong == sorted(c for _, _, c in mistakes), locale
    assert code == 1


# Silent checks say so once


@pytest.mark.parametrize(
    ("locale", "codes"),
    [
        ("qq-ZZ", {"C001", "C010", "C011", "C013"}),
        ("", {"C001", "C010", "C011", "C013"}),
        ("chr-US", {"C011", "C013"}),
        ("th-TH", {"C006"}),
        ("ja-JP", {"C006"}),
        ("hi-IN", {"C013"}),
        ("de-DE", set()),
        ("fr-FR", set()),
    ],
)
def test_each_locale_dependent_check_says_where_it_is_silent(locale: str, codes: set[str]) -> None:
    assert {s.code for s in silences(locale)} == codes


@pytest.mark.parametrize(("locale", "silent"), [("hi-IN", True), ("qq-ZZ", True), ("", True), ("fr-FR", False), ("de-DE", False)])
def test_rule_checks_say_where_no_cue_lexicon_reads_them(locale: str, silent: bool) -> None:
    assert {s.code for s in rule_silences(locale)} == ({"R201", "R202", "R203", "R204"} if silent else set())


def test_silence_is_said_once_per_locale_script_or_language() -> None:
    articles = [
        parse_article(FRONT.format(locale=locale) + pair(100, "x y z.", "Save it.") + "\n", f"docs/{locale}/{name}.md")
        for locale in ("qq-ZZ", "zh-CN", "zh-TW", "zh-HK", "de-DE")
        for name in ("a", "b")
    ]
    places = [(article.path, article.locale) for article in articles]
    notes = silent_notes(places, {"C001", "C006", "C010", "C011", "C013"})
    said = [(n.code, n.path) for n in notes]
    assert len(said) == len(set(said)) == len({(n.code, n.message) for n in notes})
    assert [p for c, p in said if c == "C011"] == ["docs/qq-ZZ/a.md"]
    # zh-CN is Hans, zh-TW and zh-HK are Hant: one note per script
    assert [p for c, p in said if c == "C006"] == ["docs/zh-CN/a.md", "docs/zh-TW/a.md"]
    assert not any("de-DE" in p for _, p in said)
    assert silent_notes(places, {"M001"}) == []


def test_check_prints_the_silences_on_stderr_not_as_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        write(tmp_path / "qq-ZZ" / f"{name}.md", "qq-ZZ", [("Projekt speichern", "Save the project.")])
    report = tmp_path / "report.json"
    code = main(["check", "--quiet", str(tmp_path / "qq-ZZ"), "--format", "json", "-o", str(report), "--strict"])
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if "info:" in line and "[C011]" in line]
    assert len(notes) == 1 and "qq-ZZ" in notes[0] and "silent" in notes[0]
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []
    assert code == 0
    main(["check", "--quiet", str(tmp_path / "qq-ZZ"), "--select", "M"])
    assert "silent" not in capsys.readouterr().err
