# ruff: noqa: RUF001 (translations in twelve languages: their letters and apostrophes are the data)
"""Modality kept across locales: the lexicons, and errors injected into real translations are found.

An injection takes a translation that keeps its rule (no finding), makes the error a
translator could make — drops the negation, swaps "must" for "can", drops "only", negates a
"can" — and asserts the check now names it. The seeds give five locales of a real prohibition; the
12-locale corpus, when present, gives every locale and all three kinds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

import pytest
from conftest import SEEDS, needs_corpus

from toolkit.cli import main
from toolkit.model import Article
from toolkit.rules import check_spec, kept, read_spec, shifts
from toolkit.rules.extract import RULE_BLOCKS, classify
from toolkit.rules.modality import KINDS, english_cues, lexicon

CORPUS_LOCALES = ("ar-SA", "de-DE", "fr-FR", "ja-JP", "lv-LV", "ms-MY", "nb-NO", "nl-NL", "ru-RU", "th-TH", "tr-TR", "zh-CN")

Edit = tuple[str, str]
"""A regular expression and its replacement: one way a translator gets the rule wrong."""

DROP_NEGATION: dict[str, list[Edit]] = {
    "ar": [(r"(?<!\w)(?:لا|لن)\s+", "")],
    "de": [(r"\s+nicht\b", "")],
    "fr": [(r"\bne\s+|\bn[’']", ""), (r"\s+pas\b", "")],
    "ja": [("できません", "できます"), ("ません", "ます"), ("できない", "できる"), ("不可", "可能")],
    "lv": [(r"\bne(var|drīkst|būs|ļauj|tiek|atļauj)", r"\1"), (r"\bnav\b", "ir")],
    "ms": [(r"\btidak\s+", "")],
    "nb": [(r"\s+ikke\b", "")],
    "nl": [(r"\s+niet\b", "")],
    "ru": [(r"\bне\s+", ""), (r"\bнельзя\b", "можно")],
    "th": [("ไม่", "")],
    "tr": [(r"([ae])m[ae]z", r"\1bilir"), (r"m[ae]y([ae]c[ae][kğ])", r"\1"), (r"\s*değil(dir)?", "")],
    "zh": [("不能", "能"), ("无法", "可以"), ("不可", "可"), ("不", "")],
}
SWAP_OBLIGATION: dict[str, list[Edit]] = {
    "ar": [("يجب", "يمكن")],
    "de": [(r"\bmuss\b", "kann"), (r"\bmüssen\b", "können"), (r"\berforderlich\b", "möglich")],
    "fr": [(r"\bdoit\b", "peut"), (r"\bdoivent\b", "peuvent"), (r"\bdevez\b", "pouvez")],
    "ja": [("なければなりません", "ことができます"), ("必要があります", "ことができます"), ("必要", "可能")],
    "lv": [(r"\bjā(\w+)", r"var \1"), (r"\bnepieciešams\b", "iespējams")],
    "ms": [(r"\b(?:mesti|perlu|harus)\b", "boleh")],
    "nb": [(r"\bmå\b", "kan")],
    "nl": [(r"\bmoet\b", "kan"), (r"\bmoeten\b", "kunnen")],
    "ru": [(r"\bдолжн\w*", "могут"), (r"\b(?:необходимо|нужно)\b", "можно")],
    "th": [("ต้อง", "สามารถ")],
    "tr": [(r"m([ae])l[ıi]", r"\1bilir"), (r"\bgerek\w*", "mümkün")],
    "zh": [("必须", "可以"), ("需要", "可以")],
}
DROP_ONLY: dict[str, list[Edit]] = {
    "ar": [(r"\s*فقط", "")],
    "de": [(r"\b(?:nur|erst)\s+", "")],
    "fr": [(r"\b(?:seulement|uniquement)\s*", "")],
    "ja": [("のみ", ""), ("だけ", "")],
    "lv": [(r"\btikai\s+", "")],
    "ms": [(r"\b(?:hanya|sahaja)\s*", "")],
    "nb": [(r"\b(?:bare|kun)\s+", "")],
    "nl": [(r"\b(?:alleen|pas)\s+", "")],
    "ru": [(r"\b(?:только|лишь)\s+", "")],
    "th": [("เท่านั้น", ""), ("เฉพาะ", "")],
    "tr": [(r"\b(?:yalnızca|sadece)\s+", "")],
    "zh": [("只", ""), ("仅", "")],
}
ADD_NEGATION: dict[str, list[Edit]] = {
    "ar": [(r"(?<!\w)(يمكن\w*)", r"لا \1")],
    "de": [(r"\b(kann|können)\b", r"\1 nicht")],
    "fr": [(r"\b(peut|peuvent|pouvez)\s+", r"ne \1 pas ")],
    "ja": [("できます", "できません")],
    "lv": [(r"\b(var\w*)", r"ne\1")],
    "ms": [(r"\b(boleh|dapat)\b", r"tidak \1")],
    "nb": [(r"\bkan\b", "kan ikke")],
    "nl": [(r"\b(kan|kunnen|kunt)\b", r"\1 niet")],
    "ru": [(r"\b(мож\w+)", r"не \1")],
    "th": [("สามารถ", "ไม่สามารถ")],
    "tr": [(r"([ae])bilir", r"\1m\1z")],
    "zh": [("可以", "不能")],
}
INJECTIONS = {
    "R201": ("negation", DROP_NEGATION),
    "R202": ("obligation", SWAP_OBLIGATION),
    "R203": ("only", DROP_ONLY),
    "R204": ("prohibition", ADD_NEGATION),
}
"""What each injection removes from the translation (R204: adds)."""


def inject(locale: str, text: str, edits: dict[str, list[Edit]]) -> str:
    for pattern, replacement in edits[locale.split("-")[0].lower()]:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def test_every_corpus_locale_has_a_valid_lexicon() -> None:
    folder = resources.files("toolkit.rules").joinpath("cues")
    files = [f for f in folder.iterdir() if f.name.endswith(".json")]
    for file in files:
        data = json.loads(file.read_text("utf-8"))
        assert data["language"] == file.name.removesuffix(".json")
        assert set(data) <= {"language", "word_boundaries", "prefixes", *KINDS}
        assert all(data[kind] for kind in ("negation", "obligation", "possibility", "only")), file.name
    for locale in CORPUS_LOCALES:
        assert lexicon(locale) is not None, locale
    assert lexicon("nb-no") == lexicon("no") and lexicon("xx-YY") is None


@pytest.mark.parametrize(
    ("english", "locale", "translation", "expected"),
    [
        (
            "You can't close the opportunity.",
            "de-DE",
            "Sie können die Verkaufschance schließen.",
            "English negation \"can't\" is not in the de-DE translation, which has possibility 'können'",
        ),
        (
            "You must submit the entry.",
            "fr-FR",
            "Vous pouvez soumettre l’entrée.",
            "English obligation 'must' is not in the fr-FR translation, which has possibility 'pouvez'",
        ),
        (
            "You can close it only if no quote is active.",
            "nb-NO",
            "Du kan lukke den hvis ingen tilbud er aktive.",
            "English \"only\" 'only' is not in the nb-NO translation, which has condition 'hvis'",
        ),
        (
            "The currency can be changed.",
            "ru-RU",
            "Валюту невозможно изменить.",
            "English 'can' states no negation but the ru-RU translation has prohibition 'невозможно'",
        ),
    ],
)
def test_a_finding_names_the_english_cue_and_what_the_translation_has(
    english: str, locale: str, translation: str, expected: str
) -> None:
    [shift] = shifts(english, locale, translation)
    assert shift.message(locale) == expected


@pytest.mark.parametrize(
    ("english", "locale", "translation"),
    [
        ("You can't invoice a milestone until it is complete.", "nl-NL", "U kunt pas factureren als de mijlpaal voltooid is."),
        ("You should attach it only when you have an agreement.", "lv-LV", "To drīkst pievienot tikai tad, ja ir līgums."),
        ("The field is read-only.", "de-DE", "Das Feld ist schreibgeschützt."),
        ("Each user can only have a maximum of 10 sets.", "nl-NL", "Elke gebruiker kan maximaal tien sets hebben."),
        ("The template can contain only a schedule.", "fr-FR", "Le modèle ne peut contenir qu’une planification."),
        ("You can close it.", "xx-YY", "Whatever."),
        # a bound, a capitalized name, a relative clause's "must", a negative adjective
        ("Tasks must start no later than 17 years from today.", "nl-NL", "Taken moeten uiterlijk over 17 jaar beginnen."),
        ("The None method is only available from the Team tab.", "ja-JP", "この方法は、チーム タブからのみ使用できます。"),
        ("This page reduces the fields that must be set.", "fr-FR", "Cette page permet de réduire les champs à définir."),
        ("If the price isn't valid, you found it.", "nl-NL", "Als de prijs ongeldig is, hebt u het gevonden."),
        # a negation the English has too, as a prefix, a quoted message or a "whether"
        ("A role can be chargeable or non-chargeable.", "nl-NL", "Een rol kan toerekenbaar of niet-toerekenbaar zijn."),
        (
            'If you get the error "Cannot change the contract", you can still change it.',
            "de-DE",
            "Wenn Sie den Fehler „Der Vertrag kann nicht geändert werden“ erhalten, können Sie ihn trotzdem ändern.",
        ),
        ("Whether the percentage can be modified.", "tr-TR", "Yüzdenin değiştirilip değiştirilemeyeceği."),
        ("You can soft book a resource.", "nb-NO", "Du kan foreta en ikke-forpliktende bestilling."),
    ],
)
def test_equivalent_renderings_are_not_findings(english: str, locale: str, translation: str) -> None:
    assert shifts(english, locale, translation) == []


def test_dropping_the_negation_of_the_seed_prohibition_is_found(seed_articles: list[Article]) -> None:
    spec = read_spec(SEEDS / "close-opportunity.rules.yaml")
    assert [p for p in check_spec(spec, seed_articles) if p.code.startswith("R2")] == []
    rule = next(r for r in spec.rules if r.id == "no-close-with-active-quote")
    english = rule.statement
    for translation in rule.translations:
        assert shifts(english, translation.locale, translation.text) == []
        broken = inject(translation.locale, translation.text, DROP_NEGATION)
        assert broken != translation.text
        assert [s.code for s in shifts(english, translation.locale, broken)] == ["R201"], (translation.locale, broken)


def test_rules_check_reports_a_lost_negation_at_the_segment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in SEEDS.glob("*.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    edited = tmp_path / "close-opportunity.nb-NO.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Du kan ikke lukke", "Du kan lukke"), encoding="utf-8")
    assert main(["rules", "check", str(SEEDS / "close-opportunity.rules.yaml"), str(tmp_path), "-q"]) == 0
    assert main(["rules", "check", str(SEEDS / "close-opportunity.rules.yaml"), str(tmp_path), "-q", "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{edited}:" in err and 'rule no-close-with-active-quote: 1ee8d-107: English negation "won\'t"' in err
    assert "[R201]" in err and "[R005]" in err


def test_modality_command_prints_rates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "modality", str(SEEDS), "-q"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fr-FR: 0 findings in 5 rule sentences (0.0 per 1,000)" and len(out) == 5


def _injectable(articles: list[Article], code: str, limit: int) -> dict[str, list[tuple[str, str, str]]]:
    """Per locale, up to ``limit`` (English, translation, injected) where the injection removes every cue of its kind."""
    kind, edits = INJECTIONS[code]
    english = lexicon("en")
    assert english is not None
    found: dict[str, list[tuple[str, str, str]]] = {}
    wanted: dict[str, Callable[[Mapping[str, tuple[str, ...]]], bool]] = {
        "R201": lambda cues: bool(cues["negation"]) and not cues["until"],
        "R202": lambda cues: bool(cues["obligation"]) and not any(cues[k] for k in ("negation", "possibility", "only")),
        "R203": lambda cues: bool(cues["only"]),
        "R204": lambda cues: bool(cues["possibility"]) and not cues["contrary"],
    }
    for article in articles:
        cues = lexicon(article.locale)
        chosen = found.setdefault(article.locale, [])
        if cues is None or len(chosen) >= limit:
            continue
        for segment in article.segments:
            source, translation = segment.source.text, segment.target.text
            if segment.block.kind not in RULE_BLOCKS or not translation.strip() or classify(source) is None:
                continue
            if not wanted[code](english_cues(source)) or shifts(source, article.locale, translation):
                continue
            broken = inject(article.locale, translation, edits)
            if code == "R204":  # a prohibition now, and no "only" that could make it a restriction ("ne … que")
                injected = bool(cues.find(kind, broken)) and not cues.find("only", broken) and not english.find("only", broken)
            else:
                injected = not cues.find(kind, broken) and not english.find(kind, broken)
            if broken != translation and injected:
                chosen.append((source, translation, broken))
                if len(chosen) >= limit:
                    break
    return found


@needs_corpus
@pytest.mark.parametrize("code", sorted(INJECTIONS))
def test_injected_errors_in_real_translations_are_found(corpus_articles: list[Article], code: str) -> None:
    injected = _injectable(corpus_articles, code, limit=20)
    missed: Counter[str] = Counter()
    for locale, cases in injected.items():
        for english, _, broken in cases:
            if code not in [s.code for s in shifts(english, locale, broken)]:
                missed[locale] += 1
    sizes = {locale: len(cases) for locale, cases in injected.items()}
    assert {locale.lower() for locale, n in sizes.items() if n >= 3} >= {loc.lower() for loc in CORPUS_LOCALES}, sizes
    assert not missed, (missed, sizes)


@needs_corpus
def test_findings_stay_rare_on_the_published_corpus(corpus_articles: list[Article]) -> None:
    """A floor on quality, not a snapshot: the published translations are mostly right."""
    result = kept(corpus_articles)
    assert {locale.lower() for locale in result.sentences} == {loc.lower() for loc in CORPUS_LOCALES}
    assert all(n >= 3000 for n in result.sentences.values()), result.sentences
    assert all(rate < 20 for rate in result.per_thousand().values()), result.per_thousand()
