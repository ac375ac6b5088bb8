"""Translation files nobody on the team wrote: every hostile shape has one exact outcome.

Each test merges a crafted PO, TMX, XLIFF or JSONL file into the seed article (or a crafted
one) through the CLI and asserts the message, the exit code and the bytes written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS
from tm_support import MERGEABLE

from toolkit.cli import main
from toolkit.formats import po
from toolkit.sxs import read_article

SEED = SEEDS / "close-opportunity.fr-FR.md"
ARTICLE = "06c6f06754714af3260ddb1c86aacc2f937ba77d"
EVIL = '</span></span><span data-ttu-id="evil-1">'


def _merge(tmp_path: Path, name: str, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of merging one translation file into the seed."""
    source = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    source.write_bytes(text)
    code = main(["merge", str(SEED), "--from", str(source), "-o", str(tmp_path / "out"), "-q"])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(source), name)


def _unchanged(tmp_path: Path) -> bool:
    return (tmp_path / "out" / SEED.name).read_bytes() == SEED.read_bytes()


def _seed_po() -> str:
    return str(po.article_catalog(read_article(SEED))) + "\n"


def _po_entry(context: str, msgid: str, msgstr: str, extra: str = "") -> str:
    return f'{extra}msgctxt "{context}"\nmsgid "{msgid}"\n{msgstr}\n\n'


HEADER = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Locale: fr-FR\\n"\n"X-Article: {ARTICLE}\\n"\n\n'
ENGLISH_107 = "You won't be allowed to close the opportunity if there are any active quotes associated with it."


# --- PO -------------------------------------------------------------------------------------


def test_fuzzy_obsolete_and_empty_entries_are_counted_not_applied(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEADER + _po_entry("2efcb-107", ENGLISH_107, 'msgstr "Nouveau."', "#, fuzzy\n")
    text += (
        _po_entry("2efcb-107", ENGLISH_107, 'msgstr ""')
        .replace("2efcb-107", "2efcb-108")
        .replace(ENGLISH_107, "You can close all active and draft quotes associated to an opportunity at the same time.")
    )
    text += '#~ msgctxt "2efcb-105"\n#~ msgid "Old."\n#~ msgstr "Vieux."\n'
    code, out, err = _merge(tmp_path, "t.po", text, capsys)
    assert (code, err) == (0, "")
    assert (
        out == f"0 translations changed (1 empty, 1 fuzzy, 1 obsolete units not applied) in 0 of 1 articles -> "
        f"{tmp_path / 'out'}/\n"
    )
    assert _unchanged(tmp_path)


def test_a_plural_entry_is_refused_where_it_stands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEADER + _po_entry("2efcb-107", ENGLISH_107, 'msgid_plural "Many."\nmsgstr[0] "Un."\nmsgstr[1] "Deux."')
    code, _out, err = _merge(tmp_path, "t.po", text, capsys)
    assert code == 1
    assert err == f"t.po:7:1: error: unit {ARTICLE}-107: a plural entry is not merged (a segment has one translation) [T005]\n"
    assert _unchanged(tmp_path)


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ('msgstr "Fin', "9:8", "unterminated string"),
        ('msgstr "Fin\\q."', "9:12", "unknown escape \\q"),
        ('msgstr "Fin" x', "9:14", "text after the closing quote"),
        ("msgstr Fin", "9:8", "a quoted string was expected"),
        ('msgstr "Fin."\nmsgfoo "x"', "10:1", "syntax error: 'msgfoo \"x\"'"),
        ('msgstr "Fin."\nmsgstr "Encore."', "10:1", "msgstr repeated in one entry"),
        ('"orphan"', "7:1", "an entry needs msgid and msgstr"),
        ('"orphan"\nmsgstr "x"\n"more" "two"', "11:8", "text after the closing quote"),
        ('msgstr "Fin \xff."', "9:13", "invalid UTF-8"),
    ],
)
def test_po_syntax_errors_are_located_and_merge_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, where: str, message: str
) -> None:
    text = HEADER.encode() + f'msgctxt "2efcb-107"\nmsgid "{ENGLISH_107}"\n'.encode() + body.encode("latin-1") + b"\n"
    code, out, err = _merge(tmp_path, "t.po", text.replace(b"\\\\", b"\\"), capsys)
    assert code == 1
    assert err == f"t.po:{where}: error: {message} [T001]\n"
    assert out.startswith("0 translations changed")
    assert _unchanged(tmp_path)


def test_po_in_another_charset_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEADER.replace("UTF-8", "ISO-8859-1") + _po_entry("2efcb-107", ENGLISH_107, 'msgstr "Fin."')
    code, _out, err = _merge(tmp_path, "t.po", text, capsys)
    assert (code, err) == (1, "t.po:1:1: error: charset 'ISO-8859-1': only UTF-8 is read [T001]\n")
    assert _unchanged(tmp_path)


def test_long_continuations_are_read_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pieces = "".join('"é"\n' for _ in range(20_000))
    text = HEADER + f'msgctxt "2efcb-107"\nmsgid "{ENGLISH_107}"\nmsgstr ""\n{pieces}\n'
    code, out, err = _merge(tmp_path, "t.po", text, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("1 translations changed in 1 of 1 articles")
    assert "é" * 20_000 + "</span>" in (tmp_path / "out" / SEED.name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "msgstr",
    [
        f'msgstr "{EVIL.replace(chr(34), chr(92) + chr(34))}"',
        'msgstr "Fin **gras**."',
        'msgstr "Voir [ici](https://evil.example)."',
    ],
)
def test_po_translation_adding_markup_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], msgstr: str) -> None:
    code, _out, err = _merge(tmp_path, "t.po", HEADER + _po_entry("2efcb-107", ENGLISH_107, msgstr), capsys)
    assert code == 1
    assert (
        err == f"t.po:7:1: error: unit {ARTICLE}-107: its inline codes are not the English segment's "
        "(same codes, in any order) [T004]\n"
    )
    assert _unchanged(tmp_path)


def test_po_text_that_reads_as_span_markup_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgstr = 'msgstr "Fin \\\\</span>."'
    code, _out, err = _merge(tmp_path, "t.po", HEADER + _po_entry("2efcb-107", ENGLISH_107, msgstr), capsys)
    assert (code, err) == (1, f"t.po:7:1: error: unit {ARTICLE}-107: its text would read back as markup [T004]\n")
    assert _unchanged(tmp_path)


@pytest.mark.parametrize("char", ["\\x01", "\\v", "\\f", "\\b", "\\a"])
def test_po_control_characters_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    msgstr = f'msgstr "Fin{char}."'
    code, _out, err = _merge(tmp_path, "t.po", HEADER + _po_entry("2efcb-107", ENGLISH_107, msgstr), capsys)
    if char == "\\x01":
        assert (code, err) == (1, "t.po:9:12: error: unknown escape \\x [T001]\n")
    else:
        value = {"\\v": 0x0B, "\\f": 0x0C, "\\b": 0x08, "\\a": 0x07}[char]
        assert (code, err) == (1, f"t.po:7:1: error: unit {ARTICLE}-107: U+{value:04X} cannot appear in an article [T006]\n")
    assert _unchanged(tmp_path)


def test_a_segment_given_twice_is_merged_from_neither(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEADER + _po_entry("2efcb-107", ENGLISH_107, 'msgstr "Un."') + _po_entry("2efcb-107", ENGLISH_107, 'msgstr "Deux."')
    code, _out, err = _merge(tmp_path, "t.po", text, capsys)
    assert code == 1
    assert (
        err == f"t.po:11:1: error: unit {ARTICLE}-107: segment 2efcb-107 was given already at t.po:7:1; "
        "neither is merged [T007]\n"
    )
    assert _unchanged(tmp_path)


def test_the_same_segment_in_two_files_is_merged_from_neither(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in (("a.po", "Un."), ("b.po", "Deux.")):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(HEADER + _po_entry("2efcb-107", ENGLISH_107, f'msgstr "{value}"'))
    code = main(["merge", str(SEED), "--from", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err.replace(str(tmp_path / "in") + "/", "")
    assert code == 1
    assert (
        err == f"b.po:7:1: error: unit {ARTICLE}-107: segment 2efcb-107 was given already at a.po:7:1; neither is merged [T007]\n"
    )
    assert _unchanged(tmp_path)


# --- TMX and XLIFF -----------------------------------------------------------------------------


def _tmx(seg: str, head: str = "", tuid: str = "107") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<tmx version="1.4">\n<header srclang="en-US"/>\n<body>\n'
        f'<tu tuid="{ARTICLE}-{tuid}"><prop type="x-article">{ARTICLE}</prop>\n'
        f'  <tuv xml:lang="en-US"><seg>{ENGLISH_107.replace(chr(39), "&apos;")}</seg></tuv>\n'
        f'  <tuv xml:lang="fr-FR"><prop type="x-segment">2efcb-{tuid}</prop><seg>{seg}</seg></tuv></tu>\n'
        "</body>\n</tmx>\n"
    )


@pytest.mark.parametrize(
    ("seg", "code", "message"),
    [
        (
            f"<ph>{EVIL.replace('<', '&lt;')}</ph>",
            "T004",
            "its inline codes are not the English segment's (same codes, in any order)",
        ),
        ('Fin<ph type="x-cp">DCFF</ph>.', "T006", "U+DCFF cannot appear in an article"),
        ('Fin<ph type="x-cp">0</ph>.', "T006", "U+0000 cannot appear in an article"),
        ('Fin<ph type="x-cp">D800</ph>.', "T006", "U+D800 cannot appear in an article"),
        ('Fin<ph type="x-cp">110000</ph>.', "T005", "<ph type='x-cp'> names no character: '110000'"),
        ('Fin<ph type="x-cp">FFFFFFFFFFFFFFFFFFFF</ph>.', "T005", "<ph type='x-cp'> names no character: 'FFFFFFFFFFFFFFFFFFFF'"),
        ("Fin<ut>x</ut>.", "T005", "<ut> is not read inside <seg>"),
    ],
)
def test_tmx_units_are_refused_at_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seg: str, code: str, message: str
) -> None:
    exit_code, _out, err = _merge(tmp_path, "t.tmx", _tmx(seg), capsys)
    assert exit_code == 1
    assert err == f"t.tmx:5:1: error: unit {ARTICLE}-107: {message} [{code}]\n"
    assert _unchanged(tmp_path)


def test_tmx_unit_without_edit_beside_a_refused_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = "Impossible de fermer l'opportunité tant que des devis actifs y sont associés."
    text = _tmx(good).replace("</body>", _tmx('<ph type="x-cp">1F</ph>').split("<body>\n")[1].split("</body>")[0] + "</body>")
    code, _out, err = _merge(tmp_path, "t.tmx", text, capsys)
    assert code == 1
    assert (
        err == f"t.tmx:8:1: error: unit {ARTICLE}-107: segment 2efcb-107 was given already at t.tmx:5:1; "
        "neither is merged [T007]\n"
    )
    assert _unchanged(tmp_path)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (_tmx("Fin").replace("</tu>", ""), "8:8", "not well-formed XML: Opening and ending tag mismatch: tu line 5 and body"),
        (_tmx("Fin &eacute;"), "7:81", "not well-formed XML: Entity 'eacute' not defined"),
        (
            _tmx("&e;", '<!DOCTYPE tmx [<!ENTITY e "x">]>\n'),
            "2:1",
            "a document type with declarations is not read (no DTD, no entities)",
        ),
        (
            _tmx("x", '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'),
            "2:1",
            "a document type with declarations is not read (no DTD, no entities)",
        ),
        (
            _tmx("<hi>" * 5000 + "x" + "</hi>" * 5000),
            "7:1076",
            "not well-formed XML: Excessive depth in document: 256, use XML_PARSE_HUGE option",
        ),
        (_tmx("x").replace('version="1.4"', 'version="2.0"'), "2:1", "tmx version '2.0' is not read (only 1.4, 1.4b)"),
        ("", "1:1", "not well-formed XML: no element found"),
    ],
)
def test_tmx_files_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, message: str
) -> None:
    code, out, err = _merge(tmp_path, "t.tmx", text, capsys)
    assert code == 1
    assert err == f"t.tmx:{where}: error: {message} [T001]\n"
    assert out.startswith("0 translations changed")
    assert _unchanged(tmp_path)


def test_an_external_dtd_is_never_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY x "stolen">')
    text = _tmx("Fin.", f'<!DOCTYPE tmx SYSTEM "{secret.as_uri()}">\n')
    code, out, err = _merge(tmp_path, "t.tmx", text, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("1 translations changed")
    assert "stolen" not in (tmp_path / "out" / SEED.name).read_text(encoding="utf-8")


def _xliff(target: str, namespace: str = "urn:oasis:names:tc:xliff:document:2.0", version: str = "2.0") -> str:
    return (
        f'<?xml version="1.0"?>\n<xliff xmlns="{namespace}" version="{version}" srcLang="en-US" trgLang="fr-FR">\n'
        f'<file id="f1"><notes><note category="article">{ARTICLE}</note></notes>\n'
        f'<unit id="2efcb-107"><segment><source>{ENGLISH_107}</source>\n'
        f"<target>{target}</target></segment></unit></file></xliff>\n"
    )


@pytest.mark.parametrize(
    ("text", "where", "code", "message"),
    [
        (_xliff("x", "urn:oasis:names:tc:xliff:document:1.2"), "2:1", "T001", "xliff version '2.0' is not read (only 1.2)"),
        (
            _xliff("x", "urn:example"),
            "2:1",
            "T001",
            "the root element is <{urn:example}xliff>, not <xliff> in namespace urn:oasis:names:tc:xliff:document:2.0",
        ),
        (_xliff("x", version="3.0"), "2:1", "T001", "xliff version '3.0' is not read (only 2.0, 2.1)"),
        (_xliff('Fin<cp hex="DCFF"/>.'), "4:1", "T006", f"unit {ARTICLE}-107: U+DCFF cannot appear in an article"),
        (_xliff('Fin<cp hex="zz"/>.'), "4:1", "T005", f"unit {ARTICLE}-107: <cp hex='zz'> names no character"),
        (_xliff('Fin<ph id="1" dataRef="nothing"/>.'), "4:1", "T005", f"unit {ARTICLE}-107: dataRef='nothing' names no <data>"),
        (_xliff("Fin\x01"), "5:12", "T001", "not well-formed XML: PCDATA invalid Char value 1"),
    ],
)
def test_xliff_problems_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, code: str, message: str
) -> None:
    exit_code, _out, err = _merge(tmp_path, "t.xlf", text, capsys)
    assert exit_code == 1
    severity = "error"
    assert err == f"t.xlf:{where}: {severity}: {message} [{code}]\n"
    assert _unchanged(tmp_path)


def test_an_eight_megabyte_attribute_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _tmx("Fin.").replace("<header ", f'<header x-big="{"a" * 8_000_000}" ')
    code, out, _err = _merge(tmp_path, "t.tmx", text, capsys)
    assert code == 0 and out.startswith("1 translations changed")


def test_jsonl_line_that_is_not_a_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _merge(tmp_path, "t.jsonl", '{"id": 1}\n{nope\n', capsys)
    assert (code, err) == (
        1,
        "t.jsonl:1:1: error: a pair needs the string fields id, article, segment, path, "
        "source_locale, target_locale, source_markup, target_markup, block [T001]\n",
    )
    assert _unchanged(tmp_path)


# --- export, then merge with no edit ------------------------------------------------------------

PAIR = '<span data-ttu-id="abcde-{n}">{t}</span><span class="sxs-lookup"><span data-stu-id="abcde-{n}">{s}</span></span>'
HOSTILE = [
    ("Eins\rzwei.", "One\rtwo."),
    ("Nul\x00 und \udcff.", "Nul\x00 and \udcff."),
    ("\nNeue Zeile.", "New line."),
    ("Ende.\n", "End."),
    ("a\x01b \ufffe", "a\x01b"),
    (" Raum ", " space "),
    ("**Fett** `x`", "**Bold** `x`"),
]


@pytest.mark.parametrize("name", MERGEABLE)
def test_export_then_merge_changes_no_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    text = (
        "---\nms.contentlocale: de-DE\nms.openlocfilehash: abc\n---\n"
        + "\n\n".join(PAIR.format(n=100 + i, t=t, s=s) for i, (t, s) in enumerate(HOSTILE))
        + "\n"
    )
    article = tmp_path / "in" / "hostile.md"
    article.parent.mkdir()
    article.write_bytes(text.encode("utf-8", "surrogateescape"))
    code = main(["export", str(article), "-f", name, "-o", str(tmp_path / "x"), "-q"])
    out, err = capsys.readouterr()
    refused = {
        "po": [
            (7, 1, "abcde-101", "PO cannot carry U+0000"),
            (
                9,
                1,
                "abcde-102",
                "the English and the translation do not both begin and end with a newline (msgfmt --check refuses it)",
            ),
            (
                12,
                1,
                "abcde-103",
                "the English and the translation do not both begin and end with a newline (msgfmt --check refuses it)",
            ),
        ]
    }.get(name, [])
    assert err == f"{article}:7:40: error: invalid UTF-8 byte(s) ff (kept as they are) [P001]\n" + "".join(
        f"{article}:{line}:{column}: warning: segment {segment} is left out of the {name} export: {reason} [T009]\n"
        for line, column, segment, reason in refused
    )
    assert code == 1
    assert out.startswith(f"{name}: {len(HOSTILE) - len(refused)} units in 1 files")
    code = main(["merge", str(article), "--from", str(tmp_path / "x"), "-o", str(tmp_path / "out"), "-q"])
    out, err = capsys.readouterr()
    assert (code, out.split(" in ")[0]) == (1, "0 translations changed")
    assert err == f"{article}:7:40: error: invalid UTF-8 byte(s) ff (kept as they are) [P001]\n"
    assert (tmp_path / "out" / "hostile.md").read_bytes() == article.read_bytes()
