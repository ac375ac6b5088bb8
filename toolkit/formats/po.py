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
* Any text is written as a valid PO file: PO cannot hold NUL, EOT (the context separator)
  or bytes kept from invalid UTF-8, so they become U+FFFD; in comments and references every
  control character does. msgfmt wants ``msgid`` and ``msgstr`` to agree on leading and
  trailing newlines. A unit that would therefore not read back exactly is refused by the
  export (:func:`refuses`), never written altered.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO

import polib

from toolkit import __version__
from toolkit.formats.units import (
    FormatError,
    Options,
    Unit,
    Variant,
    article_units,
    base_key,
    read_source,
    tuid,
    unique,
    unsafe_ids,
)
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
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_OPTIONS = Options()
_FACT = "block: "
_NO_DATE = "1970-01-01 00:00+0000"


def gettext_language(locale: str) -> str:
    """``nb-NO`` and ``fr-fr`` as gettext writes them: ``nb_NO``, ``fr_FR``."""
    language, _, region = locale.partition("-")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def _clean(text: str) -> str:
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def _comment(text: str) -> str:
    """A comment or reference: one line, no control characters (they become U+FFFD)."""
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def _catalog(locale: str, date: str, extra: dict[str, str]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = _comment(f"Translations en-US -> {locale} of Microsoft Docs articles (bilingual sxs Markdown).")
    catalog.metadata = {
        "Project-Id-Version": "loctk export",
        "POT-Creation-Date": date,
        "PO-Revision-Date": date,
        "Last-Translator": "Microsoft Docs localization",
        "Language-Team": _comment(f"Microsoft Docs {locale}"),
        "Language": _comment(gettext_language(locale)),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(locale.split("-")[0].lower(), _DEFAULT_PLURALS),
        "X-Generator": f"loctk {__version__}",
        "X-Locale": _comment(locale),
        **extra,
    }
    return catalog


def _date(created: str) -> str:
    """A TMX date (``20201001T000000Z``) as a PO header date."""
    return f"{created[:4]}-{created[4:6]}-{created[6:8]} 00:00+0000" if created else _NO_DATE


def _entry(unit: Unit, context: str, mt_fuzzy: bool) -> polib.POEntry:
    target = unit.target
    facts = [_FACT + unit.block, *(f"{name}: {value}" for name, value in target.props)]
    machine = target.prop("ms.translationtype") == "MT"
    return polib.POEntry(
        msgctxt=_clean(context),
        msgid=_clean(unit.source.inline.markup),
        msgstr=_clean(target.inline.markup),
        occurrences=[(_comment(target.path), str(target.line))] if target.path else [],
        comment="\n".join(_comment(fact) for fact in facts),
        flags=["fuzzy"] if machine and mt_fuzzy else [],
    )


def _planned(units: Iterable[Unit], options: Options) -> tuple[list[Unit], polib.POFile, list[str]]:
    """The units, the header-only catalog and each unit's ``msgctxt``."""
    kept = list(units)
    locale = options.locale or (kept[0].target.locale if kept else SOURCE_LOCALE)
    dates = sorted(u.created for u in kept if u.created)
    extra = {"X-Article": _comment(kept[0].article)} if kept and not options.compendium else {}
    head = _catalog(locale, _date(dates[-1] if dates else ""), extra)
    contexts = list(unique((u.article + "/" if options.compendium else "") + u.target.segment for u in kept))
    return kept, head, contexts


def catalog(units: Iterable[Unit], options: Options = _OPTIONS) -> polib.POFile:
    """Units as a catalog: ``msgctxt`` the segment id (one article: ``X-Article`` says which), or
    ``ARTICLE/segment`` in a compendium."""
    kept, result, contexts = _planned(units, options)
    result.extend(_entry(u, key, options.mt_fuzzy) for key, u in zip(contexts, kept, strict=True))
    return result


_LAYOUT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"'}
)
_NEEDS_LAYOUT = re.compile('[\\\\\t\r\n\v\b\f"\x1c-\x1e\x85\u2028\u2029]')
"""What :data:`_LAYOUT_ESCAPES` changes, and what else ``str.splitlines`` breaks a line at."""


def _field(name: str, value: str) -> str:
    """A keyword and its string, split after each line break (polib's layout with no wrapping)."""
    if _NEEDS_LAYOUT.search(value) is None:  # most strings: nothing to escape, one line
        return f'{name} "{value}"\n'
    lines = value.splitlines(True)
    if len(lines) < 2:
        return f'{name} "{value.translate(_LAYOUT_ESCAPES)}"\n'
    return f'{name} ""\n' + "".join(f'"{line.translate(_LAYOUT_ESCAPES)}"\n' for line in lines)


@lru_cache(maxsize=4096)
def _facts(block: str, props: tuple[tuple[str, str], ...]) -> str:
    """The ``#.`` comments of a unit: the same for every unit of an article in one kind of
    block, so each set is written once and remembered."""
    return "".join(f"#. {_comment(fact)}\n" for fact in (_FACT + block, *(f"{name}: {value}" for name, value in props)))


@lru_cache(maxsize=4096)
def _reference(path: str) -> str:
    return _comment(path)


def dumps_entry(unit: Unit, context: str, mt_fuzzy: bool = False) -> str:
    """One entry exactly as ``str(_entry(…))`` lays it out, without building it: exports write
    hundreds of thousands, and polib's object and layout cost more than reading the article."""
    target = unit.target
    reference = f"#: {_reference(target.path)}:{target.line}\n" if target.path else ""
    fuzzy = "#, fuzzy\n" if mt_fuzzy and target.prop("ms.translationtype") == "MT" else ""
    return (
        _facts(unit.block, target.props)
        + reference
        + fuzzy
        + _field("msgctxt", _clean(context))
        + _field("msgid", _clean(unit.source.inline.markup))
        + _field("msgstr", _clean(target.inline.markup))
    )


def write(units: Iterable[Unit], stream: IO[str], options: Options = _OPTIONS) -> int:
    """A PO file of the units (the layout of :func:`catalog`); returns how many entries."""
    kept, head, contexts = _planned(units, options)
    entries = "".join("\n" + dumps_entry(u, key, options.mt_fuzzy) for key, u in zip(contexts, kept, strict=True))
    stream.write(str(head) + entries + "\n")
    return len(kept)


def fragment(units: Sequence[Unit], options: Options = _OPTIONS) -> str:
    """A whole PO file of one article's units (PO writes a file per article)."""
    stream = io.StringIO()
    write(units, stream, options)
    return stream.getvalue()


def refuses(unit: Unit) -> str:
    """Why the unit cannot be written to PO and read back exactly (empty when it can)."""
    source, target = unit.source.inline.markup, unit.target.inline.markup
    unsafe = _UNSAFE.search(source + target)
    if unsafe:
        return f"PO cannot carry U+{ord(unsafe.group()):04X}"
    if target and ((source[:1] == "\n") != (target[:1] == "\n") or (source[-1:] == "\n") != (target[-1:] == "\n")):
        return "the English and the translation do not both begin and end with a newline (msgfmt --check refuses it)"
    return unsafe_ids(unit)


def article_catalog(article: Article, mt_fuzzy: bool = False) -> polib.POFile:
    """One article's segments; ``msgctxt`` is the segment id."""
    return catalog(article_units(article), Options(locale=article.locale, mt_fuzzy=mt_fuzzy))


def compendium(articles: Sequence[Article], mt_fuzzy: bool = False) -> polib.POFile:
    """Every article of one locale; ``msgctxt`` is ``IDENTITY/segment-id``."""
    locale = articles[0].locale if articles else SOURCE_LOCALE
    units = (u for a in articles for u in article_units(a))
    return catalog(units, Options(locale=locale, compendium=True, mt_fuzzy=mt_fuzzy))


def save(catalog: polib.POFile, path: Path) -> int:
    """Write a catalog (folders made as needed); returns how many entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return len(catalog)


def read_po(path: str | Path) -> Iterator[Unit]:
    """The units of a PO file named by its path, in file order."""
    return read_source(read, path)


def read(stream: IO[bytes]) -> Iterator[Unit]:
    """The units of a PO file, in file order, read as strictly as ``msgfmt --check`` reads it.

    polib forgives what msgfmt refuses (an unterminated string loses its last character),
    so the file is read here: a syntax error, an unknown escape, a charset other than UTF-8
    or invalid UTF-8 raise :class:`FormatError`, before any unit is given. Fuzzy, obsolete
    and empty entries come back ``pending`` (msgfmt leaves them out of a ``.mo``), plural
    ones with a ``flaw``. Each line is looked at once: continuation lines cost linear time.
    """
    data = stream.read()
    entries = list(_entries_of(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")))
    header = next((e for e in entries if e.header), None)
    metadata = header.metadata() if header else {}
    charset = re.search(r"charset=([^\s;]+)", metadata.get("Content-Type", "charset=UTF-8"))
    if charset is None or charset.group(1).lower() not in ("utf-8", "utf8"):
        raise FormatError(
            header.line if header else 1, 1, f"charset {charset.group(1) if charset else '?'!r}: only UTF-8 is read"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        raise FormatError(
            data.count(b"\n", 0, error.start) + 1, len(data[start : error.start].decode("utf-8")) + 1, "invalid UTF-8"
        ) from None
    locale = metadata.get("X-Locale") or metadata.get("Language", "").replace("_", "-")
    default_article = metadata.get("X-Article", "")
    for entry in entries:
        if not entry.header:
            yield entry.unit(locale, default_article)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*')
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+")


def _unescape(text: str, line: int, column: int) -> str:
    def one(match: re.Match[str]) -> str:
        char = _ESCAPES.get(match.group(1))
        if char is None:
            raise FormatError(line, column + match.start(), f"unknown escape \\{match.group(1)}")
        return char

    return _ESCAPE.sub(one, text) if "\\" in text else text


def _string(text: str, line: int, column: int) -> str:
    """The value of one quoted string starting at ``column`` of ``line``."""
    match = _STRING.match(text)
    if match is None or match.end() != len(text):
        if not text.startswith('"'):
            raise FormatError(line, column, "a quoted string was expected")
        end = _STRING.match(text)
        if end is None:
            raise FormatError(line, column, "unterminated string")
        raise FormatError(line, column + end.end(), "text after the closing quote")
    return _unescape(match.group(1), line, column + 1)


class _Entry:
    """One PO entry as it is read: its strings (continuation pieces kept as lists) and comments."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.fields: dict[str, list[str]] = {}
        self.flags: list[str] = []
        self.references: list[str] = []
        self.comments: list[str] = []
        self.obsolete = False

    def value(self, name: str) -> str:
        return "".join(self.fields.get(name, ()))

    @property
    def translated(self) -> bool:
        """Whether a ``msgstr`` was read: a comment or a new ``msgid`` then starts the next entry."""
        return any(name.startswith("msgstr") for name in self.fields)

    @property
    def header(self) -> bool:
        return not self.obsolete and "msgctxt" not in self.fields and self.value("msgid") == ""

    def metadata(self) -> dict[str, str]:
        pairs = (line.split(":", 1) for line in self.value("msgstr").split("\n") if ":" in line)
        return {name.strip(): value.strip() for name, value in pairs}

    def unit(self, locale: str, default_article: str) -> Unit:
        article, _, key = self.value("msgctxt").rpartition("/")
        article = article or default_article
        facts = [line.split(": ", 1) for line in self.comments if ": " in line]
        props = tuple((name, value) for name, value in facts if name + ": " != _FACT)
        block = next((value for name, value in facts if name + ": " == _FACT), "")
        segment = base_key(key)
        file = self.references[0].rpartition(":")[0] if self.references else ""
        source, target = self.value("msgid"), self.value("msgstr")
        flaw = pending = ""
        if "msgid_plural" in self.fields:
            flaw, target = "a plural entry is not merged (a segment has one translation)", ""
        elif (source[:1] == "\n") != (target[:1] == "\n") or (source[-1:] == "\n") != (target[-1:] == "\n"):
            flaw = "msgid and msgstr do not both begin and end with a newline (msgfmt --check refuses it)"
        if self.obsolete:
            pending = "obsolete"
        elif "fuzzy" in self.flags:
            pending = "fuzzy"
        elif not target and not flaw:
            pending = "empty"
        return Unit(
            tuid(article, segment),
            article,
            (Variant(SOURCE_LOCALE, parse_inline(source)), Variant(locale, parse_inline(target), segment, file, props)),
            block,
            where=(self.line, 1),
            flaw=flaw,
            pending=pending,
        )


# A run of continuation lines that need no check of their own: each one quoted string with
# known escapes only, ending in LF. One match takes the whole run, so a long string costs one
# scan of its bytes, not a trip through the loop per line (possessive: nothing to backtrack).
_RUN = re.compile(r'(?:"[^"\\\r\n]*+(?:\\[ntr\\"abfv][^"\\\r\n]*+)*+"\n)++')


class _Parser:
    """Reads the lines of a PO text into entries, keeping the entry being read and the keyword
    its continuation lines extend."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entry: _Entry | None = None
        self.last = ""  # the keyword continuation lines add to; "" when none may follow

    def entries(self) -> Iterator[_Entry]:
        for number, raw in self._lines():
            done = self._line(number, raw.rstrip("\r"))
            if done is not None:
                yield done
        if self.entry is not None and self.entry.fields:
            yield _finished(self.entry)

    def _lines(self) -> Iterator[tuple[int, str]]:
        """Each line with its number, but for runs of plain continuation lines (see ``_RUN``),
        which go straight into the entry."""
        text, pos, number = self.text, 0, 1
        while pos < len(text):
            if self.last and self.entry is not None and not self.entry.obsolete and text.startswith('"', pos):
                run = _RUN.match(text, pos)
                if run is not None:
                    value = run.group()[1:-2].replace('"\n"', "")
                    self.entry.fields[self.last].append(_unescape(value, number, 2))
                    number += text.count("\n", pos, run.end())
                    pos = run.end()
                    continue
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            yield number, text[pos:end]
            pos, number = end + 1, number + 1

    def _start(self, number: int) -> _Entry | None:
        """Begins a new entry at this line; returns the one it ends, if any."""
        done = _finished(self.entry) if self.entry is not None and self.entry.fields else None
        self.entry, self.last = _Entry(number), ""
        return done

    def _line(self, number: int, line: str) -> _Entry | None:
        """Reads one line; returns the entry it ends, if any."""
        stripped = line.lstrip()
        obsolete = stripped.startswith("#~")
        if obsolete:
            stripped = stripped[2:].lstrip()
            if stripped.startswith("|"):
                return None
        indent = len(line) - len(stripped) + 1
        if not stripped:
            return None
        if stripped.startswith("#"):
            return self._comment(number, stripped)
        if stripped.startswith('"'):
            if self.entry is None or not self.last or self.entry.obsolete != obsolete:
                raise FormatError(number, indent, "a string continues no keyword")
            self.entry.fields[self.last].append(_string(stripped, number, indent))
            return None
        return self._keyword(number, stripped, indent, obsolete)

    def _comment(self, number: int, stripped: str) -> _Entry | None:
        done = self._start(number) if self.entry is None or self.entry.translated else None
        assert self.entry is not None
        kind, rest = stripped[:2], stripped[2:].strip()
        if kind == "#,":
            self.entry.flags.extend(flag.strip() for flag in rest.split(","))
        elif kind == "#:":
            self.entry.references.extend(rest.split())
        elif kind == "#.":
            self.entry.comments.append(rest)
        return done

    def _keyword(self, number: int, stripped: str, indent: int, obsolete: bool) -> _Entry | None:
        keyword = _KEYWORD.match(stripped)
        if keyword is None:
            raise FormatError(number, indent, f"syntax error: {stripped[:40]!r}")
        name = keyword.group(1)
        done = None
        if self.entry is None or (self.entry.translated and not name.startswith("msgstr")):
            done = self._start(number)
        entry = self.entry
        assert entry is not None
        if entry.fields and entry.obsolete != obsolete:
            raise FormatError(number, indent, "an entry mixes obsolete (#~) and live lines")
        if name in entry.fields:
            raise FormatError(number, indent, f"{name} repeated in one entry")
        if not entry.fields:
            entry.line = number
        entry.obsolete = obsolete
        entry.fields[name] = [_string(stripped[keyword.end() :], number, indent + keyword.end())]
        self.last = name
        return done


def _entries_of(text: str) -> Iterator[_Entry]:
    return _Parser(text).entries()


def _finished(entry: _Entry) -> _Entry:
    names = list(entry.fields)
    strs = [n for n in names if n.startswith("msgstr")]
    if "msgid" not in names or not strs:
        raise FormatError(entry.line, 1, "an entry needs msgid and msgstr")
    order = [n for n in names if not n.startswith("msgstr")]
    if order not in (["msgid"], ["msgctxt", "msgid"], ["msgid", "msgid_plural"], ["msgctxt", "msgid", "msgid_plural"]):
        raise FormatError(entry.line, 1, "msgctxt, msgid, msgid_plural come in that order")
    if ("msgid_plural" in names) != any(n != "msgstr" for n in strs) or ("msgid_plural" in names and "msgstr" in strs):
        raise FormatError(entry.line, 1, "msgstr[N] goes with msgid_plural, msgstr without it")
    return entry
