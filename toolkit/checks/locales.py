"""Typographic rules of the target locales, in one table.

The length ratios are the median ``len(translation) / len(English)`` measured on the
12-locale Project Operations corpus (segments of 20 characters or more); a pair is an
outlier when its ratio is more than :data:`RATIO_SPREAD` times off that median, which
keeps the check under 0.5 % of the human translations in every locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

RATIO_SPREAD: Final = 2.5

_RATIOS: Final = {
    "ar": 0.87, "de": 1.19, "fr": 1.21, "ja": 0.49, "lv": 1.04, "ms": 1.05, "nb": 1.03, "nl": 1.14,
    "ru": 1.09, "th": 0.91, "tr": 1.02, "zh": 0.30, "ko": 0.55, "zh-tw": 0.30, "es": 1.2, "it": 1.18, "pt": 1.16,
}
_CJK: Final = frozenset({"ja", "zh", "ko"})
_QUOTES: Final = {"de": (("„", "“"), ("‚", "‘")), "fr": (("«", "»"),), "ja": (("「", "」"), ("『", "』")),  # noqa: RUF001 (typography this check is about)
                  "zh": (("“", "”"), ("「", "」"))}
_DEFAULT_QUOTES: Final = (("“", "”"),)
_DOUBLES: Final = {
    "de": frozenset({"die", "der", "das", "den", "dem", "des", "sie"}),
    "nl": frozenset({"dat", "die"}),
    "fr": frozenset({"nous", "vous"}),
}


@dataclass(frozen=True, slots=True)
class LocaleRules:
    """What is right in one target language."""

    language: str
    """Lowercase primary language subtag (``fr``), or ``zh-tw`` style where the script matters."""
    ratio: float
    """Expected length ratio against the English."""
    stops: str
    """Characters a translation may end with when the English ends with ``.``, ``!`` or ``?``."""
    full_stop: bool = True
    """False for Thai, which ends sentences with a space, never ``.``."""
    cjk: bool = False
    french_spacing: bool = False
    """A (no-break) space goes before ``:;!?`` (French)."""
    quotes: tuple[tuple[str, str], ...] = _DEFAULT_QUOTES
    """Opening and closing quotation marks that must pair up."""
    doubles: frozenset[str] = frozenset()
    """Words the grammar may repeat (German ``, die die``), lowercase."""


@lru_cache(maxsize=64)
def rules_for(locale: str) -> LocaleRules:
    """The rules of a locale such as ``fr-FR`` (unknown languages get neutral defaults)."""
    lowered = locale.lower()
    language = lowered.split("-")[0]
    ratio = _RATIOS.get(lowered, _RATIOS.get(language, 1.0))
    quotes = _QUOTES.get(language, _DEFAULT_QUOTES)
    doubles = _DOUBLES.get(language, frozenset())
    if language in _CJK:
        return LocaleRules(language, ratio, "。！？：）」』”…", cjk=True, quotes=quotes)  # noqa: RUF001 (typography this check is about)
    if language == "th":
        return LocaleRules(language, ratio, "", full_stop=False, quotes=quotes)
    stops = ".!?:;…)\"”»’'" + ("؟" if language == "ar" else "")  # noqa: RUF001 (typography this check is about)
    return LocaleRules(language, ratio, stops, french_spacing=language == "fr", quotes=quotes,
                       doubles=doubles)
