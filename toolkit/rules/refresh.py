"""Keeping a spec current: its recorded English and translations rewritten from a newer corpus.

A person curated the spec against one snapshot; the articles move on. :func:`refresh` finds
every rule's sentence again and says what happened to it, leaving the formal part alone (only
a person can say whether a changed sentence still means the same guard):

* ``current``: the statement is a sentence of the newer article, at the same place;
* ``moved``: the same sentence, at another place (another sentence number);
* ``changed``: no sentence is the statement, the most similar one (difflib ratio at least
  :data:`~toolkit.align.source.CHANGED_AT`, each new sentence given to one rule at most) took
  its place; the rule's statement becomes it;
* ``gone``: nothing is similar enough; the rule is kept as it was.

The newer corpus is bilingual articles (sentence numbers and translations come from their
segments) or English source Markdown, which has neither: its sentences are cut the way the
localization pipeline cuts them (:mod:`toolkit.align.sentences`), and a sentence number is
estimated as its position plus the offset of the earliest unchanged sentence (the pipeline
numbers an article's sentences in order, from ``103`` for the first heading after the title
and description). Translations are then kept as recorded: a translation of a
changed sentence is out of date, which ``rules check`` reports once the locales catch up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum

from toolkit.align.sentences import normalize
from toolkit.align.source import CHANGED_AT
from toolkit.model import Article
from toolkit.rules.cite import cited, matching
from toolkit.rules.model import Citation, Rule, Spec, Translation


class Fate(StrEnum):
    CURRENT = "current"
    MOVED = "moved"
    CHANGED = "changed"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class English:
    """The newer English of one article: numbered sentences, and whether the numbers are estimates."""

    name: str
    sentences: tuple[tuple[int, str], ...]
    """(sentence number, normalized text) in article order."""
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one rule's sentence."""

    rule: str
    fate: Fate
    number: int
    """The sentence number the spec cites."""
    now: int | None
    """Its number in the newer article (estimated for English source), None when gone."""
    score: float
    """Similarity of the recorded statement and the newer sentence (1.0 when the same)."""
    english: str
    """The newer sentence ("" when gone)."""

    def __str__(self) -> str:
        where = f"sentence {self.number}" + (f" -> {self.now}" if self.now not in (None, self.number) else "")
        text = f": {self.english!r}" if self.fate is Fate.CHANGED else ""
        return f"{self.rule}: {self.fate.value} ({where}, similarity {self.score:.2f}){text}"


@dataclass(frozen=True, slots=True)
class Refresh:
    spec: Spec
    """The spec with statements, citations and translations rewritten; its formal part untouched."""
    outcomes: tuple[Outcome, ...]
    estimated: bool
    """Whether sentence numbers were estimated from English source (no segment ids)."""


def from_source(name: str, sentences: Sequence[str], anchors: Sequence[tuple[int, str]]) -> English:
    """Numbered sentences of English source Markdown.

    ``anchors`` are (number, statement) pairs known from the spec. The pipeline renumbers an
    article in order, so the numbering starts where it did: the earliest unchanged anchor gives
    the offset between a sentence's position and its number (an insertion before a rule then
    shows as that rule moving).
    """
    keys = [normalize(s) for s in sentences]
    found = sorted((position, number) for number, text in anchors for position, key in enumerate(keys) if key == normalize(text))
    offset = found[0][1] - found[0][0] if found else 0
    return English(name, tuple((position + offset, key) for position, key in enumerate(keys)), estimated=True)


def from_articles(name: str, articles: Sequence[Article]) -> English:
    """Numbered sentences of bilingual articles (the English side, the first locale that has each number)."""
    numbered: dict[int, str] = {}
    for article in sorted(articles, key=lambda a: a.locale.lower()):
        for segment in article.segments:
            if segment.number is not None:
                numbered.setdefault(segment.number, normalize(segment.source.text))
    return English(name, tuple(sorted(numbered.items())))


def refresh(spec: Spec, english: Mapping[str, English], articles: Sequence[Article] = ()) -> Refresh:
    """Every rule found again in the newer English of its article (by file name); translations from
    ``articles`` when they have the sentence. A rule whose article is not in ``english`` is gone."""
    placed: dict[str, tuple[Fate, int | None, float, str]] = {}
    for name, newer in english.items():
        placed.update(_place([r for r in spec.rules if r.citation.name == name], newer))
    outcomes = []
    rules = []
    for rule in spec.rules:
        fate, now, score, text = placed.get(rule.id, (Fate.GONE, None, 0.0, ""))
        outcomes.append(Outcome(rule.id, fate, rule.citation.number, now, score, text))
        rules.append(_rewritten(rule, fate, now, text, articles))
    return Refresh(replace(spec, rules=tuple(rules)), tuple(outcomes), any(e.estimated for e in english.values()))


def _place(rules: Sequence[Rule], english: English) -> dict[str, tuple[Fate, int | None, float, str]]:
    by_text: dict[str, list[int]] = {}
    for number, key in english.sentences:
        by_text.setdefault(key, []).append(number)
    taken: set[int] = set()
    placed: dict[str, tuple[Fate, int | None, float, str]] = {}
    for rule in rules:  # the same sentence first, so an edit never takes an unchanged rule's place
        numbers = [n for n in by_text.get(normalize(rule.statement), []) if n not in taken]
        if numbers:
            now = min(numbers, key=lambda n: abs(n - rule.citation.number))
            taken.add(now)
            fate = Fate.CURRENT if now == rule.citation.number else Fate.MOVED
            placed[rule.id] = (fate, now, 1.0, normalize(rule.statement))
    pairs = []
    for index, rule in enumerate(rules):
        if rule.id in placed:
            continue
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(normalize(rule.statement))
        for number, key in english.sentences:
            if number in taken:
                continue
            matcher.set_seq1(key)
            if matcher.quick_ratio() >= CHANGED_AT and (score := matcher.ratio()) >= CHANGED_AT:
                pairs.append((-score, abs(number - rule.citation.number), index, number, key))
    for negative, _, index, number, key in sorted(pairs):
        rule = rules[index]
        if rule.id not in placed and number not in taken:
            taken.add(number)
            placed[rule.id] = (Fate.CHANGED, number, round(-negative, 3), key)
    return placed


def _rewritten(rule: Rule, fate: Fate, now: int | None, text: str, articles: Sequence[Article]) -> Rule:
    if fate is Fate.GONE or now is None:
        return rule
    statement = rule.statement if fate in (Fate.CURRENT, Fate.MOVED) else text
    found = matching(rule, articles)
    identity = found[0].identity if found else rule.citation.identity
    translations = {t.locale.lower(): t for t in rule.translations}
    for article in found:
        segment = cited(article, now)
        if segment is not None and segment.target.text.strip() and normalize(segment.source.text) == normalize(statement):
            old = translations.get(article.locale.lower())
            accepted = old.accepted if old is not None and old.text == segment.target.text else ()
            translations[article.locale.lower()] = Translation(article.locale, segment.id, segment.target.text, accepted)
            statement = segment.source.text
    return replace(
        rule,
        statement=statement,
        citation=Citation(identity, rule.citation.name, now),
        translations=tuple(sorted(translations.values(), key=lambda t: t.locale.lower())),
    )
