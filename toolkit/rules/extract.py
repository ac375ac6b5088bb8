"""Finding rule statements among English sentences and classifying them by SBVR modality.

Deterministic and explainable: a sentence is a candidate when one of the cues in
:data:`CUES` matches, the first matching cue (the table is in priority order: a negated
modal is a prohibition before its ``can`` is a permission) outside a condition clause ("when
a manager *needs to* book…, they can…") gives the modality, and the
candidate names the cue. Structural rules are told apart too: definitions ("a per diem is an
allowance that …") and derivations (defaults, computations, and "when X, Y happens" with no
modal and no instruction in the main clause). Tutorial and API prose ("you should see",
"returns", "can be used to") is not a rule. Condition clauses come out structured (text, kind,
span), a neighbouring sentence that completes the rule ("Close them first.", "Then …") is
linked, and a rough subject / action / object is read around the cue, so a curator sees why
a sentence was picked and what it seems to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from toolkit.model import Article, BlockKind, Segment
from toolkit.rules.cite import article_name
from toolkit.rules.model import (
    Citation,
    Clause,
    ClauseKind,
    Extraction,
    Modality,
    Rule,
    RuleKind,
    Spec,
    Translation,
    pickled_by_fields,
)

RULE_BLOCKS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL, BlockKind.ALERT, BlockKind.BLOCKQUOTE})
"""Where rules are stated; headings, code and includes are not statements."""


@dataclass(frozen=True, slots=True)
class Cue:
    modality: Modality
    pattern: re.Pattern[str]
    """Case-insensitive."""
    lowered: re.Pattern[str]
    """The same, case-sensitive, for ASCII text lowered first: the same matches, found twice as fast."""
    kind: RuleKind | None = None
    """Set for structural rules (their modality is necessity)."""


def _caseless(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern case-insensitive, and case-sensitive for ASCII text lowered first (the same
    matches, found twice as fast); so it is written in lower case."""
    if pattern != pattern.lower():
        raise ValueError(f"cue patterns are written in lower case (no \\W, \\S, \\B either): {pattern}")
    return re.compile(pattern, re.IGNORECASE), re.compile(pattern)


def _cue(modality: Modality, *phrases: str, kind: RuleKind | None = None) -> Cue:
    return Cue(modality, *_caseless(r"\b(?:" + "|".join(phrases) + r")\b"), kind)


_SHOWN = r"(?:shown|enabled|available|considered|displayed|visible)"
_BE = r"(?:be|is|are|isn't|aren't|won't be|will not be|is not|are not|not be)"
_VERB = (
    r"(?:is|are|was|were|has|have|had|can|could|will|would|must|should|may|might|does|do|appears?|shows?|contains?|"
    r"includes?|becomes?|changes?|equals?|opens?|lets?|allows?|needs?|requires?|uses?|means?|defaults?)"
)
"""Finite verbs that make a noun phrase a sentence (a gloss has none before its relative clause)."""
_OPENING = r"(?:if|when|whenever|because|as|since|while|once|after|before|there|this|that|it|which|here)"
"""Words that open a clause or point back, so the sentence does not open by naming a term."""
_FIELD = r"(?:field|column|value|option|setting|property|attribute|flag|check box|lookup)"
_CHANGED = r"(?:set|changed|updated|copied|populated|converted|replaced|summarized|marked|given|created|filled in|recalculated)"
CUES: tuple[Cue, ...] = (
    # narrow readings that a broader cue further down would take for something else
    _cue(
        Modality.NECESSITY,
        rf"{_FIELD} (?:can|should) be used to",
        r"which should help you identify",
        # a sentence that opens by saying what a term or field is, whatever modal its relative clause has
        rf"^(?!an? read[- ]only )(?:an?|this|the) (?:[\w/-]+ ){{0,3}}{_FIELD} (?:that|which|to) ",
        rf"^(?!{_OPENING}\b)(?:(?:an?|the) )?[\w -]{{1,40}}? (?:is|are) an? (?!(?:good|great|best|new|few|result)\b)",
        rf"^(?!{_OPENING}\b)(?:(?:an?|the) )?[\w -]{{1,40}}? means (?!that)",
        r"^[\w -]{1,30} [-\u2013] (?:this|the|an?|[a-z]+s (?:that|which|where|of|for|with)) ",
        kind=RuleKind.DEFINITION,
    ),
    _cue(
        Modality.NECESSITY,
        r"^cannot be (?:set|edited|changed)",
        r"there (?:can|may) only be",
        r"can only be \w+ (?:on|in|to) one",
    ),
    _cue(
        Modality.POSSIBILITY,
        r"may not (?:reflect|be (?:accurate|correct|the same)|match|add up|work|appear|show|include|"
        r"make sense)",
    ),
    _cue(
        Modality.PROHIBITION,
        r"can ?not",
        r"can't",
        r"must not",
        r"mustn't",
        r"may not",
        r"should not",
        r"shouldn't",
        r"(?:won't|will not|isn't|aren't|is not|are not|not) (?:be )?(?:allowed|permitted|possible)",
        r"unable to",
        r"never",
        r"(?:^|, )(?:do not|don't)",
        r"(?:can|may) only",
        r"only [\w\s]{1,100}? can",
        r"can \w+ only (?:after|before|if|when)",
    ),
    _cue(
        Modality.OBLIGATION,
        r"must",
        r"(?:have|has|need|needs) to",
        r"(?:is|are) required to",
        r"(?:is|are) (?:mandatory|required)",
        r"should",
        r"make sure",
        r"ensure that",
    ),
    _cue(
        Modality.PERMISSION,
        r"you can",
        r"you may",
        r"they can",
        r"users? can",
        r"managers? can",
        r"(?:allows?|lets?|enables?) (?:you|users?|them|(?:\w+ )?managers?)",
        rf"{_BE} allowed to",
        r"you're able to",
        r"you are able to",
        r"you will be able to",
        r"you'll be able to",
        r"can be \w+ by (?:the )?(?:users?|you)",
    ),
    _cue(Modality.POSSIBILITY, r"can", r"could", r"might", r"(?:is|are) able to", r"(?:it is|it's) possible"),
    _cue(
        Modality.NECESSITY,
        r"by default",
        r"defaults?(?: to| from| is)?",
        r"defaulted",
        r"(?:is|are) (?:automatically )?calculated",
        r"calculated (?:as|by|from)",
        r"automatically",
        r"(?:is|are) (?:based|determined) (?:on|by)",
        r"(?:is|are) derived",
        r"results? in",
        rf"(?:is|are) (?:automatically )?{_CHANGED} (?:to|as|from|with|by|in|on|for|automatically|when)",
        r"will (?:be )?(?:set|changed|updated|copied|populated|converted|replaced|default|update|recalculate)",
        r"the sum of",
        r"formula",
        kind=RuleKind.DERIVATION,
    ),
    _cue(
        Modality.NECESSITY,
        r"(?:is|are) (?:not )?(?:editable|supported)",
        r"isn't (?:editable|supported)",
        r"read[- ]only",
        r"locked (?:from|for) editing",
        rf"{_SHOWN} only",
        rf"only {_SHOWN}",
        r"always",
        r"consists? of",
        r"not available",
    ),
    _cue(
        Modality.NECESSITY,
        r"(?:is|are) defined as",
        r"refers? to",
        r"represents?",
        r"means that",
        r"is a term",
        rf"^this {_FIELD} (?:indicates|identifies|specifies|shows|is)",
        r"^(?:indicates|identifies|specifies|shows|the date|the name|the number|reference to) ",
        r"^(?:(?:an?|the) )?[\w -]{1,40}? (?:is|are) (?:an?|the) (?!(?:good|great|best|new|few|result)\b)",
        # a gloss: a noun phrase with no verb of its own ("the day of the week where the hours apply")
        rf"^(?:an?|the) (?:[\w/-]+ ){{0,2}}[\w/-]+ (?:of|for) (?:(?!{_VERB}\b)[\w/'-]+ )*?"
        r"(?:(?:where|that|which|who|when|by)\b|[\w/'-]+(?=\.?$))",
        kind=RuleKind.DEFINITION,
    ),
)
"""In priority order: the first cue outside a condition clause decides (deontic before alethic,
structural last, so "you can change the default" is a permission)."""

_MODALS = r"should|must|can|cannot|can't|may|might|will|won't"
_CONDITION = re.compile(
    rf"\b(only if|only when|only after|unless|if|while|whenever|when|after|before|once|until)\b"
    rf"((?:(?!\b(?:{_MODALS})\b)[^,;:.])*)",
    re.IGNORECASE,
)
"""A condition clause runs to the next comma or to the main clause's modal ("before a quote is
copied *should not* …")."""
_CLAUSE_KINDS = {
    "only if": ClauseKind.ONLY_IF,
    "only when": ClauseKind.ONLY_IF,
    "only after": ClauseKind.ONLY_IF,
    "unless": ClauseKind.EXCEPTION,
    "if": ClauseKind.CONDITION,
    "while": ClauseKind.STATE,
    "when": ClauseKind.TRIGGER,
    "whenever": ClauseKind.TRIGGER,
    "once": ClauseKind.TRIGGER,
    "after": ClauseKind.AFTER,
    "before": ClauseKind.BEFORE,
    "until": ClauseKind.BEFORE,
}
_SKIP = _caseless(
    r"^(?:for more information|for more details|for information|for example|see |applies to\b|fixed\b|"
    r"this (?:topic|article) (?:describes|explains)|here are|unable to |can't |"
    r"[\w /-]{1,40}: [^.]{1,40}$|to \w+[^,]*, (?:complete|select|click|follow|go|do|use|open|enter)\b)"
    r"|\b(?:is|are) (?:not correctly|incorrect(?:ly)?)\b|\beven though\b"
)
"""Pointers, scope lines, release-note fixes and bug titles, label: value pairs, "to do X, do Y" steps."""
_TUTORIAL = _caseless(
    r"\b(?:you should (?:now |also )?(?:see|have|get|receive|notice)|"
    r"should (?:now )?(?:appear|look like|be displayed)|(?:will be|is|are) displayed|"
    r"(?:this|the \w+|it) (?:method |function |call |api )?(?:returns?|will return)|"
    r"(?<!field )(?<!value )(?<!column )(?:can|could) be used to (?!track|identify|specify|indicate|record)|"
    r"is used to|can (?:also )?serve as)\b"
)
"""Tutorial and API prose: an expected result or what a call returns, not a rule of the business."""
_IMPERATIVE = _caseless(
    r"(?:^|, )(?:then )?(?:select|click|enter|type|go|open|choose|set|add|create|review|verify|use|complete|"
    r"navigate|fill|repeat|run|apply|save|close|submit|import|export|install|sign|assign|define|specify|"
    r"configure|update|delete|remove|check|expand|change|follow|copy|do)\b"
)
"""An instruction; its "so you can …" is no rule (only what it forbids or requires is)."""
_WHEN_THEN = re.compile(r"^(?:when|whenever|if|after|once|as soon as)\b[^,]{3,}, (?P<main>.+)$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:can|could|may|might|must|should|shall|need|needs)\b", re.IGNORECASE)
_CONTINUES = re.compile(r"^(?:then|otherwise|in (?:this|that) case|instead|to do (?:so|this)|this means)\b", re.IGNORECASE)
_REMEDY = re.compile(
    r"^(?!for |see |to )[A-Z]\w+ (?:(?:it|them|this|these|those|the \w+)\b.*\b(?:first|before)\b|.*\bfirst\.$)", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


@dataclass(frozen=True, slots=True)
class Classified:
    """A sentence's modality and what the extractor read around its cue."""

    modality: Modality
    extraction: Extraction

    @property
    def label(self) -> str:
        """The class: the structural kind when there is one, else the modality."""
        return self.extraction.kind.value if self.extraction.kind else self.modality.value


def clauses(text: str) -> tuple[Clause, ...]:
    """The condition clauses of a sentence (whitespace collapsed), each with its kind and span."""
    return tuple(
        Clause(
            f"{m.group(1).lower()}{m.group(2).rstrip()}",
            _CLAUSE_KINDS[m.group(1).lower()],
            (m.start(), m.start() + len(m.group(0).rstrip())),
        )
        for m in _CONDITION.finditer(text)
    )


@lru_cache(maxsize=1 << 15)
def classify(sentence: str) -> Classified | None:
    """The modality a sentence states, or None when it states no rule the cues know.

    Memoized (bounded): every locale of an article has the same English, so only the first pays.
    """
    text = " ".join(sentence.split())
    fast = text.isascii()  # then match the lowered text case-sensitively (see _caseless)
    folded = text.lower() if fast else text
    if _SKIP[fast].match(folded) or len(_WORD.findall(text)) < 3 or _TUTORIAL[fast].search(folded):
        return None
    conditions = clauses(text)
    instruction = bool(_IMPERATIVE[fast].match(folded))
    for cue in CUES:
        if instruction and cue.modality not in (Modality.PROHIBITION, Modality.OBLIGATION):
            continue
        for match in (cue.lowered if fast else cue.pattern).finditer(folded):
            if not any(start < match.start() < end for start, end in (c.span for c in conditions)):
                return Classified(cue.modality, _parse(text, match.span(), conditions, cue.kind))
    when = _WHEN_THEN.match(text)
    if when and not _MODAL.search(when.group("main")) and not _IMPERATIVE[0].match(when.group("main")):
        opening = re.match(r"\w+(?: \w+ \w+)?", text)
        assert opening is not None
        return Classified(Modality.NECESSITY, _parse(text, opening.span(), conditions, RuleKind.DERIVATION))
    return None


def _parse(text: str, cue: tuple[int, int], conditions: tuple[Clause, ...], kind: RuleKind | None) -> Extraction:
    """What the cue at ``text[start:end]`` seems to say: subject before it, verb and object after."""
    start, end = cue
    before = text[:start]
    if "," in before:
        before = before.rsplit(",", 1)[1]
    subject = _CONDITION.sub("", before).strip(" ,")
    after = _CONDITION.split(text[end:], maxsplit=1)[0]
    words = _WORD.findall(after)
    if words[:1] == ["to"]:
        words = words[1:]
    verb = words[:2] if words[:1] == ["be"] and len(words) > 1 else words[:1]
    rest = words[len(verb) :]
    return Extraction(text[start:end], conditions, subject, " ".join(verb), " ".join(rest[:8]), kind)


def linked(sentences: Sequence[Segment], index: int) -> tuple[int, ...]:
    """Neighbours in the same block that complete the rule at ``index``: a remedy after it
    ("Close them first.") or, before it, what a "Then …" / "Otherwise …" continues."""
    here = sentences[index]
    found = []
    if index > 0 and _CONTINUES.match(here.source.text.strip()) and sentences[index - 1].block == here.block:
        found.append(sentences[index - 1].number)
    if index + 1 < len(sentences):
        after = sentences[index + 1]
        if after.block == here.block and _REMEDY.match(" ".join(after.source.text.split())):
            found.append(after.number)
    return tuple(n for n in found if n is not None)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Proposal:
    """A sentence an article proposes as a rule, as the extractor read it (neighbours linked)."""

    number: int
    english: str
    modality: Modality
    extraction: Extraction


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ArticleCandidates:
    """What one article gives the candidates: small, picklable, made where the article is parsed.

    ``proposals`` are the rule sentences in reading order (used when this article is the first
    of its identity); ``translations`` hold, for every sentence number whose English states a
    rule, the English and this locale's translation, so the other locales' proposals find it.
    """

    identity: str
    locale: str
    path: str
    name: str
    proposals: tuple[Proposal, ...]
    translations: Mapping[int, tuple[str, Translation]]


def article_candidates(article: Article) -> ArticleCandidates:
    """One article's part of :func:`extract`; :func:`merge_candidates` puts the parts together.

    Cheap after the first locale: :func:`classify` is memoized by English text, which every
    locale of an article shares. Run it where the article is parsed and send only the result.
    """
    sentences = article.segments
    proposals: list[Proposal] = []
    seen: set[tuple[int, str]] = set()
    last: dict[int, Segment] = {}
    for index, segment in enumerate(sentences):
        number = segment.number
        if number is None:
            continue
        last[number] = segment
        key = (number, segment.source.text)
        if key in seen or segment.block.kind not in RULE_BLOCKS:
            continue
        seen.add(key)
        found = classify(segment.source.text)
        if found is not None:
            neighbours = linked(sentences, index)
            extraction = replace(found.extraction, linked=neighbours) if neighbours else found.extraction
            proposals.append(Proposal(number, segment.source.text, found.modality, extraction))
    translations = {
        number: (segment.source.text, Translation(article.locale, segment.id, segment.target.text))
        for number, segment in last.items()
        if segment.target.text.strip() and classify(segment.source.text) is not None
    }
    return ArticleCandidates(
        article.identity, article.locale, article.path, article_name(article.path), tuple(proposals), translations
    )


def merge_candidates(parts: Iterable[ArticleCandidates]) -> Spec:
    """The candidates spec from every article's part, in any order (what :func:`extract` returns).

    Parts are grouped by identity; the first by locale and path gives the sentences, and a
    sentence's translations come from every part whose same-numbered sentence has the same English.
    """
    groups: dict[str, list[ArticleCandidates]] = {}
    for part in parts:
        groups.setdefault(part.identity, []).append(part)
    ids: set[str] = set()
    return Spec("candidates", "", tuple(rule for identity in sorted(groups) for rule in group_rules(groups[identity], ids)))


def group_rules(members: Iterable[ArticleCandidates], ids: set[str]) -> Iterator[Rule]:
    """The rules of one identity's parts (any order), groups taken in identity order; ``ids``
    holds the rule ids given so far (a repeated one gets the identity's start)."""
    ordered = sorted(members, key=lambda p: (p.locale.lower(), p.path))
    if not ordered:
        return
    first = ordered[0]
    for proposal in first.proposals:
        translations = tuple(
            found[1]
            for found in (member.translations.get(proposal.number) for member in ordered)
            if found is not None and found[0] == proposal.english
        )
        rule = Rule(
            f"{first.name}-{proposal.number}",
            proposal.english,
            proposal.modality,
            Citation(first.identity, first.name, proposal.number),
            translations,
            extraction=proposal.extraction,
        )
        if rule.id in ids:  # two articles with one file name in different folders
            rule = replace(rule, id=f"{rule.id}-{first.identity[:8]}")
        ids.add(rule.id)
        yield rule


def extract(articles: Iterable[Article]) -> Spec:
    """Candidates from every article's English, each with its translations in every locale present.

    Articles are grouped by identity; within one, a sentence is the same in every locale when
    its number and English agree, and its translations are gathered from all of them.
    """
    return merge_candidates(article_candidates(article) for article in articles)
