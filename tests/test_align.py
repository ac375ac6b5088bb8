"""Sentence splitting, alignment with the English source, and alignment across locales."""

from __future__ import annotations

import pickle
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REAL, needs_corpus

from toolkit.align import Status, align_locales, align_source, sentences_of, split
from toolkit.align.sentences import RULES, Rule, key_of
from toolkit.align.source import GitEnglish, detect_mapping
from toolkit.align.toc import align_toc, align_tocs
from toolkit.commands.align import format_text
from toolkit.docs import relative_path
from toolkit.errors import UsageError
from toolkit.gitstore import GitStore
from toolkit.model import Article
from toolkit.outputs import OutputTree
from toolkit.pipeline import AlignmentStep
from toolkit.work import in_process

OLD = REAL / "source" / "2021-05-10"
NEW = REAL / "source" / "2021-12-22"
SNAPSHOT_COMMIT = "40f68387f594180af64a5e5c748b6efa188bd300"
ENGLISH_GIT = REAL / "source" / "english.git"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("One. Two? Three!", ["One.", "Two?", "Three!"]),
        ("Use e.g. this one. Then that.", ["Use e.g. this one.", "Then that."]),
        ("See [a. B](x.md). Next.", ["See [a. B](x.md).", "Next."]),
        ("Run `a. B` now. Done.", ["Run `a. B` now.", "Done."]),
        ("Task A and Task B. Select A.", ["Task A and Task B. Select A."]),
        ("No. Unit conversion works.", ["No.", "Unit conversion works."]),
        ("List them:\nOne. Two.", ["List them:\nOne.", "Two."]),
        ("Use `a…` here. Done.", ["Use `a…` here.", "Done."]),
    ],
)
def test_split(markup: str, expected: list[str]) -> None:
    assert split(markup) == expected


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_each_segmentation_rule_cuts_its_example(rule: Rule) -> None:
    markup, expected = rule.example
    assert tuple(split(markup)) == expected


def test_no_break_at_a_colon_before_a_new_line() -> None:
    assert split("There are two kinds:\n• Client rules\n• Server rules") == [
        "There are two kinds:\n• Client rules\n• Server rules"
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("defaults to**Work-based** today.", "defaults to **Work-based** today."),
        ("_ **Applies To:** Project", "_**Applies To:** Project"),
        ("Go to [the page]( x.md ) now.", "Go to[the page](x.md)now."),
        ("A\u00a0b", "A  b"),
        ("on the **Schedule Board**, then", "on the Schedule Board, then"),
    ],
)
def test_spaces_next_to_markup_are_not_compared(first: str, second: str) -> None:
    assert key_of(first) == key_of(second)


def test_words_still_differ() -> None:
    assert key_of("log in now") != key_of("log on now")
    assert key_of("Save.") != key_of("Save")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# One. Two\n", ["One.", "Two"]),
        ("![Screenshot](media/a.png)\n", []),
        ('![Screenshot](media/a.png "")\n', []),
        ('![Diagram](media/a.png "Diagram")\n', ["Diagram"]),
        ("> ![Quoted](media/a.png)\n", ["Quoted"]),
        ("Text here.\n![Alt](media/a.png)\n", ["Text here.", "Alt"]),
        ("| a | - | ● |\n|---|---|---|\n| 100 | — | x |\n", ["a", "●", "100", "x"]),
        ("- Formula:\n\n  `\n    (a - b) x 100\n  `\n", ["Formula:"]),
        ("> [!VIDEO https://example.com/v]\n", []),
        (
            ":::row:::\n    :::column:::\n        #### Cash flow\n        - Inflows\n    :::column-end:::\n:::row-end:::\n",
            ["Cash flow", "Inflows"],
        ),
    ],
)
def test_what_the_pipeline_made_sentences_of(markdown: str, expected: list[str]) -> None:
    assert [s.text for s in sentences_of(markdown)] == expected


def test_markdown_blocks_are_cut_apart() -> None:
    text = "---\ntitle: x\n---\n# Head. Line\n\n> [!NOTE]\n> A note. More.\n\n| **a** | b. C |\n|---|---|\n| c | d |\n\nx  \ny\n"
    found = [(s.kind.value, s.text) for s in sentences_of(text)]
    assert found == [
        ("heading", "Head."),
        ("heading", "Line"),
        ("alert", "A note."),
        ("alert", "More."),
        ("table_cell", "a"),
        ("table_cell", "b."),
        ("table_cell", "C"),
        ("table_cell", "c"),
        ("table_cell", "d"),
        ("paragraph", "x"),
        ("paragraph", "y"),
    ]
    assert sentences_of(text)[0].line == 4


def test_relative_path() -> None:
    assert relative_path("sxs/de-DE/articles/a/b.md", "de-DE") == "articles/a/b.md"
    assert relative_path("corpus/close-opportunity.nb-NO.md", "nb-NO") == "close-opportunity.md"


def test_seed_cross_locale_alignment(seed_articles: list[Article]) -> None:
    result = align_locales(seed_articles)
    assert len(result.locales) == 5
    assert result.complete() == len(seed_articles[0].segments)
    assert not result.unaligned


@needs_corpus
def test_snapshot_articles_are_current(corpus_articles: list[Article]) -> None:
    snapshot = [a for a in corpus_articles if a.metadata.get("ms.sourcegitcommit") == SNAPSHOT_COMMIT]
    result = align_source(snapshot, OLD)
    rated = [m for a in result.articles for m in a.matches if m.status is not Status.NEW]
    current = sum(1 for m in rated if m.status is Status.CURRENT)
    assert len(snapshot) == 5364
    assert len(rated) == 291_762
    assert current / len(rated) >= 0.999, f"{current} of {len(rated)} current"


@needs_corpus
def test_text_report_gives_the_share_per_source_commit(corpus_articles: list[Article]) -> None:
    german = [a for a in corpus_articles if a.locale == "de-DE"]
    commits = {a.path: str(a.metadata["ms.sourcegitcommit"]) for a in german}
    report = format_text(align_source(german, OLD), (), commits)
    line = next(line for line in report.splitlines() if line.startswith("translated from 40f68387f594:"))
    match = re.fullmatch(r"translated from 40f68387f594: (\d+) segments, ([\d.]+)% current", line)
    assert match is not None, line
    segments, share = match.groups()
    assert int(segments) == 24325 and float(share) >= 99.9


@needs_corpus
def test_later_snapshot_finds_edited_added_and_removed_sentences(corpus_articles: list[Article]) -> None:
    article = next(a for a in corpus_articles if a.path.endswith("de-DE/articles/expense/expense-using-mobile.md"))
    aligned = align_source([article], NEW).articles[0]
    by_id = {m.segment: m for m in aligned.matches}
    edited = by_id["f1d13-198"]
    assert edited.status is Status.CHANGED and 0.8 < edited.score < 1
    assert edited.source.startswith("Approve an expense report by using the Expense management mobile workspace")
    assert by_id["f1d13-139"].status is Status.REMOVED and by_id["f1d13-139"].english == "Implement KB 4019015."
    assert by_id["f1d13-105"].status is Status.CURRENT
    new = [m.english for m in aligned.matches if m.status is Status.NEW]
    assert "Why doesn't the Expense mobile app enter the payment method by default?" in new
    assert len(new) == 24
    assert align_source([article], OLD).articles[0].count(Status.CURRENT) == len(article.segments)


@needs_corpus
def test_corpus_cross_locale_alignment(corpus_articles: list[Article]) -> None:
    result = align_locales(corpus_articles)
    assert len(result.locales) == 12
    assert result.by_number + result.by_text == 358_794
    assert len(result.units) == 29_911
    assert result.complete() == 29_773
    assert all(u.translations for u in result.units)


@needs_corpus
def test_toc_names_align_by_href() -> None:
    aligned = align_toc(REAL / "sxs" / "de-DE" / "articles" / "TOC.yml", OLD / "articles" / "TOC.yml")
    names = {u.key: (u.source, u.target) for u in aligned.units}
    assert names["index.md"] == ("Dynamics 365 Project Operations", "Dynamics 365 Project Operations")
    assert names["environment/determine-deployment-type.md"] == ("Determine your deployment type", "Bereitstellungstyp festlegen")
    assert names["items:environment/determine-deployment-type.md"] == ("Get started", "Erste Schritte")
    assert (len(aligned.units), len(aligned.unmatched), len(aligned.missing)) == (715, 21, 6)
    later = align_tocs([str(REAL / "sxs" / "de-DE")], NEW)
    assert [len(t.missing) for t in later] == [59, 0]


def test_differing_numbers_fall_back_to_the_english(seed_articles: list[Article]) -> None:
    first, *others = seed_articles
    shifted = tuple(replace(s, id=f"{s.prefix}-{(s.number or 0) + 1}") for s in first.segments)
    result = align_locales([replace(first, segments=shifted), *others])
    assert result.by_text == len(shifted)
    assert result.by_number == 4 * len(shifted)
    assert result.complete() == len(shifted) and not result.unaligned


def test_build_step_summarizes_the_alignment(seed_articles: list[Article], tmp_path: Path) -> None:
    step = AlignmentStep()
    for done in in_process(seed_articles, step.parts):
        step.add(done, done.results)
    with OutputTree(tmp_path, "build") as tree:
        line = step.finish(tree).summary
    assert line.startswith("alignment: 8 sentences across 5 locales, 8 in all of them; 40 segments placed by id")


ARTICLES = ["articles/a/one.md", "articles/a/two.md", "articles/b/one.md", "articles/index.md"]


@pytest.mark.parametrize(
    ("english", "strip", "prefix"),
    [
        (ARTICLES, 0, ""),  # the repository root
        ([p.removeprefix("articles/") for p in ARTICLES], 1, ""),  # its articles folder
        (["repo/" + p for p in ARTICLES], 0, "repo/"),  # a folder above it
        (["docs/" + p for p in ARTICLES] + ["docs/articles/media/x.md"], 0, "docs/"),
    ],
)
def test_the_english_root_is_detected(english: list[str], strip: int, prefix: str) -> None:
    mapping = detect_mapping(english, ARTICLES)
    assert (mapping.strip, mapping.prefix, mapping.matched, mapping.total) == (strip, prefix, 4, 4)
    assert mapping.english_path("articles/a/one.md") in english


def test_two_copies_of_the_articles_are_ambiguous() -> None:
    with pytest.raises(UsageError, match="more than once"):
        detect_mapping(["2021/" + p for p in ARTICLES] + ["2022/" + p for p in ARTICLES], ARTICLES)


def test_a_file_name_alone_does_not_place_an_article() -> None:
    mapping = detect_mapping(
        ["articles/a/one.md", "articles/a/two.md", "elsewhere/three.md"],
        ["articles/a/one.md", "articles/a/two.md", "articles/c/three.md"],
    )
    assert mapping.english_path("articles/c/three.md") == "articles/c/three.md"
    assert mapping.matched == 2


def test_align_reports_what_the_source_folder_matched(seed_articles: list[Article], tmp_path: Path) -> None:
    english = tmp_path / "repo" / "articles" / "sales"
    english.mkdir(parents=True)
    (english / "close-opportunity.md").write_text("# Close an opportunity\n", encoding="utf-8")
    result = align_source(seed_articles[:1], tmp_path)
    assert result.where.startswith(f"English found under {tmp_path}/repo/articles/sales/ for 1 of 1 articles")
    assert result.articles[0].english == str(english / "close-opportunity.md")


@needs_corpus
def test_git_store_reads_blobs_trees_and_survives_absent_ones() -> None:
    with GitStore(ENGLISH_GIT) as store:
        assert store.commit(SNAPSHOT_COMMIT[:8]) == SNAPSHOT_COMMIT
        assert store.commit("no-such-rev") is None
        files = store.list_tree(SNAPSHOT_COMMIT, "articles")
        image = next(f for f in files if f.path.endswith(".png"))
        assert store.read_blob(SNAPSHOT_COMMIT, image.path) is None  # left out of the partial clone
        text = store.read_blob(SNAPSHOT_COMMIT, "articles/expense/expense-using-mobile.md")
        assert text == (OLD / "articles" / "expense" / "expense-using-mobile.md").read_bytes()
        assert store.read_blob(SNAPSHOT_COMMIT, "articles/no/such.md") is None


@needs_corpus
@pytest.mark.parametrize("locale", ["de-DE", "zh-CN"])
def test_each_article_is_current_against_its_own_commit(corpus_articles: list[Article], locale: str) -> None:
    articles = [a for a in corpus_articles if a.locale == locale]
    with GitStore(ENGLISH_GIT) as store:
        result = align_source(articles, GitEnglish(store))
    assert result.mapping is not None and result.mapping.matched == len(articles)
    assert all(a.english for a in result.articles)
    rated = [m for a in result.articles for m in a.matches if m.status is not Status.NEW]
    current = sum(1 for m in rated if m.status is Status.CURRENT)
    assert current / len(rated) >= 0.999, f"{current} of {len(rated)} current"


def test_git_english_travels_to_another_process_as_its_repository(tmp_path: Path) -> None:
    """A worker process reads the English through its own ``git cat-file``: what is sent is
    the repository and revision, not the reader process."""
    repo = tmp_path / "english"
    (repo / "articles").mkdir(parents=True)
    (repo / "articles" / "a.md").write_text("# A\n\nOne sentence.\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "a"], check=True)
    with GitStore(repo / ".git") as store:
        commit = store.commit("HEAD")
        assert commit is not None
        english = GitEnglish(store, commit)
        assert english.read("articles/a.md", commit) is not None  # this process's reader is running
        with ProcessPoolExecutor(max_workers=1) as pool:
            text = pool.submit(_read_english, pickle.dumps(english), "articles/a.md", commit).result()
    assert text == "# A\n\nOne sentence.\n"


def _read_english(sent: bytes, path: str, revision: str) -> str | None:
    english: GitEnglish = pickle.loads(sent)
    return english.read(path, revision)
