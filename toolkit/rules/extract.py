"""Finding rule statements among English sentences and classifying them by SBVR modality.

Deterministic and explainable: a sentence is a candidate when one of the cues in
:data:`CUES` matches, the first matching cue (the table is in priority order: a negated
modal is a prohibition before its ``can`` is a permission) outside a condition clause ("when
a manager *needs to* book…, they can…") gives the modality, and the
candidate names the cue. Condition clauses and a rough subject / action / object are read
around the cue, so a curator sees why a sentence was picked and what it seems to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from toolkit.model import Article, BlockKind, Segment
from toolkit.rules.model import Citation, Extraction, Modality, Rule, Spec, Translation
from toolkit.rules.trace import article_name

RULE_BLOCKS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.ALERT, BlockKind.BLOCKQUOTE})
"""Where rules are stated; headings, code and includes are not statements."""


@dataclass(frozen=True, slots=True)
class Cue:
    modality: Modality
    pattern: re.Pattern[str]


def _cue(modality: Modality, *phrases: str) -> Cue:
    return Cue(modality, re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE))


_SHOWN = r"(?:shown|enabled|available|considered|displayed|visible)"
_BE = r"(?:be|is|are|isn't|aren't|won't be|will not be|is not|are not|not be)"
CUES: tuple[Cue, ...] = (
    _cue(Modality.PROHIBITION, r"can ?not", r"can't", r"must not", r"mustn't", r"may not", r"should not", r"shouldn't",
         r"(?:won't|will not|isn't|aren't|is not|are not|not) (?:be )?(?:allowed|permitted|editable|possible)",
         r"unable to", r"never", r"(?:^|, )(?:do not|don't)", r"(?:can|may) only", r"only [\w\s]{1,100}? can",
         r"can \w+ only (?:after|before|if|when)"),
    _cue(Modality.OBLIGATION, r"must", r"(?:have|has|need|needs) to", r"(?:is|are) required to", r"(?:is|are) mandatory",
         r"should", r"make sure", r"ensure that"),
    _cue(Modality.PERMISSION, r"you can", r"you may", r"they can", r"users? can", r"managers? can",
         r"(?:allows?|lets?|enables?) (?:you|users?|them)", rf"{_BE} allowed to", r"you're able to", r"you are able to"),
    _cue(Modality.POSSIBILITY, r"can", r"could", r"might", r"(?:is|are) able to", r"(?:it is|it's) possible"),
    _cue(Modality.NECESSITY, r"always", r"automatically", r"by default", r"(?:is|are) defined as", r"(?:is|are) calculated",
         r"consists? of", r"read-only", r"locked from editing", rf"{_SHOWN} only", rf"only {_SHOWN}"),
)

_CONDITION = re.compile(r"\b(only if|unless|if|while|when|whenever|after|before|once|until)\b([^,;:.]*)", re.IGNORECASE)
_SKIP = re.compile(r"^(?:for more information|for more details|for information|for example|see )", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


@dataclass(frozen=True, slots=True)
class Classified:
    """A sentence's modality and what the extractor read around its cue."""

    modality: Modality
    extraction: Extraction


def classify(sentence: str) -> Classified | None:
    """The modality a sentence states, or None when it states no rule the cues know."""
    text = " ".join(sentence.split())
    if _SKIP.match(text) or len(_WORD.findall(text)) < 3:
        return None
    conditions = [m.span() for m in _CONDITION.finditer(text)]
    for cue in CUES:
        for match in cue.pattern.finditer(text):
            if not any(start < match.start() < end for start, end in conditions):
                return Classified(cue.modality, _parse(text, match))
    return None


def _parse(text: str, cue: re.Match[str]) -> Extraction:
    conditions = tuple(f"{m.group(1).lower()}{m.group(2).rstrip()}" for m in _CONDITION.finditer(text))
    before = text[: cue.start()]
    if "," in before:
        before = before.rsplit(",", 1)[1]
    subject = _CONDITION.sub("", before).strip(" ,")
    after = _CONDITION.split(text[cue.end() :], maxsplit=1)[0]
    words = _WORD.findall(after)
    if words[:1] == ["to"]:
        words = words[1:]
    verb = words[:2] if words[:1] == ["be"] and len(words) > 1 else words[:1]
    rest = words[len(verb) :]
    return Extraction(cue.group(0), conditions, subject, " ".join(verb), " ".join(rest[:8]))


def extract(articles: Sequence[Article]) -> Spec:
    """Candidates from every article's English, each with its translations in every locale present.

    Articles are grouped by identity; within one, a sentence is the same in every locale when
    its number and English agree, and its translations are gathered from all of them.
    """
    groups: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.identity, a.locale.lower(), a.path)):
        groups.setdefault(article.identity, []).append(article)
    rules: list[Rule] = []
    ids: set[str] = set()
    for identity, members in groups.items():
        for rule in _candidates(identity, members):
            if rule.id in ids:  # two articles with one file name in different folders
                rule = replace(rule, id=f"{rule.id}-{identity[:8]}")
            ids.add(rule.id)
            rules.append(rule)
    return Spec("candidates", "", tuple(rules))


def _candidates(identity: str, members: Sequence[Article]) -> Iterable[Rule]:
    name = article_name(members[0].path)
    numbered = [{s.number: s for s in a.segments} for a in members]
    seen: set[tuple[int | None, str]] = set()
    for segment in members[0].segments:
        key = (segment.number, segment.source.text)
        if key in seen or segment.number is None or segment.block.kind not in RULE_BLOCKS:
            continue
        seen.add(key)
        found = classify(segment.source.text)
        if found is None:
            continue
        yield Rule(f"{name}-{segment.number}", segment.source.text, found.modality,
                   Citation(identity, name, segment.number), tuple(_translations(members, numbered, segment)),
                   extraction=found.extraction)


def _translations(members: Sequence[Article], numbered: Sequence[dict[int | None, Segment]],
                  english: Segment) -> Iterable[Translation]:
    for article, segments in zip(members, numbered, strict=True):
        segment = segments.get(english.number)
        if segment is not None and segment.source.text == english.source.text and segment.target.text.strip():
            yield Translation(article.locale, segment.id, segment.target.text)
