"""GNU gettext PO (with polib): writer and reader; every file passes ``msgfmt --check``.

Rules:

* ``msgid``/``msgstr`` hold the Markdown markup as written, so a translator sees (and
  keeps) the links and emphasis; reading parses it back into text runs and codes.
* ``msgctxt`` is the segment id (``2efcb-105``) in a per-article file and
  ``IDENTITY/2efcb-105`` in a per-locale compendium: equal texts stay separate units.
* ``#:`` is the article's real ``path:line``; ``#.`` carries the block kind and the
  front-matter facts; machine translations may be flagged ``fuzzy``.
* The header is complete: gettext ``Language`` (``nb_NO``), ``Plural-Forms``, UTF-8,
  ``X-Generator``; ``X-Locale`` and ``X-Article`` let the reader find the article again.
* PO cannot hold NUL, EOT (the context separator) or bytes kept from invalid UTF-8: they
  become U+FFFD. msgfmt wants ``msgid`` and ``msgstr`` to agree on leading and trailing
  newlines, so the translation follows the source there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import polib

from toolkit import __version__
from toolkit.formats.units import Unit, Variant, article_props, base_key, tmx_date, tuid, unique
from toolkit.inline import parse_inline
from toolkit.model import SOURCE_LOCALE, Article

PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ja": "nplurals=1; plural=0;",
    "zh": "nplurals=1; plural=0;",
    "th": "nplurals=1; plural=0;",
    "ms": "nplurals=1; plural=0;",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}
_DEFAULT_PLURALS = "nplurals=2; plural=(n != 1);"
_UNSAFE = re.compile("[\x00\x04\ud800-\udfff]")
_FACT = "block: "
_NO_DATE = "1970-01-01 00:00+0000"


def gettext_language(locale: str) -> str:
    """``nb-NO`` and ``fr-fr`` as gettext writes them: ``nb_NO``, ``fr_FR``."""
    language, _, region = locale.partition("-")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def _clean(text: str) -> str:
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def _follow_newlines(source: str, target: str) -> str:
    if not target:
        return target
    target = target.strip("\n")
    head = "\n" if source.startswith("\n") else ""
    tail = "\n" if source.endswith("\n") else ""
    return head + target + tail


def _catalog(locale: str, date: str, extra: dict[str, str]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = f"Translations en-US -> {locale} of Microsoft Docs articles (bilingual sxs Markdown)."
    catalog.metadata = {
        "Project-Id-Version": "loctk export",
        "POT-Creation-Date": date,
        "PO-Revision-Date": date,
        "Last-Translator": "Microsoft Docs localization",
        "Language-Team": f"Microsoft Docs {locale}",
        "Language": gettext_language(locale),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(locale.split("-")[0].lower(), _DEFAULT_PLURALS),
        "X-Generator": f"loctk {__version__}",
        "X-Locale": locale,
        **extra,
    }
    return catalog


def _date(article: Article) -> str:
    date = tmx_date(article.metadata.get("ms.date"))
    return f"{date[:4]}-{date[4:6]}-{date[6:8]} 00:00+0000" if date else _NO_DATE


def _entries(article: Article, mt_fuzzy: bool, context: str) -> Iterator[polib.POEntry]:
    props = article_props(article)
    machine = article.metadata.get("ms.translationtype") == "MT"
    keys = unique(segment.id for segment in article.segments)
    for key, segment in zip(keys, article.segments, strict=True):
        source = _clean(segment.source.markup)
        facts = [_FACT + segment.block.kind.value, *(f"{name}: {value}" for name, value in props)]
        yield polib.POEntry(
            msgctxt=context + key,
            msgid=source,
            msgstr=_follow_newlines(source, _clean(segment.target.markup)),
            occurrences=[(article.path, str(segment.line))],
            comment="\n".join(facts),
            flags=["fuzzy"] if machine and mt_fuzzy else [],
        )


def article_catalog(article: Article, mt_fuzzy: bool = False) -> polib.POFile:
    """One article's segments; ``msgctxt`` is the segment id."""
    catalog = _catalog(article.locale, _date(article), {"X-Article": article.identity})
    catalog.extend(_entries(article, mt_fuzzy, ""))
    return catalog


def compendium(articles: Sequence[Article], mt_fuzzy: bool = False) -> polib.POFile:
    """Every article of one locale; ``msgctxt`` is ``IDENTITY/segment-id``."""
    dates = sorted(_date(a) for a in articles)
    catalog = _catalog(articles[0].locale if articles else SOURCE_LOCALE, dates[-1] if dates else _NO_DATE, {})
    for article in articles:
        catalog.extend(_entries(article, mt_fuzzy, article.identity + "/"))
    return catalog


def save(catalog: polib.POFile, path: Path) -> int:
    """Write a catalog (folders made as needed); returns how many entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return len(catalog)


def read_po(path: str | Path) -> Iterator[Unit]:
    """The units of a PO file, in file order."""
    catalog = polib.pofile(str(path), wrapwidth=0)
    locale = catalog.metadata.get("X-Locale") or catalog.metadata.get("Language", "").replace("_", "-")
    default_article = catalog.metadata.get("X-Article", "")
    for entry in catalog:
        article, _, key = (entry.msgctxt or "").rpartition("/")
        article = article or default_article
        facts = [line.split(": ", 1) for line in (entry.comment or "").splitlines() if ": " in line]
        props = tuple((name, value) for name, value in facts if name + ": " != _FACT)
        block = next((value for name, value in facts if name + ": " == _FACT), "")
        segment = base_key(key)
        file = entry.occurrences[0][0] if entry.occurrences else ""
        yield Unit(
            tuid(article, segment),
            article,
            (Variant(SOURCE_LOCALE, parse_inline(entry.msgid)),
             Variant(locale, parse_inline(entry.msgstr), segment, file, props)),
            block,
        )

