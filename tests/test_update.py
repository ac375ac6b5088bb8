"""Leverage, analysis and updated articles for a new English: synthetic cases and the real corpus."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import REAL, needs_corpus
from rapidfuzz import fuzz

from toolkit.align.sentences import compare_key, sentences_of
from toolkit.align.source import FolderEnglish, GitEnglish, detect_mapping
from toolkit.analysis import Analysis, parse_weights, source_count
from toolkit.checks import run_checks
from toolkit.commands.update import run_analyze, run_kit, run_update
from toolkit.docs import relative_path
from toolkit.formats.po import article_catalog, read_po
from toolkit.gitstore import GitStore
from toolkit.inline import parse_inline
from toolkit.leverage import Band, Entry, Memory, band_of, key_of, memory_of, placeable_text, words_of
from toolkit.merge import merge
from toolkit.model import Article
from toolkit.sxs import parse_article, read_article
from toolkit.update import EnglishFile, Planned, Planner, added_candidates, english_hash, with_edges_of, write_updated

FRONT = "---\ntitle: Titel\nms.openlocfilehash: 0000\nms.sourcegitcommit: 1111\nms.contentlocale: de-DE\n---\n"


def pair(segment_id: str, target: str, source: str) -> str:
    return (
        f'<span data-ttu-id="{segment_id}">{target}</span><span class="sxs-lookup">'
        f'<span data-stu-id="{segment_id}">{source}</span></span>'
    )


def bilingual(*blocks: list[tuple[str, str]], prefix: str = "abcde", heading: str = "") -> str:
    """An sxs article: each block a paragraph of (translation, English) sentences, numbered from 101."""
    number = 100
    lines = []
    if heading:
        number += 1
        lines.append("# " + pair(f"{prefix}-{number}", heading.upper(), heading))
    for block in blocks:
        pieces = []
        for target, source in block:
            number += 1
            pieces.append(pair(f"{prefix}-{number}", target, source))
        lines.append(" ".join(pieces))
    return FRONT + "\n" + "\n\n".join(lines) + "\n"


def translated(english: str) -> str:
    """The stand-in translation of an English sentence."""
    return "DE " + english


def article(tmp_path: Path, name: str, *blocks: list[str], heading: str = "") -> Article:
    path = tmp_path / "sxs" / "de-DE" / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bilingual(*[[(translated(s), s) for s in b] for b in blocks], heading=heading), encoding="utf-8")
    return read_article(path)


def english(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / "en" / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def plan(tmp_path: Path, articles: list[Article]) -> list[Planned]:
    source = FolderEnglish(tmp_path / "en")
    files = source.paths("")
    mapping = detect_mapping([f for f in files if f.endswith(".md")], [relative_path(a.path) for a in articles])
    outputs = [(a.path.split("sxs/", 1)[1], a) for a in articles]
    covered = [mapping.english_path(relative_path(a.path, a.locale)) or "" for a in articles]
    return list(Planner(source, "", mapping).plan("de-DE", outputs, memory_of(articles), added_candidates(files, covered)))


def bands(planned: Planned) -> list[tuple[str, Band]]:
    return [(item.sentence.text, item.band) for item in planned.leveraged]


OLD = ["One is first.", "Two follows one.", "Three ends it."]


def test_match_classes(tmp_path: Path) -> None:
    old = article(tmp_path, "a.md", OLD, ["Select **Save** to keep the record for later use."])
    english(
        tmp_path,
        "a.md",
        "---\ntitle: A\n---\n\nOne is first. Two follows one. Three ends it.\n\n"
        "Brand new sentence here. Two follows one.\n\n"
        "Select **Save** to keep the record for later usage.\n\nRepeat me. Repeat me.\n",
    )
    planned = plan(tmp_path, [old])[0]
    assert bands(planned) == [
        ("One is first.", Band.CONTEXT),
        ("Two follows one.", Band.CONTEXT),
        ("Three ends it.", Band.EXACT),  # its neighbour changed
        ("Brand new sentence here.", Band.NEW),
        ("Two follows one.", Band.EXACT),
        ("Select Save to keep the record for later usage.", Band.FUZZY_95),
        ("Repeat me.", Band.NEW),
        ("Repeat me.", Band.REPETITION),
    ]
    fuzzy = planned.leveraged[5]
    assert fuzzy.translation is None
    assert fuzzy.suggestions[0].entry.target.text == "DE Select Save to keep the record for later use."
    assert planned.leveraged[4].translation is not None
    assert planned.leveraged[4].translation.target.text == "DE Two follows one."


def test_a_changed_link_target_with_the_same_words_is_not_exact() -> None:
    old = parse_inline("See [the overview](overview.md) first.")
    new = parse_inline("See [the overview](overview-new.md) first.")
    assert compare_key(old) == compare_key(new)  # the same words…
    assert key_of(old) != key_of(new)  # …but not the same sentence to leverage
    memory = Memory()
    memory.add(Entry.of(old, parse_inline("Siehe [die Übersicht](overview.md) zuerst."), "x.md", "a-1"))
    assert memory.exact(key_of(new)) is None
    [suggestion] = memory.fuzzy(new)
    assert 95 <= suggestion.score <= 99 and band_of(suggestion.score) is Band.FUZZY_95


def test_fuzzy_suggestions_are_the_best_scores_of_the_entries_sharing_a_word() -> None:
    """In a memory smaller than the candidates scored, every entry sharing a word with the
    query is scored: the suggestions are the best three by rapidfuzz's ratio (rounded down,
    at most 99), ties in memory order, the query's own English left out."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    english_sentences = [" ".join(words[(i * 3 + j) % 8] for j in range(2 + i % 4)) + "." for i in range(24)]
    memory = Memory()
    for number, sentence in enumerate(english_sentences):
        memory.add(Entry.of(parse_inline(sentence), parse_inline("DE " + sentence), "m.md", f"m-{number}"))
    for query in ("alpha beta gamma delta.", "zeta eta theta alpha beta.", english_sentences[5]):
        inline = parse_inline(query)
        text = placeable_text(inline)
        firsts: dict[str, tuple[int, int]] = {}
        for number, sentence in enumerate(english_sentences):
            other = parse_inline(sentence)
            score = min(int(fuzz.ratio(text, placeable_text(other))), 99)
            if score >= 50 and key_of(other) != key_of(inline) and words_of(text) & words_of(placeable_text(other)):
                firsts.setdefault(key_of(other), (score, -number))
        best = sorted(firsts.values(), reverse=True)[:3]
        found = memory.fuzzy(inline)
        assert [(s.score, s.entry.segment) for s in found] == [(score, f"m-{-number}") for score, number in best]
        assert found and all(s.entry.target.markup == "DE " + s.entry.source.markup for s in found)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<strong>Details</strong>", "**Details**"),
        ('Read <a href="a.md">this</a>.', "Read [this](a.md)."),
        ("*Note* well.", "<em>Note</em> well."),
    ],
)
def test_the_same_words_in_other_markup_syntax_are_not_exact(old: str, new: str) -> None:
    before, after = parse_inline(old), parse_inline(new)
    assert compare_key(before) == compare_key(after)
    assert [(c.kind, c.type) for c in before.codes] == [(c.kind, c.type) for c in after.codes]
    assert key_of(before) != key_of(after)
    memory = Memory()
    memory.add(Entry.of(before, before, "x.md", "a-1"))
    assert memory.exact(key_of(after)) is None
    assert memory.exact(key_of(parse_inline(old))) is not None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, Band.FUZZY_95),
        (95, Band.FUZZY_95),
        (94, Band.FUZZY_85),
        (75, Band.FUZZY_75),
        (74, Band.FUZZY_50),
        (50, Band.FUZZY_50),
        (49, Band.NEW),
    ],
)
def test_bands(score: int, band: Band) -> None:
    assert band_of(score) is band


def test_moved_split_and_merged_sentences(tmp_path: Path) -> None:
    old = article(
        tmp_path,
        "a.md",
        [
            "Open the project list in the workspace.",
            "Select the project that you want.",
            "Close it when you finish the review.",
            "Then sign out.",
        ],
    )
    english(
        tmp_path,
        "a.md",
        "Close it when you finish the review.\n\n"  # moved
        "Open the project list. It is in the workspace.\n\n"  # split in two
        "Select the project that you want and then sign out.\n",
    )  # two merged into one
    found = dict(bands(plan(tmp_path, [old])[0]))
    assert found["Close it when you finish the review."] is Band.EXACT
    assert found["Open the project list."] in (Band.FUZZY_75, Band.FUZZY_50)
    assert found["Select the project that you want and then sign out."] in (Band.FUZZY_85, Band.FUZZY_75)


def test_deleted_added_and_renamed_articles(tmp_path: Path) -> None:
    kept = article(tmp_path, "kept.md", ["Kept sentence."])
    gone = article(tmp_path, "gone.md", ["Gone sentence."])
    renamed = article(tmp_path, "old-name.md", ["A sentence that moves with its article.", "Another one."])
    english(tmp_path, "kept.md", "Kept sentence.\n")
    english(tmp_path, "new-name.md", "A sentence that moves with its article. Another one.\n")
    english(tmp_path, "fresh.md", "# Nothing here was translated\n\nWholly different words appear.\n")
    planned = {p.output: p for p in plan(tmp_path, [kept, gone, renamed])}
    assert planned["de-DE/articles/gone.md"].status == "deleted"
    assert planned["de-DE/articles/old-name.md"].status == "deleted"
    moved = planned["de-DE/articles/new-name.md"]
    assert moved.status == "added" and {b for _, b in bands(moved)} == {Band.EXACT}
    fresh = planned["de-DE/articles/fresh.md"]
    assert fresh.status == "added" and {b for _, b in bands(fresh)} == {Band.NEW}
    written = write_updated(fresh)
    result = parse_article(written.text, "fresh.md")
    assert not result.diagnostics
    assert [s.source.text for s in result.segments] == ["Nothing here was translated", "Wholly different words appear."]
    assert all(s.target.markup == s.source.markup for s in result.segments)  # pending: English in both halves
    assert "ms.contentlocale: de-DE" in result.front_matter


def test_updated_article_keeps_ids_and_translations(tmp_path: Path) -> None:
    old = article(tmp_path, "a.md", OLD, ["Last one."], heading="Title here")
    text = (
        "---\ntitle: A\n---\n# Title here\n\n> [!NOTE]\n> One is first. Two follows one.\n> Three ends\n"
        "> it. Inserted.\n\nLast one.\n"
    )
    english(tmp_path, "a.md", text)
    planned = plan(tmp_path, [old])[0]
    written = write_updated(planned, commit="2222")
    result = parse_article(written.text, "a.md")
    assert not result.diagnostics
    assert [compare_key(s.source) for s in result.segments] == [s.key for s in sentences_of(text)]
    by_english = {s.source.text: s for s in result.segments}
    assert by_english["Title here"].id == "abcde-101" and by_english["Title here"].target.text == "TITLE HERE"
    assert by_english["One is first."].id == "abcde-102"
    assert by_english["Last one."].id == "abcde-105" and by_english["Last one."].target.text == "DE Last one."
    assert by_english["Three ends it."].target.text == "DE Three ends it."  # lines joined, translation reused
    assert by_english["Inserted."].id == "abcde-106" and by_english["Inserted."].target.text == "Inserted."
    assert "ms.sourcegitcommit: 2222" in result.front_matter
    assert f"ms.openlocfilehash: {english_hash(text)}" in result.front_matter
    assert "title: Titel" in result.front_matter  # the translation's front matter, not the English one
    assert written.text.endswith("\n> [!NOTE]\n> " + written.text.split("> [!NOTE]\n> ", 1)[1])


@pytest.mark.parametrize(
    ("english", "translation", "expected"),
    [
        ("Scenario", "\nSzenario\n", "Szenario"),
        (" Scenario", "Szenario ", " Szenario"),
        ("Scenario\t", "\u00a0Szenario", "Szenario\t"),
        ("Scenario", "Szenario", "Szenario"),
        ("Scenario", "   ", "   "),
    ],
)
def test_a_reused_translation_takes_the_edges_of_its_new_english(english: str, translation: str, expected: str) -> None:
    assert with_edges_of(english, translation) == expected


def test_updated_articles_have_the_edges_of_the_new_english(tmp_path: Path) -> None:
    path = tmp_path / "sxs" / "de-DE" / "articles" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text(FRONT + "\n" + pair("abcde-101", "\nDE One is first.\n", "\nOne is first.\n") + "\n", encoding="utf-8")
    english(tmp_path, "a.md", "---\ntitle: A\n---\n\nOne is first.\n")
    planned = plan(tmp_path, [read_article(path)])[0]
    assert [item.band for item in planned.leveraged] == [Band.CONTEXT]
    result = parse_article(write_updated(planned).text, "a.md")
    assert [(s.target.markup, s.source.markup) for s in result.segments] == [("DE One is first.", "One is first.")]
    assert [f.code for f in run_checks([result]) if f.code == "C007"] == []


def test_english_hash_is_the_crlf_sha1() -> None:
    assert english_hash("a\nb\n") == english_hash("a\r\nb\r\n") == hashlib.sha1(b"a\r\nb\r\n").hexdigest()


def test_words_leave_out_code_urls_and_placeholders() -> None:
    counted = source_count(parse_inline("Run `git status`, open https://example.com/a and type {0} or %s **now**."))
    assert counted.words == 6  # Run, open, and, type, or, now


def test_weights_are_configurable() -> None:
    weights = parse_weights("exact=0.3, new=1.2")
    assert weights[Band.EXACT] == 0.3 and weights[Band.NEW] == 1.2 and weights[Band.CONTEXT] == 0.0
    with pytest.raises(ValueError):
        parse_weights("nonsense=1")


def test_analysis_counts_every_sentence_once(tmp_path: Path) -> None:
    old = article(tmp_path, "a.md", OLD)
    english(tmp_path, "a.md", "One is first. Two follows one. Three ends it. Four is new here.\n")
    analysis = Analysis()
    for planned in plan(tmp_path, [old]):
        analysis.add(planned)
    total = analysis.locales["de-DE"]
    assert total.bands[Band.CONTEXT].segments == 2 and total.bands[Band.EXACT].segments == 1
    assert total.bands[Band.NEW].segments == 1
    assert total.bands[Band.NEW].words == 4
    assert total.weighted(parse_weights("")) == 4.0 + 3 * 0.25


def _args(tmp_path: Path, **more: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "paths": [str(tmp_path / "sxs")],
        "source": str(tmp_path / "en"),
        "source_repo": None,
        "to": None,
        "tm": [],
        "jobs": 1,
        "quiet": True,
    }
    return argparse.Namespace(**(values | more))


def test_update_and_analyze_commands(tmp_path: Path) -> None:
    article(tmp_path, "a.md", OLD)
    english(tmp_path, "a.md", "One is first. Two follows one. Three ends it. Four is new here.\n")
    assert run_update(_args(tmp_path, output=str(tmp_path / "out"))) == 0
    updated = read_article(tmp_path / "out" / "de-DE" / "articles" / "a.md")
    assert [s.target.text for s in updated.segments][-1] == "Four is new here."
    manifest = json.loads((tmp_path / "out" / "pending.json").read_text("utf-8"))
    assert manifest["articles"]["de-DE/articles/a.md"]["pending"][0]["id"] == updated.segments[-1].id
    assert run_analyze(_args(tmp_path, format="json", weights="", output=str(tmp_path / "a.json"))) == 0
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert data["locales"]["de-DE"]["classes"]["context"]["segments"] == 2


@needs_corpus
def test_corpus_articles_update_to_a_later_snapshot() -> None:
    """A sample of the German articles updated to the 2021-12-22 English: each parses
    cleanly, its English halves are the new English sentences, reused translations are the old
    ones (white space at their edges that of the new English), and a heading whose English is
    unchanged has the anchors it had."""
    files = sorted((REAL / "sxs" / "de-DE" / "articles").rglob("*.md"))[::5]
    articles = [read_article(p) for p in files]
    source = FolderEnglish(REAL / "source" / "2021-12-22")
    mapping = detect_mapping([f for f in source.paths("") if f.endswith(".md")], [relative_path(a.path) for a in articles])
    memory = memory_of(articles)
    planner = Planner(source, "", mapping)
    written = anchors = 0
    for planned in planner.plan("de-DE", [(a.path, a) for a in articles], memory):
        assert planned.english is not None and planned.previous is not None
        text = write_updated(planned).text
        before = _anchors(Path(planned.previous.path).read_text("utf-8"))
        after = _anchors(text)
        assert {k: v for k, v in before.items() if k in after} == {k: after[k] for k in before if k in after}
        anchors += len(after)
        result = parse_article(text, planned.output)
        assert not result.diagnostics, planned.output
        assert [compare_key(s.source) for s in result.segments] == [s.key for s in sentences_of(planned.english)]
        old = dict(zip(planned.previous.segments.ids, planned.previous.segments.targets, strict=True))
        for item, segment in zip(planned.leveraged, result.segments, strict=True):
            if item.band.reused:
                entry = item.suggestions[0].entry
                assert segment.target.markup == with_edges_of(segment.source.markup, entry.target.markup)
                assert segment.target.markup.strip() == entry.target.markup.strip()
                if item.band is Band.CONTEXT:
                    assert old[entry.segment] == entry.target.markup
        written += 1
    assert written == len(articles) >= 100
    assert anchors >= 300


ENGLISH_GIT = REAL / "source" / "english.git"
LATER = "18d20c9febf240367f6d0bb70f13c420ec1540e5"
"""The commit of the ``source/2021-12-22`` snapshot."""


@needs_corpus
@pytest.mark.exhaustive
@pytest.mark.parametrize("from_git", [False, True], ids=["snapshot", "git"])
def test_every_locale_updates_to_the_later_english(from_git: bool) -> None:
    """All twelve locales updated to the later English, read from the folder snapshot or from
    git at its commit: every updated article parses with no diagnostics, its English halves
    are the new English sentences in order, every reused translation (context or exact match)
    is the old translation of the segment it names, and each locale reuses most sentences."""
    store = GitStore(str(ENGLISH_GIT)) if from_git else None
    english = GitEnglish(store, LATER) if store is not None else FolderEnglish(REAL / "source" / "2021-12-22")
    revision = LATER if from_git else ""
    files = english.paths(revision)
    by_locale: dict[str, list[Article]] = {}
    for path in sorted((REAL / "sxs").rglob("*.md")):
        article = read_article(path)
        by_locale.setdefault(article.locale, []).append(article)
    every = [relative_path(a.path) for articles in by_locale.values() for a in articles]
    mapping = detect_mapping([f for f in files if f.endswith(".md")], every)
    planner = Planner(english, revision, mapping)
    assert len(by_locale) == 12
    for locale, articles in by_locale.items():
        old = {(a.path, s.id): s.target.markup for a in articles for s in a.segments}
        covered = [mapping.english_path(relative_path(a.path, a.locale)) or "" for a in articles]
        sentences = reused = 0
        plans = planner.plan(locale, [(a.path, a) for a in articles], memory_of(articles), added_candidates(files, covered))
        for planned in plans:
            if planned.english is None:
                continue
            result = parse_article(write_updated(planned, revision).text, planned.output)
            empty = not planned.leveraged  # English with no sentence (an image-only include): no pair to read
            assert [d.code for d in result.diagnostics] == (["P025"] if empty else []), planned.output
            assert [compare_key(s.source) for s in result.segments] == [s.key for s in sentences_of(planned.english)]
            for item, segment in zip(planned.leveraged, result.segments, strict=True):
                if item.band.reused:
                    entry = item.suggestions[0].entry
                    assert old[entry.origin, entry.segment] == entry.target.markup, planned.output
                    assert segment.target.markup == with_edges_of(segment.source.markup, entry.target.markup)
                    reused += 1
            sentences += len(planned.leveraged)
        assert sentences >= 30000 and reused >= 0.85 * sentences, locale
    if store is not None:
        store.close()


_ANCHORED = re.compile(r'(?m)^[ \t]*#{1,6}[ \t]+((?:<a\s+name="[^"]*"></a>)+)(.*)$')


def _anchors(text: str) -> dict[str, str]:
    """The anchors of each heading, by the heading's English halves."""
    found = {}
    for match in _ANCHORED.finditer(text):
        english = re.findall(r'data-stu-id="[^"]*">(.*?)</span></span>', match.group(2))
        found[" ".join(english) or match.group(2)] = re.sub(r"\s+", " ", match.group(1))
    return found


def test_headings_get_the_pipelines_anchor(tmp_path: Path) -> None:
    old = article(tmp_path, "a.md", ["First sentence."], heading="Work with projects")
    english(
        tmp_path,
        "a.md",
        "# Work with projects\n\nFirst sentence.\n\n## Set up the *Save* rule (optional) ##\n\n"
        '### <a name="own"></a>Assign [!INCLUDE[pn_psa](../includes/psa.md)] roles\n\nHeading\n=======\n',
    )
    text = write_updated(plan(tmp_path, [old])[0]).text
    assert '\n# <a name="work-with-projects"></a><span data-ttu-id="abcde-101">WORK WITH PROJECTS</span>' in text
    assert '\n## <a name="set-up-the-save-rule-optional"></a><span data-ttu-id=' in text
    assert '\n### <a name="assign-pn_psa-roles"></a><a name="own"></a><span data-ttu-id=' in text
    assert '\n<span data-ttu-id="abcde-105">Heading</span>' in text  # a setext heading is left as it is (the corpus has none)
    assert text.count("<a name=") == 4
    assert not parse_article(text, "a.md").diagnostics


def test_a_tm_file_gives_exact_matches(tmp_path: Path) -> None:
    other = article(tmp_path, "other.md", ["Only the memory knows this sentence."])
    catalog = article_catalog(other)
    catalog.save(str(tmp_path / "memory.po"))
    other_path = Path(other.path)
    other_path.unlink()
    article(tmp_path, "a.md", OLD)
    english(tmp_path, "a.md", "One is first. Only the memory knows this sentence.\n")
    assert (
        run_analyze(_args(tmp_path, format="json", weights="", output=str(tmp_path / "a.json"), tm=[str(tmp_path / "memory.po")]))
        == 0
    )
    with_memory = json.loads((tmp_path / "a.json").read_text("utf-8"))["locales"]["de-DE"]["classes"]
    spread = _args(
        tmp_path, format="json", weights="", output=str(tmp_path / "a2.json"), tm=[str(tmp_path / "memory.po")], jobs=2
    )
    assert run_analyze(spread) == 0  # each worker makes the memory itself, --tm entries included
    assert (tmp_path / "a2.json").read_bytes() == (tmp_path / "a.json").read_bytes()
    assert run_analyze(_args(tmp_path, format="json", weights="", output=str(tmp_path / "b.json"))) == 0
    without = json.loads((tmp_path / "b.json").read_text("utf-8"))["locales"]["de-DE"]["classes"]
    assert with_memory["exact"]["segments"] == without["exact"]["segments"] + 1
    assert with_memory["new"]["segments"] == without["new"]["segments"] - 1


def test_moved_split_merged_and_relinked_sentences_through_update_and_kit(tmp_path: Path) -> None:
    """The kit offers the old translations where the English moved, split, merged or changed
    a link; accepting a suggestion whose link is now wrong is refused by merge."""
    article(
        tmp_path,
        "a.md",
        ["Open the project list in the workspace.", "Close it when you finish the review."],
        ["Select the project that you want.", "Then sign out."],
        ["See [the overview](overview.md) first."],
    )
    english(
        tmp_path,
        "a.md",
        "Close it when you finish the review.\n\n"  # moved
        "Open the project list. It is in the workspace.\n\n"  # split in two
        "Select the project that you want and then sign out.\n\n"  # two merged into one
        "See [the overview](overview-new.md) first.\n",  # a link target changed, same words
    )
    assert run_update(_args(tmp_path, output=str(tmp_path / "out"))) == 0
    updated = read_article(tmp_path / "out" / "de-DE" / "articles" / "a.md")
    moved = updated.segments[0]
    assert (moved.id, moved.target.text) == ("abcde-102", "DE Close it when you finish the review.")  # id and translation kept
    assert run_kit(_args(tmp_path, formats=["po"], output=str(tmp_path / "kit"))) == 0
    po = tmp_path / "kit" / "po" / "de-DE" / "articles" / "a.po"
    entries = {e.msgid: e for e in polib.pofile(str(po), wrapwidth=0)}
    assert "read-only" in entries["Close it when you finish the review."].flags
    assert entries["Open the project list."].msgstr == "DE Open the project list in the workspace."
    assert entries["Select the project that you want and then sign out."].previous_msgid in (
        "Select the project that you want.",
        "Then sign out.",
    )
    relinked = entries["See [the overview](overview-new.md) first."]
    assert "fuzzy" in relinked.flags and relinked.previous_msgid == "See [the overview](overview.md) first."
    assert relinked.msgstr == "DE See [the overview](overview.md) first."
    catalog = polib.pofile(str(po), wrapwidth=0)
    for entry in catalog:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]  # every suggestion accepted as it is
    catalog.save(str(po))
    result = merge([updated], [(str(po), read_po(po))])
    refused = [d for d in result.diagnostics if d.code == "T004"]
    assert len(refused) == 1 and not [d for d in result.diagnostics if d.code != "T004"]
    [finished] = result.articles
    assert next(s for s in finished.segments if "overview" in s.source.markup).target.markup == relinked.msgid  # still pending


def test_update_and_kit_of_deleted_added_and_renamed_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article(tmp_path, "kept.md", ["Kept sentence."])
    article(tmp_path, "gone.md", ["Gone sentence."])
    article(tmp_path, "old-name.md", ["A sentence that moves with its article.", "Another one."])
    english(tmp_path, "kept.md", "Kept sentence.\n")
    english(tmp_path, "new-name.md", "A sentence that moves with its article. Another one.\n")
    english(tmp_path, "fresh.md", "# Nothing here was translated\n\nWholly different words appear.\n")
    out = tmp_path / "out"
    assert run_update(_args(tmp_path, output=str(out))) == 0
    err = capsys.readouterr().err
    assert "1 articles updated, 2 added, 2 deleted; 5 sentences, 3 translations reused, 2 pending" in err
    assert err.count("is gone; not written") == 2
    written = sorted(p.relative_to(out / "de-DE" / "articles").as_posix() for p in out.rglob("*.md"))
    assert written == ["fresh.md", "kept.md", "new-name.md"]
    renamed = read_article(out / "de-DE" / "articles" / "new-name.md")
    assert [s.target.text for s in renamed.segments] == ["DE A sentence that moves with its article.", "DE Another one."]
    fresh = read_article(out / "de-DE" / "articles" / "fresh.md")
    assert all(s.target.markup == s.source.markup for s in fresh.segments)  # every sentence new: English in both halves
    assert run_kit(_args(tmp_path, formats=["po"], output=str(tmp_path / "kit"))) == 0
    kits = sorted(p.name for p in (tmp_path / "kit").rglob("*.po"))
    assert kits == ["fresh.po"]  # the other articles have nothing left to do
    entries = list(polib.pofile(str(next((tmp_path / "kit").rglob("fresh.po")))))
    assert [(e.msgid, e.msgstr, e.flags) for e in entries] == [
        ("Nothing here was translated", "", []),
        ("Wholly different words appear.", "", []),
    ]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_commands_spread_over_processes_plan_as_one_job(tmp_path: Path) -> None:
    """The commands plan each article in a worker process, given the locale's memory and the
    English its earlier articles had: the classes are those of one job over the locale (a
    sentence new in one article is a repetition in the next, and in an added one), and the
    outputs are the same bytes with one process or two."""
    a = article(tmp_path, "a.md", OLD)
    linked = tmp_path / "sxs" / "de-DE" / "articles" / "b.md"
    linked.write_text(
        bilingual([("DE Read [the guide][g] first.", "Read [the guide][g] first."), ("DE Then stop.", "Then stop.")])
        + "\n[g]: guide.md\n",
        encoding="utf-8",
    )
    b = read_article(linked)
    english(tmp_path, "a.md", "One is first. Two follows one. Shared new words here.\n")
    english(tmp_path, "b.md", "Read [the guide][g] now. Shared new words here. Then stop.\n\n[g]: guide.md\n")
    english(tmp_path, "c.md", "Shared new words here. Read [the guide][g] now.\n\n[g]: guide.md\n")
    expected = {p.output: bands(p) for p in plan(tmp_path, [a, b])}
    assert expected["de-DE/articles/b.md"][1] == ("Shared new words here.", Band.REPETITION)
    assert expected["de-DE/articles/c.md"][0] == ("Shared new words here.", Band.REPETITION)
    results = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        assert run_update(_args(tmp_path, jobs=jobs, output=str(out / "update"))) == 0
        assert run_kit(_args(tmp_path, jobs=jobs, formats=["xliff12", "po"], output=str(out / "kit"))) == 0
        assert run_analyze(_args(tmp_path, jobs=jobs, format="csv", weights="", output=str(out / "analysis.csv"))) == 0
        results[jobs] = _tree(out)
    assert results[1] == results[2]
    rows = (tmp_path / "out2" / "analysis.csv").read_text("utf-8").splitlines()[1:]
    found = {}
    for row in rows:
        _, name, _, band, segments, *_ = row.split(",")
        if name != "*" and int(segments):
            found[(name, Band(band))] = int(segments)
    wanted: dict[tuple[str, Band], int] = {}
    for name, classes in expected.items():
        for _, band in classes:
            wanted[(name, band)] = wanted.get((name, band), 0) + 1
    assert found == wanted


def test_two_inputs_for_one_output_file_are_written_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Workers write the updated articles; the second article of two input folders that
    mirror to the same output path is refused (O001) and leaves no temporary file."""
    article(tmp_path, "a.md", OLD)
    twin = tmp_path / "twin" / "de-DE" / "articles" / "a.md"
    twin.parent.mkdir(parents=True)
    twin.write_bytes((tmp_path / "sxs" / "de-DE" / "articles" / "a.md").read_bytes())
    english(tmp_path, "a.md", "One is first. Two follows one. Three ends it.\n")
    out = tmp_path / "out"
    paths = [str(tmp_path / "sxs"), str(tmp_path / "twin")]
    assert run_update(_args(tmp_path, paths=paths, jobs=2, output=str(out))) == 1
    assert "already written by this run [O001]" in capsys.readouterr().err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "de-DE",
        "de-DE/articles",
        "de-DE/articles/a.md",
        "loctk-manifest.json",
        "pending.json",
    ]


def test_each_english_file_is_cut_once_for_every_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Locales translated from the same English share its cut: one read per English file
    for the whole command, the added article's included, whatever the number of locales."""
    article(tmp_path, "a.md", OLD)
    french = tmp_path / "sxs" / "fr-fr" / "articles" / "a.md"
    french.parent.mkdir(parents=True)
    french.write_text(bilingual([("FR " + s, s) for s in OLD]).replace("de-DE", "fr-fr"), encoding="utf-8")
    english(tmp_path, "a.md", "One is first. Two follows one. Four is new.\n")
    english(tmp_path, "b.md", "Two follows one.\n")
    reads: list[str] = []
    real = Planner.read

    def read(self: Planner, path: str) -> EnglishFile | None:
        reads.append(path)
        return real(self, path)

    monkeypatch.setattr(Planner, "read", read)
    assert run_update(_args(tmp_path, output=str(tmp_path / "out"))) == 0
    assert sorted(reads) == ["articles/a.md", "articles/b.md"]
    for locale, word in (("de-DE", "DE"), ("fr-fr", "FR")):
        added = read_article(tmp_path / "out" / locale / "articles" / "b.md")
        assert [s.target.markup for s in added.segments] == [f"{word} Two follows one."]


def test_several_locales_spread_over_processes_each_plan_from_their_own_memory(tmp_path: Path) -> None:
    """A locale is planned by one task (the last shared out) while the next is parsed: with
    four locales of three articles, two processes write the bytes one does, and a sentence
    only one locale had translated is reused in that locale alone."""
    english(tmp_path, "a.md", "One is first. Two follows one.\n")
    english(tmp_path, "b.md", "Three ends it. Only nb has this.\n")
    english(tmp_path, "c.md", "Two follows one. Brand new here.\n")
    for locale in ("de-DE", "fr-FR", "nb-NO", "zh-CN"):
        folder = tmp_path / "sxs" / locale / "articles"
        folder.mkdir(parents=True)
        extra = [("NB Only nb has this.", "Only nb has this.")] if locale == "nb-NO" else []
        texts = {
            "a.md": bilingual([(f"{locale} One.", "One is first."), (f"{locale} Two.", "Two follows one.")]),
            "b.md": bilingual([(f"{locale} Three.", "Three ends it."), *extra]),
            "c.md": bilingual([(f"{locale} Old.", "Old sentence.")]),
        }
        for name, text in texts.items():
            (folder / name).write_text(text.replace("ms.contentlocale: de-DE", f"ms.contentlocale: {locale}"), "utf-8")
    results = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        assert run_update(_args(tmp_path, jobs=jobs, output=str(out / "update"))) == 0
        assert run_kit(_args(tmp_path, jobs=jobs, formats=["xliff12"], output=str(out / "kit"))) == 0
        results[jobs] = _tree(out)
    assert results[1] == results[2]
    for locale in ("de-DE", "fr-FR", "nb-NO", "zh-CN"):
        c = results[2][f"update/{locale}/articles/c.md"].decode()
        assert f"{locale} Two." in c  # from the locale's own a.md
        assert not any(f"{other} Two." in c for other in ("de-DE", "fr-FR", "nb-NO", "zh-CN") if other != locale)
        b = results[2][f"update/{locale}/articles/b.md"].decode()
        assert ("NB Only nb has this." in b) == (locale == "nb-NO")


def test_english_with_crlf_line_ends_updates_alike_from_git_and_from_a_folder(tmp_path: Path) -> None:
    """An English file with CR LF (or lone CR) line ends gives the same LF article whether the
    English is a folder or a git blob (git keeps the bytes; a text-mode read does not)."""
    old = article(tmp_path, "a.md", OLD)
    text = "---\r\ntitle: A\r\n---\r\n\r\n# Head\r\n\r\nOne is first. Two follows one.\r\n\r\n- New item.\rThree ends it.\r\n"
    english(tmp_path, "a.md", "")
    (tmp_path / "en" / "articles" / "a.md").write_bytes(text.encode("utf-8"))
    git = ["git", "-C", str(tmp_path / "en"), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "core.autocrlf=false"]
    for arguments in (["init", "-q"], ["add", "."], ["commit", "-qm", "a"]):
        subprocess.run([*git, *arguments], check=True, capture_output=True)
    written = []
    with GitStore(str(tmp_path / "en" / ".git")) as store:
        commit = store.commit("HEAD")
        assert commit is not None
        for source, revision in ((FolderEnglish(tmp_path / "en"), ""), (GitEnglish(store, commit), commit)):
            mapping = detect_mapping([f for f in source.paths(revision) if f.endswith(".md")], [relative_path(old.path)])
            (planned,) = Planner(source, revision, mapping).plan("de-DE", [(old.path, old)], memory_of([old]))
            written.append(write_updated(planned, "c0ffee").text)
    assert written[0] == written[1] and "\r" not in written[0]
    result = parse_article(written[0], "a.md")
    assert not result.diagnostics and [s.source.text for s in result.segments][-2:] == ["New item.", "Three ends it."]


@pytest.mark.parametrize("jobs", [1, 2])
def test_locales_sharing_a_folder_are_planned_each_from_their_own_memory(tmp_path: Path, jobs: int) -> None:
    """Articles of two locales in one folder whose name is no locale (here ``ca-es-valencia``,
    a variant tag of the Docs pipeline): each locale is planned against its own articles, so a
    translation is never reused in another language."""
    english(tmp_path, "a.md", "One is first. Only fr has this.\n")
    english(tmp_path, "b.md", "One is first. Only fr has this.\n")
    folder = tmp_path / "sxs" / "ca-es-valencia" / "articles"
    folder.mkdir(parents=True)
    for name, locale, extra in (("a.md", "de-DE", []), ("b.md", "fr-FR", [("FR Only fr has this.", "Only fr has this.")])):
        text = bilingual([(f"{locale} One.", "One is first."), *extra])
        (folder / name).write_text(text.replace("ms.contentlocale: de-DE", f"ms.contentlocale: {locale}"), "utf-8")
    out = tmp_path / "out"
    assert run_update(_args(tmp_path, jobs=jobs, output=str(out))) == 0
    written = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.md")}
    german = next(text for path, text in written.items() if "ms.contentlocale: de-DE" in text and path.endswith("a.md"))
    assert "de-DE One." in german and "FR " not in german and "fr-FR One." not in german
    french = next(text for path, text in written.items() if "ms.contentlocale: fr-FR" in text and path.endswith("b.md"))
    assert "FR Only fr has this." in french and "de-DE One." not in french
    pending = json.loads((out / "pending.json").read_text("utf-8"))["articles"]
    assert {entry["locale"] for entry in pending.values()} <= {"de-DE", "fr-FR"}
