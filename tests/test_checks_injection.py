"""Error injection: for every check, real pairs of the corpus, broken the way that check must notice.

Each case picks a real pair (one the check does not already flag), asserts the clean
version is not reported, injects the error and asserts the finding lands on that pair
(same segment id, line and column) or, for file-level checks, on the right line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from checks_support import edit_text, findings_at, rewrite

from toolkit.checks import CHECKS, Scope
from toolkit.inline import render
from toolkit.model import Article, Code, Part, Segment
from toolkit.rules.extract import RULE_BLOCKS, classify
from toolkit.rules.modality import english_cues, lexicon

pytestmark = pytest.mark.corpus

Pick = Callable[[Article, Segment], bool]
Change = Callable[[Article, Segment], Article]


@dataclass(frozen=True, slots=True)
class Case:
    code: str
    pick: Pick
    broken: Change
    clean: Change = lambda article, segment: article
    terms: tuple[str, ...] = ()


def _t(s: Segment) -> str:
    return s.target.markup


def _plain(s: Segment) -> bool:
    return not s.target.codes and not s.source.codes and s.target.markup == s.target.text


def fr(pick: Pick) -> Pick:
    return lambda a, s: a.locale == "fr-FR" and pick(a, s)


def target(change: Callable[[Segment], str]) -> Change:
    return lambda a, s: rewrite(a, s, target=change(s))


def both(suffix: str) -> Change:
    return lambda a, s: rewrite(a, s, source=s.source.markup + suffix, target=_t(s) + suffix)


def both_then(suffix: str, broken_suffix: str) -> Change:
    return lambda a, s: rewrite(a, s, source=s.source.markup + suffix, target=_t(s) + broken_suffix)


def _code(s: Segment, type_: str) -> Code | None:
    return next((c for c in s.target.codes if c.type == type_), None)


def _without_pair(s: Segment, type_: str, keep_text: bool, keep_codes: bool = False) -> str:
    """The translation with its first ``type_`` span's codes or text removed."""
    code = _code(s, type_)
    assert code is not None
    parts: list[Part] = []
    inside = False
    for part in s.target.parts:
        if isinstance(part, Code) and part.pair == code.pair:
            inside = not inside
            if keep_codes:
                parts.append(part)
            continue
        if keep_text or not inside:
            parts.append(part)
    return render(parts)


def _has(type_: str) -> Pick:
    return lambda a, s: _code(s, type_) is not None and any(c.type == type_ for c in s.source.codes)


def _digit_bump(markup: str) -> str:
    return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), markup, count=1)


def _rule_injection(kind: str, edit: Callable[[str], str], removes: str) -> tuple[Pick, Change]:
    """A French rule sentence whose English has a cue of ``kind``, and the edit that leaves its
    translation with no ``removes`` cue (``prohibition``: with one)."""
    french = lexicon("fr-FR")
    assert french is not None

    def pick(article: Article, segment: Segment) -> bool:
        english, translation = segment.source.text, segment.target.text
        if article.locale != "fr-FR" or not _plain(segment) or segment.block.kind not in RULE_BLOCKS:
            return False
        if classify(english) is None:
            return False
        cues = english_cues(english)
        wanted = bool(cues[kind]) and (kind != "possibility" or not cues["contrary"])
        if not wanted or (kind == "obligation" and any(cues[k] for k in ("negation", "possibility", "only"))):
            return False
        broken = edit(translation)
        left = french.find(removes, broken)
        return broken != translation and (bool(left) if removes == "prohibition" else not left)

    return pick, target(lambda s: edit(_t(s)))


def _sub(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, flags=re.IGNORECASE)


def _drop_negation(text: str) -> str:
    return re.sub(r"\s+pas\b", "", re.sub(r"\bne\s+|\bn[\u2019']", "", text))


RULE_CASES = [
    Case("R201", *_rule_injection("negation", _drop_negation, "negation")),
    Case("R202", *_rule_injection("obligation", _sub(r"\bdoi(?:t|vent)\b", "peut"), "obligation")),
    Case("R203", *_rule_injection("only", _sub(r"\b(?:seulement|uniquement)\s*", ""), "only")),
    Case("R204", *_rule_injection("possibility", _sub(r"\b(peut|peuvent|pouvez)\s+", r"ne \1 pas "), "prohibition")),
]
"""Rules kept in translation: a French rule sentence's negation dropped, "doit" made "peut", "only"
dropped, a permission negated (every locale's injections: ``tests/test_rules_modality.py``)."""


CASES = [
    Case("M001", fr(lambda a, s: "**" in _t(s) and "**" in s.source.markup), target(lambda s: _t(s).replace("**", "", 2))),
    Case("M002", _has("code"), target(lambda s: _t(s).replace("`", "", 2))),
    Case("M003", fr(_has("link")), target(lambda s: _without_pair(s, "link", keep_text=True))),
    Case("M004", fr(_has("link")), target(lambda s: _t(s).replace("](", "](changed-", 1))),
    Case("M005", fr(_has("link")), target(lambda s: _without_pair(s, "link", keep_text=False, keep_codes=True))),
    Case(
        "M006",
        lambda a, s: "<a href" in _t(s) and "<a href" in s.source.markup,
        target(lambda s: _t(s).replace('href="', 'href="/changed', 1)),
    ),
    Case(
        "M007",
        fr(lambda a, s: _plain(s)),
        both_then(" <xref:Microsoft.Dynamics.Project>", " <xref:Microsoft.Dynamics.Other>"),
        both(" <xref:Microsoft.Dynamics.Project>"),
    ),
    Case("M008", _has("include"), target(lambda s: _t(s).replace(".md)", "-x.md)", 1))),
    Case("M009", fr(_has("image")), target(lambda s: re.sub(r"\.(png|jpg|PNG|gif|svg)\)", r"-fr.\1)", _t(s), count=1))),
    Case(
        "M010",
        fr(lambda a, s: _plain(s)),
        lambda a, s: rewrite(a, s, source="[!NOTE] " + s.source.markup, target="[!REMARQUE] " + _t(s)),
        lambda a, s: rewrite(a, s, source="[!NOTE] " + s.source.markup, target="[!NOTE] " + _t(s)),
    ),
    Case(
        "M011",
        fr(lambda a, s: "<strong>" in _t(s) and "<strong>" in s.source.markup),
        target(lambda s: _t(s).replace("<strong>", "**", 1).replace("</strong>", "**", 1)),
    ),
    Case("M012", fr(lambda a, s: _plain(s)), both_then(" &lt;name&gt;", " name"), both(" &lt;name&gt;")),
    Case("M013", fr(lambda a, s: _plain(s)), both_then(" {0}", " {1}"), both(" {0}")),
    Case("C001", fr(lambda a, s: _plain(s) and bool(re.search(r"\d", _t(s)))), target(lambda s: _digit_bump(_t(s)))),
    Case(
        "C002",
        fr(lambda a, s: _plain(s)),
        both_then(" https://example.com/a", " https://example.com/b"),
        both(" https://example.com/a"),
    ),
    Case("C003", fr(lambda a, s: _plain(s)), both_then(" help@contoso.com", " aide@contoso.fr"), both(" help@contoso.com")),
    Case("C004", fr(lambda a, s: _plain(s) and s.source.markup.count(" ") >= 5), target(lambda s: s.source.markup)),
    Case(
        "C005",
        fr(lambda a, s: "Project Operations" in _t(s) and "Project Operations" in s.source.text),
        target(lambda s: _t(s).replace("Project Operations", "Opérations de projet")),
        terms=("Project Operations",),
    ),
    Case(
        "C006", fr(lambda a, s: _plain(s) and _t(s).count(" ") >= 4), target(lambda s: _t(s).replace(" ", " projet projet ", 1))
    ),
    Case("C007", fr(lambda a, s: _plain(s)), target(lambda s: _t(s) + " ")),
    Case("C008", fr(lambda a, s: _plain(s) and " " in _t(s)), target(lambda s: _t(s).replace(" ", "  ", 1))),
    Case("C009", fr(lambda a, s: _plain(s) and "(" in _t(s) and ")" in _t(s)), target(lambda s: _t(s).replace(")", "", 1))),
    Case("C010", fr(lambda a, s: _plain(s) and "«" in _t(s)), target(lambda s: _t(s).replace("»", "", 1))),
    Case(
        "C011", fr(lambda a, s: _plain(s) and _t(s).endswith(".") and s.source.markup.endswith(".")), target(lambda s: _t(s)[:-1])
    ),
    Case("C012", fr(lambda a, s: _plain(s) and "\u00a0:" in _t(s)), target(lambda s: _t(s).replace("\u00a0:", ":", 1))),
    Case("C013", fr(lambda a, s: _plain(s) and len(s.source.markup) >= 90), target(lambda s: _t(s)[: len(_t(s)) // 6])),
    Case("S001", fr(lambda a, s: True), lambda a, s: edit_text(a, a.text[s.target_span[1] : s.source_span[1] + 14], "</span>")),
    Case("S002", fr(lambda a, s: True), lambda a, s: edit_text(a, f'data-stu-id="{s.id}"', 'data-stu-id="00000-999"')),
    Case("S004", fr(lambda a, s: True), target(lambda s: "")),
    Case("S005", fr(lambda a, s: True), lambda a, s: rewrite(a, s, source="")),
    Case("S006", fr(lambda a, s: True), lambda a, s: edit_text(a, a.text[s.target_span[0] : s.target_span[1] + 7], _t(s))),
    *RULE_CASES,
]
"""Segment-level cases: the finding must carry the pair's id, line and column."""


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_injected_error_is_found_at_its_pair(case: Case, corpus_articles: list[Article]) -> None:
    options = {"terms": case.terms} if case.terms else {}
    for article, segment in ((a, s) for a in corpus_articles for s in a.segments if case.pick(a, s)):
        clean = case.clean(article, segment)
        if not findings_at([clean], case.code, segment.id, **options):
            break
    else:
        pytest.fail(f"no clean pair in the corpus for {case.code}")
    assert not findings_at([clean], case.code, segment.id, **options)
    broken = case.broken(article, segment)
    found = findings_at([broken], case.code, segment.id, **options)
    assert found, f"{case.code} missed the injected error in {segment.id}"
    # At the pair's opening span, or (reader diagnostics) at the exact offset inside it.
    assert (found[0].path, found[0].line) == (article.path, segment.line)
    assert segment.column <= found[0].column <= segment.column + len(segment.target.markup) + 200


def _first_with(corpus: list[Article], needle: str) -> Article:
    return next(a for a in corpus if a.locale == "fr-FR" and needle in a.text)


def _line_of(article: Article, needle: str) -> int:
    return article.text.count("\n", 0, article.text.index(needle)) + 1


FILE_CASES = [
    ("S007", "ms.topic", lambda a: edit_text(a, a.text[:1], "\ufeff" + a.text[:1]), 1),
    ("S008", "ms.contentlocale: fr-FR", lambda a: edit_text(a, "ms.contentlocale: fr-FR", "ms.contentlocale: de-DE"), None),
    ("S009", "ms.openlocfilehash:", lambda a: edit_text(a, "ms.openlocfilehash:", "ms.notlocfilehash:"), 1),
    ("S010", "ms.translationtype: HT", lambda a: edit_text(a, "ms.translationtype: HT", "ms.translationtype: XY"), None),
    ("M014", "> [!NOTE]", lambda a: edit_text(a, "> [!NOTE]", "> [!REMARQUE]"), None),
]


@pytest.mark.parametrize(("code", "needle", "change", "line"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_injected_file_error_is_found_on_its_line(
    code: str, needle: str, change: Callable[[Article], Article], line: int | None, corpus_articles: list[Article]
) -> None:
    article = _first_with(corpus_articles, needle)
    assert not findings_at([article], code)
    found = findings_at([change(article)], code)
    assert len(found) == 1
    assert found[0].path == article.path
    assert found[0].line == (line or _line_of(article, needle))


def test_duplicate_id_is_found_at_the_second_use(corpus_articles: list[Article]) -> None:
    article = next(a for a in corpus_articles if a.locale == "fr-FR" and len(a.segments) > 3)
    first, second = article.segments[1], article.segments[2]
    assert not findings_at([article], "S003")
    broken = edit_text(
        edit_text(article, f'data-ttu-id="{second.id}"', f'data-ttu-id="{first.id}"'),
        f'data-stu-id="{second.id}"',
        f'data-stu-id="{first.id}"',
    )
    found = findings_at([broken], "S003")
    assert [(f.segment_id, f.line, f.column) for f in found] == [(first.id, second.line, second.column)]


def _locale(corpus: list[Article], locale: str) -> list[Article]:
    return [a for a in corpus if a.locale == locale]


def _swap(articles: list[Article], changed: Article) -> list[Article]:
    return [changed if a.path == changed.path else a for a in articles]


def test_inconsistent_translation_is_found(corpus_articles: list[Article]) -> None:
    articles = _locale(corpus_articles, "fr-FR")
    targets: dict[str, Counter[str]] = {}
    for a in articles:
        for s in a.segments:
            targets.setdefault(s.source.text, Counter())[s.target.text] += 1
    english = next(e for e, t in targets.items() if e.count(" ") >= 3 and len(t) == 1 and sum(t.values()) >= 3)
    article, segment = next((a, s) for a in articles for s in a.segments if s.source.text == english)
    assert not findings_at(articles, "X001", segment.id)
    changed = rewrite(article, segment, target=segment.target.markup + " autrement")
    found = [f for f in findings_at(_swap(articles, changed), "X001", segment.id) if f.path == article.path]
    assert [(f.line, f.column) for f in found] == [(segment.line, segment.column)]


def test_same_translation_for_different_english_is_found(corpus_articles: list[Article]) -> None:
    articles = _locale(corpus_articles, "fr-FR")
    sources: dict[str, Counter[str]] = {}
    for a in articles:
        for s in a.segments:
            sources.setdefault(s.target.text, Counter())[s.source.text] += 1
    translation, english = next(
        (t, next(iter(e))) for t, e in sources.items() if t.count(" ") >= 3 and len(e) == 1 and sum(e.values()) >= 2
    )
    article, segment = next(
        (a, s)
        for a in articles
        for s in a.segments
        if s.source.text.count(" ") >= 3 and s.source.text != english and _plain(s) and not findings_at([a], "X002", s.id)
    )
    changed = rewrite(article, segment, target=translation)
    found = [f for f in findings_at(_swap(articles, changed), "X002", segment.id) if f.path == article.path]
    assert [(f.line, f.column) for f in found] == [(segment.line, segment.column)]


def test_every_check_has_an_injection_case() -> None:
    covered = {c.code for c in CASES} | {c[0] for c in FILE_CASES} | {"S003", "X001", "X002"}
    assert covered == set(CHECKS)
    assert all(CHECKS[c.code].scope is Scope.SEGMENT or c.code.startswith("S") for c in CASES)
