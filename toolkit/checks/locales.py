"""What is right in each target locale, from CLDR data and a few measured tables.

* Quotation marks: CLDR's delimiters (``quotes.json``; Babel does not carry them), the primary
  and the alternate pair. Where CLDR closes a low ``„`` with ``”`` (Polish, Serbian), ``“``
  closes it too: CLDR itself moved between the two (Serbian) and both are in use. A
  pair closing with ``’`` is left out: that mark is also the apostrophe. The English ``“…”``
  pair is accepted too where the locale does not use those marks otherwise.
* Decimal and group symbols: CLDR through Babel, for the Latin digits and the locale's own.
  A group symbol that is a space (no-break, narrow no-break) accepts any of the three.
* Sentence-final punctuation: a table per ISO 15924 script (the script comes from the tag or
  CLDR's likely subtags), so Korean ends with ``.``, Hindi with ``।``, Chinese and Japanese
  with ``。`` and Thai with none.

A locale CLDR does not know (or no locale at all) gets no typography rules: the checks that
need them are silent there rather than guess, and :func:`silences` says which, so a run can
say it once per locale (or script, or language) instead of staying silent unnoticed.

The length ratios are the median ``len(translation) / len(English)`` measured on the
12-locale Project Operations corpus (segments of 20 characters or more); a pair is an
outlier when its ratio is more than :data:`RATIO_SPREAD` times off that median, which
keeps the check under 0.5 % of the human translations in every locale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final, NamedTuple

from babel import Locale, UnknownLocaleError

from toolkit.docs import script_of

RATIO_SPREAD: Final = 2.5

_RATIOS: Final = {
    "ar": 0.87,
    "de": 1.19,
    "fr": 1.21,
    "ja": 0.49,
    "lv": 1.04,
    "ms": 1.05,
    "nb": 1.03,
    "nl": 1.14,
    "ru": 1.09,
    "th": 0.91,
    "tr": 1.02,
    "zh": 0.30,
    "ko": 0.55,
    "zh-tw": 0.30,
    "es": 1.2,
    "it": 1.18,
    "pt": 1.16,
}
_FULL_WIDTH: Final = frozenset({"Hans", "Hant", "Jpan"})
"""Scripts whose sentences end with full-width marks; an ASCII ``.`` there is wrong."""
_SENTENCE_END: Final = {
    "Latn": ".",
    "Cyrl": ".",
    "Grek": ".;",
    "Armn": "։.",
    "Geor": ".",
    "Hebr": ".",
    "Arab": ".؟۔",
    "Thaa": ".",
    "Deva": "।.",
    "Beng": "।.",
    "Guru": "।.",
    "Orya": "।.",
    "Gujr": ".",
    "Taml": ".",
    "Telu": ".",
    "Knda": ".",
    "Mlym": ".",
    "Sinh": ".",
    "Kore": ".",
    "Hans": "。",
    "Hant": "。",
    "Jpan": "。",
    "Khmr": "។",
    "Mymr": "။",
    "Ethi": "።",
    "Tibt": "།",
    "Thai": "",
}
"""Sentence-final marks per script (the first is the full stop); ``""``: sentences end with no mark (Thai)."""
_ALSO_ENDS: Final = "!?:;…"
_FULL_WIDTH_ENDS: Final = "！？：）」』”…"
_APOSTROPHES: Final = frozenset("’'")
_HIGH_CLOSERS: Final = {"”": "“"}
"""A low ``„`` that CLDR closes with ``”`` (Polish, Serbian, Romanian) is also closed with ``“`` in use."""
_ENGLISH_QUOTES: Final = (("“", "”"),)
_RIGHT_TO_LEFT: Final = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"})
_SPACES: Final = "\u00a0\u202f "
_DOUBLES: Final = {
    "de": frozenset({"die", "der", "das", "den", "dem", "des", "sie"}),
    "nl": frozenset({"dat", "die"}),
    "fr": frozenset({"nous", "vous"}),
    "tr": frozenset({"tek", "ayrı", "adım", "yavaş", "birer"}),  # reduplication: "tek tek", one by one
}

QuotePairs = tuple[tuple[str, str], ...]
"""Opening marks, each with the marks that may close it."""


@dataclass(frozen=True, slots=True)
class LocaleRules:
    """What is right in one target locale; an empty field means the locale's data is unknown."""

    language: str
    """Lowercase primary language subtag (``fr``), or ``zh-tw`` style where the script matters."""
    script: str = ""
    """ISO 15924 script (``Latn``, ``Deva``…); '' when CLDR does not know the locale."""
    ratio: float | None = None
    """Expected length ratio against the English; None when not measured."""
    stops: str | None = None
    """Marks a translation may end with when the English ends with ``.``, ``!`` or ``?``; ''
    when the locale ends sentences with none (Thai); None when unknown."""
    full_width: bool = False
    """Sentences end with ``。``-style marks (Chinese, Japanese): ASCII ``.!?`` is wrong."""
    french_spacing: bool = False
    """A (no-break) space goes before ``:;!?`` (French)."""
    quotes: QuotePairs = ()
    """Quotation marks that must pair up; empty when CLDR has none for the locale."""
    decimal: str = ""
    """Decimal symbols (Latin digits' and the locale's own); '' when unknown."""
    group: str = ""
    """Group symbols; a space-like one brings the other spaces along."""
    secondary: int = 3
    """Digits in the groups above the first (2 for Indian lakh grouping, ``1,00,000``)."""
    doubles: frozenset[str] = frozenset()
    """Words the grammar may repeat (German ``, die die``), lowercase."""
    quote_marks: str = field(init=False, default="")
    """Every mark of ``quotes`` once, in order (derived: a text with none of them needs no pairing)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "quote_marks", "".join(dict.fromkeys("".join(o + c for o, c in self.quotes))))


@lru_cache(maxsize=1)
def _quote_table() -> dict[str, str]:
    data = json.loads(resources.files("toolkit.checks").joinpath("quotes.json").read_text(encoding="utf-8"))
    table: dict[str, str] = data["locales"]
    return table


def _cldr(locale: str) -> Locale | None:
    try:
        return Locale.parse(locale.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _quotes(cldr: Locale, script: str) -> QuotePairs:
    """The quotation pairs CLDR gives the locale (see the module docstring for what is added and left out)."""
    table = _quote_table()
    language, region = cldr.language, cldr.territory or ""
    tried = [f"{language}-{script}-{region}", f"{language}-{script}", f"{language}-{region}", language]
    marks = next((table[key] for key in tried if key in table), "")
    pairs: dict[str, str] = {}
    for opener, closer in zip(marks[0::2], marks[1::2], strict=True):
        if closer in _APOSTROPHES or opener in _APOSTROPHES:
            continue
        closers = pairs.get(opener, "") + closer + (_HIGH_CLOSERS.get(closer, "") if opener == "„" else "")
        pairs[opener] = "".join(dict.fromkeys(closers))
    if script in _RIGHT_TO_LEFT:  # mirrored marks: either may open
        for opener, closers in list(pairs.items()):
            for closer in closers:
                pairs.setdefault(closer, opener)
    used = set(pairs) | set("".join(pairs.values()))
    if pairs and not used & {"“", "”"}:
        pairs["“"] = "”"
    return tuple(pairs.items())


def _secondary(cldr: Locale) -> int:
    pattern = cldr.decimal_formats.get(None)
    return pattern.grouping[1] if pattern is not None and pattern.grouping[1] in (2, 3) else 3


def _symbols(cldr: Locale) -> tuple[str, str]:
    """Decimal and group symbols of the Latin digits and of the locale's default numbering system."""
    decimal, group = "", ""
    for system in dict.fromkeys(("latn", cldr.default_numbering_system or "latn")):
        symbols = cldr.number_symbols.get(system)
        if symbols is None:
            continue
        decimal += symbols.get("decimal", "")
        group += symbols.get("group", "")
    if any(mark in _SPACES for mark in group):
        group += _SPACES
    if any(mark in _APOSTROPHES for mark in group):
        group += "".join(_APOSTROPHES)
    return "".join(dict.fromkeys(decimal)), "".join(dict.fromkeys(group))


@lru_cache(maxsize=256)
def rules_for(locale: str) -> LocaleRules:
    """The rules of a locale such as ``fr-FR``; a locale CLDR does not know gets empty ones."""
    lowered = locale.lower()
    language = lowered.split("-")[0]
    ratio = _RATIOS.get(lowered, _RATIOS.get(language))
    cldr = _cldr(locale) if locale else None
    script = script_of(locale) if cldr is not None else ""
    if cldr is None or not script:
        return LocaleRules(language, ratio=ratio)
    stops = _SENTENCE_END.get(script)
    full_width = script in _FULL_WIDTH
    if stops:
        stops += _FULL_WIDTH_ENDS if full_width else _ALSO_ENDS
    decimal, group = _symbols(cldr)
    return LocaleRules(
        language,
        script,
        ratio,
        stops,
        full_width,
        language == "fr",
        _quotes(cldr, script),
        decimal,
        group,
        _secondary(cldr),
        _DOUBLES.get(language, frozenset()),
    )


ENGLISH: Final = LocaleRules("en", "Latn", 1.0, "." + _ALSO_ENDS, quotes=(*_ENGLISH_QUOTES, ('"', '"')), decimal=".", group=",")
"""The rules of the English halves (``en-US``); straight quotes count there, to tell a quotation the
English leaves open."""


_UNSPACED: Final = frozenset({"Hani", "Hans", "Hant", "Jpan", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"})
"""Scripts that write words together, without a space between them."""


class Silence(NamedTuple):
    """A locale-dependent check that is silent, or less strict, for some locale."""

    code: str
    subject: str
    """What the check lacks data for: a locale, a script or a language; said once for each."""
    message: str


@lru_cache(maxsize=256)
def silences(locale: str) -> tuple[Silence, ...]:
    """The locale-dependent checks that are silent (or less strict) for ``locale``, and why.

    C001 reads any grouping and C010 and C011 are silent where CLDR does not know the locale;
    C011 is silent for a script with no sentence-end marks in the table, C006 sees no repeat
    where the script writes words together, C013 is silent for a language with no measured ratio.
    """
    rules = rules_for(locale)
    named = locale or "files with no locale"
    found: list[Silence] = []
    if not rules.script:
        why = f"{locale}: CLDR does not know this locale" if locale else named
        found += [
            Silence("C001", named, f"number reads numbers with any group and decimal symbol for {why}"),
            Silence("C010", named, f"quotes is silent for {why}"),
            Silence("C011", named, f"end-punctuation is silent for {why}"),
        ]
    else:
        script = rules.script
        if rules.stops is None:
            found.append(
                Silence(
                    "C011", script, f"end-punctuation is silent for the {script} script ({locale}): no sentence-end marks known"
                )
            )
        if script in _UNSPACED:
            found.append(
                Silence(
                    "C006",
                    script,
                    f"repeated-word sees only words with a space between them; {script} ({locale}) writes words together",
                )
            )
    if rules.ratio is None:
        language = rules.language or named
        found.append(Silence("C013", language, f"length-ratio is silent for {language} ({named}): no measured length ratio"))
    return tuple(found)
