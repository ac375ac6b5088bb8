"""X001 and X002 over compact keys find what a pair-by-pair reading of the whole locale finds.

The reference below is the checks' definition written plainly, one record per pair of every
article held at once; the checks themselves work on the per-article columns made where each
file is parsed, pickled as a worker sends them, and arrive in any order.
"""

from __future__ import annotations

import pickle
import random
from collections import Counter, defaultdict

import pytest

from toolkit.checks import CHECKS, Finding, run_checks
from toolkit.checks.consistency import MIN_WORDS, normalized
from toolkit.checks.run import CheckSink, check_part
from toolkit.checks.sources import Record, different_sources
from toolkit.model import Article, Segment
from toolkit.sxs import parse_article

ENGLISH = [
    "Select the Save button.",
    "Select the save button",
    "Select the Submit button.",
    "You can't close 2 projects at once.",
    "You can close 3 projects at once.",
    "Open the project list.",
    "Save.",  # too short to compare
    "Enter the cost price.",
]
TRANSLATIONS = [
    "Sélectionnez le bouton Enregistrer.",
    "Choisissez le bouton Enregistrer.",
    "sélectionnez le bouton enregistrer",
    "Vous ne pouvez pas fermer deux projets.",
    "Ouvrez la liste des projets.",
    "Entrez le prix de revient.",
]


def _corpus(seed: int) -> list[Article]:
    """Articles of two locales whose pairs mix a few English sentences and translations, with
    untranslated, empty and short pairs among them."""
    chance = random.Random(seed)
    articles = []
    for number in range(chance.randint(1, 8)):
        for locale in ("fr-FR", "fr-CA"):
            spans = []
            for pair in range(chance.randint(0, 6)):
                english = chance.choice(ENGLISH)
                translation = chance.choice([*TRANSLATIONS, english, " "])
                spans.append(
                    f'<span data-ttu-id="abc{number:02}-{100 + pair}">{translation}</span>'
                    f'<span class="sxs-lookup"><span data-stu-id="abc{number:02}-{100 + pair}">{english}</span></span>'
                )
            text = f"---\nms.contentlocale: {locale}\n---\n\n" + "\n\n".join(spans) + "\n"
            articles.append(parse_article(text, f"{locale.lower()}/a{number:02}.md"))
    return articles


def _compared(segment: Segment) -> bool:
    return (
        normalized(segment.source.text)[1] >= MIN_WORDS
        and bool(segment.target.text.strip())
        and segment.target.markup != segment.source.markup
    )


def _reference(articles: list[Article]) -> list[Finding]:
    """X001 and X002 read pair by pair over each locale's articles held whole, in path order."""
    by_locale: dict[str, list[tuple[Article, Segment]]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.path):
        by_locale[article.locale.lower()].extend((article, s) for s in article.segments if _compared(s))
    found = []
    for pairs in by_locale.values():
        english = [normalized(s.source.text)[0] for _, s in pairs]
        translations = [normalized(s.target.text)[0] for _, s in pairs]
        groups: dict[str, list[int]] = defaultdict(list)
        for index, key in enumerate(english):
            groups[key].append(index)
        for members in groups.values():
            counts = Counter(translations[i] for i in members)
            if len(counts) < 2:
                continue
            usual, count = counts.most_common(1)[0]
            article, segment = pairs[next(i for i in members if translations[i] == usual)]
            where = f"{article.path} ({segment.id})"
            found += [
                CHECKS["X001"].finding(
                    pairs[i][0],
                    pairs[i][1],
                    f"the same English is translated “{segment.target.text}” in {count} other places, e.g. {where}",
                )
                for i in members
                if translations[i] != usual
            ]
        records = [Record(english[i], s.source.text, translations[i]) for i, (_, s) in enumerate(pairs)]
        for different in different_sources(records):
            article, segment = pairs[different.usual]
            found.append(
                CHECKS["X002"].finding(
                    *pairs[different.position],
                    f"this translation also stands for English that differs in {different.difference} "
                    f"(“{segment.source.text}”, {different.uses} times, e.g. {article.path} ({segment.id}))",
                )
            )
    return sorted(found, key=lambda f: (f.path, f.line, f.column, f.code))


@pytest.mark.parametrize("seed", range(40))
def test_the_compact_keys_keep_every_finding_of_a_pair_by_pair_reading(seed: int) -> None:
    articles = _corpus(seed)
    expected = _reference(articles)
    assert run_checks(articles, select=["X"]) == expected
    part = check_part(["X"])
    sink = CheckSink(part)
    ranked = sorted(enumerate(sorted(articles, key=lambda a: a.path)), key=lambda _: random.Random(seed).random())
    for rank, article in ranked:  # as the workers send them: pickled, in the order done
        sink.add(pickle.loads(pickle.dumps(part(article))), rank)
    assert sink.close() == expected


def test_the_synthetic_corpora_have_findings_of_both_checks() -> None:
    """The comparison above is not vacuous."""
    codes = Counter(f.code for seed in range(40) for f in _reference(_corpus(seed)))
    assert codes["X001"] > 20 and codes["X002"] > 5


def test_the_locales_judged_in_worker_processes_give_the_same_findings() -> None:
    """close(jobs=2): the workers read each locale's keys from the spool themselves."""
    articles = _corpus(27)  # findings in both locales
    part = check_part(["X"])
    sinks = [CheckSink(part), CheckSink(part)]
    for sink in sinks:
        for rank, article in enumerate(sorted(articles, key=lambda a: a.path)):
            sink.add(part(article), rank)
    alone, spread = sinks[0].close(), sinks[1].close(jobs=2)
    assert {f.locale for f in alone} == {"fr-FR", "fr-CA"}
    assert spread == alone
