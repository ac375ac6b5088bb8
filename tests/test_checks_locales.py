"""Locale-aware checks on synthetic pairs: CLDR's quotation marks and number symbols, sentence ends
per script, Unicode word boundaries, whitespace left by markup, normalized consistency, locales in paths."""

from __future__ import annotations

import pytest

from toolkit.checks import run_checks
from toolkit.checks.locales import rules_for
from toolkit.model import Article
from toolkit.sxs import parse_article


def pair(number: int, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="abcde-{number}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="abcde-{number}">{source}</span></span>'
    )


def article(locale: str, *pairs: tuple[str, str], path: str = "", front: bool = True) -> Article:
    head = (
        (f"---\ntitle: T\ndescription: D\nms.contentlocale: {locale}\nms.translationtype: HT\nms.openlocfilehash: 0123\n---\n")
        if front
        else ""
    )
    body = "\n\n".join(pair(100 + n, t, s) for n, (t, s) in enumerate(pairs))
    return parse_article(head + body + "\n", path or f"docs/{locale or 'none'}/a.md")


def codes(item: Article, code: str) -> list[str]:
    return [f.message for f in run_checks([item], select=[code])]


# C011: sentence-final punctuation per script


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("ko-KR", "프로젝트를 저장합니다."),
        ("hi-IN", "परियोजना सहेजें।"),
        ("mr-IN", "प्रकल्प जतन करा."),
        ("ja-JP", "プロジェクトを保存します。"),
        ("zh-TW", "儲存專案。"),
        ("th-TH", "บันทึกโครงการ"),
        ("ar-SA", "احفظ المشروع."),
        ("sr-Cyrl-RS", "Сачувајте пројекат."),
        ("am-ET", "ፕሮጀክቱን ያስቀምጡ።"),
    ],
)
def test_sentence_ends_as_the_script_writes_them(locale: str, translation: str) -> None:
    assert codes(article(locale, (translation, "Save the project.")), "C011") == []


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("hi-IN", "परियोजना सहेजें"),
        ("ko-KR", "프로젝트를 저장합니다。"),
        ("ja-JP", "プロジェクトを保存します."),
        ("th-TH", "บันทึกโครงการ."),
        ("de-DE", "Projekt speichern。"),
    ],
)
def test_wrong_or_missing_sentence_end_is_found(locale: str, translation: str) -> None:
    assert len(codes(article(locale, (translation, "Save the project.")), "C011")) == 1


@pytest.mark.parametrize("locale", ["", "qq-ZZ"])
def test_no_sentence_end_rules_without_a_known_locale(locale: str) -> None:
    item = article(locale, ("プロジェクトを保存します。", "Save the project."), ("Speichern", "Save."))
    assert codes(item, "C011") == []
    assert rules_for(locale).stops is None


# C010: quotation marks from CLDR


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("sr-Cyrl-RS", "Изаберите „Сачувај“ сада."),
        ("sr-Latn-RS", "Izaberite „Sačuvaj” sada."),
        ("pl-PL", "Wybierz „Zapisz” teraz."),
        ("lt-LT", "Pasirinkite „Įrašyti“ dabar."),
        ("bg-BG", "Изберете „Запиши“ сега."),
        ("de-DE", "Wählen Sie „Speichern“ und ‚OK‘."),
        ("fr-FR", "Sélectionnez « Enregistrer » maintenant."),
        ("ja-JP", "「保存」を選択します。"),
        ("ru-RU", "Выберите «Сохранить „Проект“» сейчас."),
        ("ar-SA", "حدد ”حفظ“ الآن."),
        ("ar-SA", "حدد “حفظ” الآن."),
    ],
)
def test_quotation_marks_cldr_gives_the_locale(locale: str, translation: str) -> None:
    assert codes(article(locale, (translation, 'Select "Save" now.')), "C010") == []


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("pl-PL", "Wybierz „Zapisz teraz."),
        ("de-DE", "Wählen Sie „Speichern” jetzt."),
        ("sr-Cyrl-RS", "Изаберите „Сачувај сада."),
        ("fr-FR", "Sélectionnez « Enregistrer maintenant."),
        ("ja-JP", "「保存を選択します。"),
    ],
)
def test_unpaired_quotation_marks_are_found(locale: str, translation: str) -> None:
    assert len(codes(article(locale, (translation, 'Select "Save" now.')), "C010")) == 1


def test_apostrophes_are_not_quotation_marks() -> None:
    assert codes(article("fr-FR", ("L’utilisateur l’enregistre.", "The user saves it.")), "C010") == []
    assert codes(article("nl-NL", ("Het project van ’t bedrijf.", "The company's project.")), "C010") == []


# C001: numbers with CLDR decimal and group symbols


@pytest.mark.parametrize(
    ("locale", "translation", "english"),
    [
        ("fr-FR", "Jusqu’à 20 000 lignes.", "Up to 20,000 rows."),
        ("fr-FR", "Jusqu’à 20\u202f000 lignes.", "Up to 20,000 rows."),
        ("fr-FR", "Un coût de 3\u00a0000,00 €.", "A cost of $3,000.00."),
        ("pl-PL", "Koszt 3 000,00 zł.", "A cost of 3,000.00."),
        ("nb-NO", "Verdien 2,5 og 1 000 000.", "The value 2.5 and 1,000,000."),
        ("de-DE", "Bis zu 20.000 Zeilen, Version 10.0.", "Up to 20,000 rows, version 10.0."),
        ("de-CH", "Bis zu 20'000 Zeilen.", "Up to 20,000 rows."),
        ("ar-SA", "حتى ٢٠٬٠٠٠ صف و٢٫٥.", "Up to 20,000 rows and 2.5."),
        ("hi-IN", "1,00,000 पंक्तियाँ।", "100,000 rows."),
        ("de-DE", "Am 01.10.2020.", "On 10/1/2020."),
        ("hi-IN", "२०,००० पंक्तियाँ।", "20,000 rows."),
        ("bn-BD", "২০,০০০ সারি।", "20,000 rows."),
        ("my-MM", "၂၀ ခု။", "20 items."),
    ],
)
def test_numbers_written_as_the_locale_writes_them(locale: str, translation: str, english: str) -> None:
    assert codes(article(locale, (translation, english)), "C001") == []


@pytest.mark.parametrize(
    ("locale", "translation", "english"),
    [
        ("fr-FR", "Jusqu’à 2 000 lignes.", "Up to 20,000 rows."),
        ("ja-JP", "2,5 倍。", "2.5 times."),
        ("de-DE", "Bis zu 2.000 Zeilen.", "Up to 20,000 rows."),
    ],
)
def test_changed_numbers_are_found(locale: str, translation: str, english: str) -> None:
    assert len(codes(article(locale, (translation, english)), "C001")) == 1


# C006: words by Unicode rules


def test_devanagari_words_are_not_split_at_vowel_signs() -> None:
    item = article("hi-IN", ("इसमें कम कमी है और समय समया नहीं।", "It has less shortage."))
    assert codes(item, "C006") == []
    assert len(codes(article("hi-IN", ("यह किया किया गया।", "It was done.")), "C006")) == 1
    assert len(codes(article("fr-FR", ("Le le projet.", "The project.")), "C006")) == 1


@pytest.mark.parametrize(
    "translation",
    ["Η ΟΔΟΣ οδος κλείνει.", "(projet projet)", "l’opportunité opportunité.", "Strasse STRASSE."],
)
def test_repeats_equal_under_case_folding_are_found(translation: str) -> None:
    assert len(codes(article("fr-FR", (translation, "The road.")), "C006")) == 1


# C008: spaces left around markup


def test_spaces_around_stripped_markup_are_not_double_spaces() -> None:
    item = article("fr-FR", ("Sélectionnez `Enregistrer` puis <br/> OK.", "Select `Save` then <br/> OK."))
    assert codes(item, "C008") == []
    assert len(codes(article("fr-FR", ("Sélectionnez  Enregistrer.", "Select Save.")), "C008")) == 1


# X001, X002: normalized comparison, the other place named


def test_consistency_ignores_case_punctuation_and_spacing() -> None:
    first = article(
        "de-DE",
        ("Wählen Sie Speichern aus.", "Select the Save button."),
        ("Wählen Sie Speichern aus.", "Select the  save button"),
        path="de-DE/a.md",
    )
    assert run_checks([first], select=["X"]) == []


def test_consistency_names_the_usual_place() -> None:
    usual = ("Wählen Sie Speichern aus.", "Select the Save button.")
    one = article("de-DE", usual, usual, path="de-DE/a.md")
    other = article("de-DE", ("Klicken Sie auf Speichern.", "Select the Save button."), path="de-DE/b.md")
    found = run_checks([one, other], select=["X001"])
    assert [f.path for f in found] == ["de-DE/b.md"]
    assert "de-DE/a.md (abcde-100)" in found[0].message


# S008, S009: locales in paths, files with no front matter by design


def test_folder_that_is_not_a_locale() -> None:
    item = article("mr-IN", ("प्रकल्प जतन करा.", "Save the project."), path="mr-dev-docs/articles/a.md")
    assert codes(item, "S008") == []
    wrong = article("mr-IN", ("प्रकल्प जतन करा.", "Save the project."), path="repo.de-de/articles/a.md")
    assert len(codes(wrong, "S008")) == 1


@pytest.mark.parametrize("path", ["docs/includes/note.md", "api/docs-ref-autogen/Class.md"])
def test_includes_and_generated_pages_need_no_front_matter(path: str) -> None:
    item = article("de-DE", ("Speichern.", "Save."), path=path, front=False)
    assert codes(item, "S009") == []
    assert len(codes(article("de-DE", ("Speichern.", "Save."), path="de-DE/a.md", front=False), "S009")) == 1


# C004 and C011 after reading their findings on the corpus


@pytest.mark.parametrize(
    "text", ["fieldName (FieldNameShort)", "My company_Band2", "Update Release 33", "Alt + Shift + e", "Fabrikam India"]
)
def test_names_and_identifiers_may_stay_in_english(text: str) -> None:
    assert codes(article("de-DE", (text, text)), "C004") == []


def test_an_english_sentence_left_untranslated_is_found() -> None:
    text = "Select the project and then save it."
    assert len(codes(article("de-DE", (text, text)), "C004")) == 1


def test_a_closing_quotation_mark_after_the_stop_is_not_the_end() -> None:
    item = article("de-DE", ("Der Fehler lautet: „Der Wert ist ungültig.“", 'The error is "The value is invalid."'))
    assert codes(item, "C011") == []


@pytest.mark.parametrize(
    ("locale", "translation", "english"),
    [
        ("nl-NL", "Tussen 9.00 en 19.00 uur.", "Between 9:00 AM and 7:00 PM."),
        ("ja-JP", "午前7時に開始します。", "Starts at 7:00 AM."),
        ("nb-NO", "Fra 9 til 17.", "From 9 AM to 5 PM."),
        ("ru-RU", "После 21:30.", "After 9:30 PM."),
        ("zh-CN", "2021 年 7 月 9 日", "09-July-21"),
        ("nb-NO", "9. Juli 21", "09-July-21"),
        ("zh-CN", "浏览 2019 年 10 月发行说明。", "See the October '19 Release Notes."),
        ("nb-NO", "1. oktober 2020", "10/1/2020"),
        ("ru-RU", "более 80000 подпроектов.", "80k+ subprojects."),
    ],
)
def test_times_and_dates_as_locales_write_them(locale: str, translation: str, english: str) -> None:
    assert codes(article(locale, (translation, english)), "C001") == []


def test_a_changed_time_is_found() -> None:
    assert len(codes(article("de-DE", ("Um 18:00 Uhr.", "At 7:00 PM.")), "C001")) == 1


@pytest.mark.parametrize(
    ("locale", "translation", "english"),
    [
        ("nl-NL", "30 juli 2021", "July 30, 2021"),
        ("ms-MY", "06-Ogos-21", "06-August-21"),
        ("ja-JP", "$3000 USD の現金前払い。", "A cash advance of 3000.00 USD."),
        ("ar-SA", "الإثنين 19 أكتوبر", "October 19, Monday"),
    ],
)
def test_days_stay_days_and_zero_decimals_may_go(locale: str, translation: str, english: str) -> None:
    assert codes(article(locale, (translation, english)), "C001") == []


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("lv-LV", "Atlasiet metodi, kas nav Nav."),
        ("ru-RU", "Значение установлено на На основе работы."),
        ("tr-TR", "Görevler tek tek hesaplanır."),
    ],
)
def test_grammatical_repeats_and_names_that_start_with_the_word(locale: str, translation: str) -> None:
    assert codes(article(locale, (translation, "Select a method other than None.")), "C006") == []


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("ar-SA", "من 9 صباحًا إلى 5 مساءً."),
        ("ru-RU", "с 9 утра до 5 вечера."),
        ("de-DE", "von 9 bis 17 Uhr."),
        ("zh-CN", "上午 9:00 到晚上 5:00。"),
    ],
)
def test_twelve_or_twenty_four_hour_clock(locale: str, translation: str) -> None:
    assert codes(article(locale, (translation, "From 9:00 AM to 5:00 PM.")), "C001") == []
