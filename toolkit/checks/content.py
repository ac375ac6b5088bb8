"""Content of the translation: what must survive translation, and typography per locale.

Every check looks at the profiles' ``prose`` (text runs without code spans or markup), so
a URL inside a link target or a word inside a code span is never taken for prose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import regex

from toolkit.checks.locales import ENGLISH, RATIO_SPREAD, LocaleRules
from toolkit.checks.markup import declare_parity, differ
from toolkit.checks.numbers import clock_hours, number_problem
from toolkit.checks.profile import Profile
from toolkit.checks.registry import Category, Context, segment_check
from toolkit.model import Inline, Segment, Severity

ALLOWLIST: Final = frozenset(
    {
        "Microsoft",
        "Dynamics",
        "Dynamics 365",
        "Project Operations",
        "Power Apps",
        "Power Automate",
        "Power BI",
        "Dataverse",
        "Azure",
        "Office",
        "Excel",
        "Outlook",
        "Teams",
        "Microsoft Teams",
        "Finance",
        "Supply Chain Management",
        "Project for the web",
        "Common Data Service",
        "Field Service",
        "Customer Engagement",
        "Lifecycle Services",
        "Sales",
        "Customer Service",
        "LinkedIn",
        "SharePoint",
    }
)
"""Product names: a segment made of these (and numbers, punctuation, code) may stay in English."""

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"[^\W\d_][\w]*")
"""A word with what sticks to it (``company_Band2``, ``int64Value``), to tell identifiers from prose."""
_REPEAT = regex.compile(r"(?<![\p{L}\p{M}\p{N}_-])(\p{L}[\p{L}\p{M}]+)\s+\1(?![\p{L}\p{M}\p{N}_-])", regex.IGNORECASE)
"""A word said twice: a word is letters with their combining marks (a Devanagari vowel sign
never ends one, as no grapheme cluster is split: UAX #29)."""


_MAYBE_REPEAT = re.compile(r"\b(\w\S++)\s++\1")
"""A cheap test first, on the case-folded text (the full pattern is ten times slower; this one
lets one text in a hundred through). A repeated word starts a ``\\w`` run and runs to the end of
its whitespace-separated token, which the next token starts with; words equal under simple case
folding are equal case-folded too."""

_WORD = re.compile(r"[A-Za-z][\w.-]*")
_DOUBLE_SPACE = re.compile(r"\S  +\S")
_FRENCH_TIGHT = re.compile(r"[^\s\u00a0\u202f([{«\"'“:;!?.]([:;!?])(?=\s|$)")
_STOPS = frozenset(".!?")
_BRACKETS: Final = (("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("【", "】"))  # noqa: RUF001 (typography this check is about)
_ANY_BRACKET = re.compile("[" + re.escape("".join(o + c for o, c in _BRACKETS)) + "]")


@segment_check(
    "C001",
    "number",
    Severity.ERROR,
    Category.OMISSION,
    "numbers of the English kept, with the locale's CLDR decimal and group symbols "
    "(1,000.5 = 1 000,5 in fr-FR; native digits accepted)",
    parity=True,
)
def number(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.numbers == target.numbers:
        return None
    problem = number_problem(source.numbers, target.numbers, context.rules, clock_hours(source.prose))
    return None if problem is None else differ("number", *problem)


declare_parity(
    [
        ("C002", "url", Severity.ERROR, Category.MARKUP, "URLs written in the text kept unchanged", "urls", "URL", False),
        ("C003", "email", Severity.ERROR, Category.MARKUP, "e-mail addresses kept unchanged", "emails", "e-mail", False),
    ]
)


def _product_only(text: str, extra: frozenset[str]) -> bool:
    """True when fewer than two words are left once product names are taken out, or every word
    is a name (capitalized) or an identifier (``fieldName``, ``company_Band2``, ``int64``)."""
    rest = text
    for name in sorted(ALLOWLIST | extra, key=len, reverse=True):
        if name in rest:
            rest = rest.replace(name, " ")
    words = _LETTERS.findall(rest)
    return len(words) < 2 or all(word[0].isupper() or not word[1:].islower() for word in _TOKEN.findall(rest))


@segment_check(
    "C004",
    "untranslated",
    Severity.WARNING,
    Category.UNTRANSLATED,
    "translation identical to the English (product names, other names, identifiers, code and numbers allowed)",
    identical=True,
)
def untranslated(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.prose != target.prose or " " not in source.prose.strip() or _product_only(source.prose, context.allowlist):
        return None
    return "translation is identical to the English"


@segment_check("C006", "repeated-word", Severity.WARNING, Category.DUPLICATION, "a word repeated twice in a row")
def repeated_word(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if _MAYBE_REPEAT.search(target.prose.casefold()) is None:
        return None
    for match in _REPEAT.finditer(target.prose):
        word, again = match.group(1), target.prose[match.end() - len(match.group(1)) : match.end()]
        if word.islower() and again[0].isupper():  # "kas nav Nav" (is not None): a UI name starting with the word
            continue
        if word.lower() not in context.rules.doubles and _REPEAT.search(source.prose) is None:
            return f"repeated word “{word}”"
    return None


@segment_check("C007", "edge-space", Severity.WARNING, Category.WHITESPACE, "leading and trailing spaces as in the English")
def edge_space(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if source.edges == target.edges or not segment.target.markup:
        return None
    return "leading or trailing space differs from the English"


def _double_space(inline: Inline) -> bool:
    """A double space inside one text run (spaces on both sides of stripped markup are not one)."""
    return any(isinstance(part, str) and _DOUBLE_SPACE.search(part) for part in inline.parts)


@segment_check("C008", "double-space", Severity.WARNING, Category.WHITESPACE, "no double spaces inside the text")
def double_space(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if "  " not in target.prose or not _double_space(segment.target) or _double_space(segment.source):
        return None
    return "double space in the translation"


def _unbalanced(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for opening, closing in pairs:
        if opening in text or closing in text:
            if opening == closing:
                if text.count(opening) % 2:
                    return opening
            elif text.count(opening) != text.count(closing):
                return opening + closing
    return ""


@segment_check("C009", "brackets", Severity.WARNING, Category.TYPOGRAPHICAL, "brackets pair up as in the English")
def brackets(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if _ANY_BRACKET.search(target.prose) is None:
        return None
    odd = _unbalanced(target.prose, _BRACKETS)
    if not odd or _unbalanced(source.prose, _BRACKETS):
        return None
    return f"unbalanced {odd} in the translation"


@lru_cache(maxsize=64)
def _marks(marks: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(marks) + "]")


def _unpaired(text: str, rules: LocaleRules) -> str:
    """The first quotation mark that closes nothing or is never closed; '' when all pair up."""
    found: list[str] = _marks(rules.quote_marks).findall(text)
    if not found:
        return ""
    closing = dict(rules.quotes)
    opened: list[str] = []
    for char in found:
        if opened and char in closing[opened[-1]]:
            opened.pop()
        elif char in closing:
            opened.append(char)
        else:
            return char
    return opened[-1] if opened else ""


@segment_check(
    "C010",
    "quotes",
    Severity.WARNING,
    Category.TYPOGRAPHICAL,
    "quotation marks pair up as CLDR writes them for the locale («…», „…“, 「…」, “…”); silent for locales CLDR has no marks for",
    when=lambda context: bool(context.rules.quotes),
)
def quotes(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if not context.rules.quotes:
        return None
    odd = _unpaired(target.prose, context.rules)
    if not odd or _unpaired(source.prose, ENGLISH):
        return None
    return f"unpaired quotation mark {odd} in the translation"


@segment_check(
    "C011",
    "end-punctuation",
    Severity.WARNING,
    Category.LOCALE_VIOLATION,
    "sentence end punctuation as the locale's script writes it (. in Latin and Korean, । in Devanagari, "
    "。 in Chinese and Japanese, none in Thai); silent for unknown locales",
    when=lambda context: context.rules.stops is not None,
)
def end_punctuation(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    stops = context.rules.stops
    if stops is None or source.last not in _STOPS:
        return None
    last = target.last
    if not last or last in stops:
        return None
    if not stops:
        return "a full stop ends the translation; this locale ends sentences without one" if last == "." else None
    if context.rules.full_width and last in _STOPS:
        return f"ASCII “{last}” ends the translation; this locale uses a full-width stop"
    return f"the English ends with a full stop, the translation with “{last}”"


@segment_check(
    "C012",
    "french-spacing",
    Severity.WARNING,
    Category.LOCALE_VIOLATION,
    "French: a (no-break) space before : ; ! ?",
    when=lambda context: context.rules.french_spacing,
)
def french_spacing(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if not context.rules.french_spacing:
        return None
    match = _FRENCH_TIGHT.search(target.prose)
    return None if match is None else f"no space before “{match.group(1)}”"


@segment_check(
    "C013",
    "length-ratio",
    Severity.WARNING,
    Category.LENGTH,
    f"translation length within {RATIO_SPREAD}x of the locale's usual ratio to the English (languages with a measured ratio)",
    when=lambda context: context.rules.ratio is not None,
)
def length_ratio(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    english = len(source.prose)
    expected = context.rules.ratio
    if english < 30 or expected is None:
        return None
    ratio = len(target.prose) / english
    if expected / RATIO_SPREAD <= ratio <= expected * RATIO_SPREAD:
        return None
    # Words kept in English (product and UI names) have ratio 1 in every language: leave them out.
    kept = set(_WORD.findall(source.prose)) & set(_WORD.findall(target.prose))
    if kept:
        rest_source = _WORD.sub(lambda m: "" if m.group() in kept else m.group(), source.prose)
        if len(rest_source) < 30:
            return None
        ratio = len(_WORD.sub(lambda m: "" if m.group() in kept else m.group(), target.prose)) / len(rest_source)
        if expected / RATIO_SPREAD <= ratio <= expected * RATIO_SPREAD:
            return None
    return f"translation is {ratio:.2f} times as long as the English (usual here: {expected:.2f})"


@segment_check(
    "C005",
    "do-not-translate",
    Severity.ERROR,
    Category.TERMINOLOGY,
    "glossary terms marked do-not-translate kept verbatim (no-break spaces count as spaces)",
    when=lambda context: bool(context.terms),
)
def do_not_translate(segment: Segment, source: Profile, target: Profile, context: Context) -> str | None:
    if not context.terms:
        return None
    english, translation = source.prose.replace("\u00a0", " "), target.prose.replace("\u00a0", " ")
    for term in context.terms:
        if term in english and translation.count(term) < english.count(term):
            return f"do-not-translate term “{term}” not kept"
    return None
