"""Hostile input and unlucky runs, from the command line: exact messages, exit codes and the
files on disk before and after.

Writes outside ``-o``, inputs destroyed, torn files, and failures that must not look like
findings (a traceback, or exit 1 for a full disk). Every case runs in-process with ``-j1``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import SEEDS
from hypothesis import given
from hypothesis import strategies as st

from toolkit.cli import main
from toolkit.corpus import default_jobs
from toolkit.errors import EXIT_INTERNAL, EXIT_OUTPUT, EXIT_PROBLEMS, EXIT_USAGE, OutputError
from toolkit.outputs import MANIFEST, OutputTree, UnsafePath, json_text, write_temporary

NB = "close-opportunity.nb-NO.md"
FR = "close-opportunity.fr-FR.md"
LOCALE_LINE = 14  # ms.contentlocale in the seeds' front matter
EXPORTS = [["export", "-f", name] for name in ("tmx", "po", "xliff", "jsonl", "moses")] + [
    ["export", "-f", "po", "--compendium"],
    ["render"],
    ["build"],
]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path to bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[Path]:
    """Temporary files of the output helper still lying around."""
    return [p for p in folder.rglob("*") if ".loctk-" in p.name and p.name.endswith(".tmp")]


def loctk(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one run."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def command(kind: list[str], source: Path, out: Path) -> list[str | Path]:
    """``kind`` over ``source`` into ``out`` (build takes one corpus folder)."""
    return [kind[0], source, *kind[1:], "-o", out, "-j1", "-q"]


@pytest.fixture()
def pair(tmp_path: Path) -> Path:
    """A folder with two articles of the seeds: nb-NO and fr-FR."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (NB, FR):
        shutil.copy(SEEDS / name, folder / name)
    return folder


def set_front(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{key}:") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f"{key}: {value}" + text[end:], encoding="utf-8")


# Writes outside -o


@pytest.mark.parametrize("kind", EXPORTS, ids=" ".join)
@pytest.mark.parametrize("locale", ["../../x", "ABSOLUTE", "fr-FR/../../y", "nb NO"])
def test_a_locale_that_is_no_bcp47_tag_is_refused_for_its_file_only(
    kind: list[str], locale: str, pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locale = str(tmp_path / "abs") if locale == "ABSOLUTE" else locale
    set_front(pair / NB, "ms.contentlocale", locale)
    before = snapshot(tmp_path)
    out = tmp_path / "out"
    code, _, err = loctk(capsys, *command(kind, pair, out))
    assert code == EXIT_PROBLEMS
    refused = f"{pair / NB}:{LOCALE_LINE}:1: error: not written: locale {locale!r} is not a BCP 47 tag [O001]"
    assert refused in err.splitlines()
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("out/")} == before  # nothing written elsewhere
    assert not (tmp_path / "x").exists() and not (tmp_path / "abs").exists()
    assert any("fr-FR" in name for name in after if name.startswith("out/"))  # the other article is written
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["complete"] is True


@pytest.mark.parametrize("kind", EXPORTS, ids=" ".join)
def test_an_identity_with_dot_dot_never_becomes_a_path(
    kind: list[str], pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_front(pair / NB, "ms.openlocfilehash", "../../y")
    before = snapshot(tmp_path)
    code, _, _ = loctk(capsys, *command(kind, pair, tmp_path / "out"))
    assert code == 0
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("out/")} == before
    assert not (tmp_path / "y").exists()


def test_a_symlink_in_the_output_folder_is_not_followed_out_of_it(
    pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "tmx").symlink_to(elsewhere)
    code, _, err = loctk(capsys, "export", pair, "-f", "tmx", "-o", out, "-j1")
    assert code == EXIT_PROBLEMS
    assert f"not written: {out / 'tmx' / 'en-US_fr-FR.tmx'} would lie outside {out} [O001]" in err
    assert list(elsewhere.iterdir()) == []


def test_symlinks_under_an_input_folder_are_not_followed_out_of_it(
    pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SEEDS / "close-opportunity.lv-LV.md", outside / "lv.md")
    (pair / "link.md").symlink_to(outside / "lv.md")
    (pair / "folder").symlink_to(outside)
    code, out, err = loctk(capsys, "stats", pair, "-j1")
    assert code == 0  # warnings
    assert err.splitlines() == [
        f"{pair / 'folder'}:1:1: warning: symbolic link to a folder outside {pair}; not followed [P023]",
        f"{pair / 'link.md'}:1:1: warning: symbolic link to a file outside {pair}; not read [P023]",
    ]
    assert out.splitlines()[-1].split()[:3] == ["total", "2", "16"]
    assert loctk(capsys, "stats", pair, "-j1", "--strict")[0] == EXIT_PROBLEMS


# Inputs destroyed


def test_extract_onto_its_input_is_refused(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(pair)
    code, _, err = loctk(capsys, "extract", pair / NB, "-o", pair / NB)
    assert (code, err) == (EXIT_USAGE, f"loctk: error: -o {pair / NB}: is the input file {pair / NB}\n")
    assert snapshot(pair) == before


@pytest.mark.parametrize("kind", [["render"], ["export", "-f", "po"], ["build"], ["merge", "--from", "PO"]], ids=" ".join)
def test_an_output_folder_in_an_input_folder_is_refused(
    kind: list[str], pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = tmp_path / "po"
    assert loctk(capsys, "export", pair, "-f", "po", "-o", po, "-j1")[0] == 0
    kind = [str(po / "po") if part == "PO" else part for part in kind]
    before = snapshot(tmp_path)
    for out in (pair, pair / "sub"):
        code, _, err = loctk(capsys, *command(kind, pair, out))
        assert code == EXIT_USAGE
        expected = "is the input folder" if out == pair else "lies inside the input folder"
        assert err.startswith(f"loctk: error: -o {out}: {expected} {pair}")
        assert snapshot(tmp_path) == before


def test_merge_onto_its_input_file_points_at_in_place(pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = loctk(capsys, "merge", pair / NB, "--from", tmp_path, "-o", pair / NB)
    assert (code, err) == (
        EXIT_USAGE,
        f"loctk: error: -o {pair / NB}: is the input file {pair / NB} (--in-place rewrites the articles themselves)\n",
    )
    calls: list[list[str | Path]] = [
        ["merge", pair, "--from", tmp_path],
        ["merge", pair, "--from", tmp_path, "-o", "x", "--in-place"],
    ]
    for argv in calls:
        assert loctk(capsys, *argv) == (EXIT_USAGE, "", "loctk: error: merge needs -o OUTDIR or --in-place (one of them)\n")


def test_merge_in_place_rewrites_only_the_changed_article(pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = tmp_path / "po"
    assert loctk(capsys, "export", pair, "-f", "po", "-o", po, "-j1")[0] == 0
    catalog = po / "po" / "nb-NO" / NB.replace(".md", ".po")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Lukke en salgsmulighet"', 'msgstr "Lukk en salgsmulighet"'), encoding="utf-8")
    before = snapshot(pair)
    code, out, _ = loctk(capsys, "merge", pair, "--from", po / "po", "--in-place", "-j1")
    assert code == 0
    assert out == "1 translations changed in 1 of 2 articles, in place\n"
    after = snapshot(pair)
    assert after[FR] == before[FR]
    assert after[NB] == before[NB].replace(b">Lukke en salgsmulighet<", b">Lukk en salgsmulighet<", 1)
    assert not leftovers(pair)


def test_a_report_inside_an_input_folder_is_fine_unless_it_is_markdown(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert loctk(capsys, "check", pair, "-o", pair / "report.sarif", "--format", "sarif", "-j1")[0] in (0, 1)
    assert json.loads((pair / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    code, _, err = loctk(capsys, "check", pair, "-o", pair / "report.md", "-j1")
    assert code == EXIT_USAGE and "lies inside the input folder" in err and not (pair / "report.md").exists()


def test_the_output_of_an_earlier_run_is_not_read_as_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS, tmp_path / "in")
    assert loctk(capsys, "render", tmp_path / "in", "-o", tmp_path / "rendered", "-j1")[0] == 0
    code, out, err = loctk(capsys, "stats", tmp_path, "-j1")
    assert code == 0
    assert err == (f"{tmp_path / 'rendered'}:1:1: info: output folder of an earlier run; not read as input [P024]\n")
    assert out.splitlines()[-1].split()[:3] == ["total", "5", "40"]
    # named directly, it is read
    assert loctk(capsys, "stats", tmp_path / "rendered", "-j1")[0] == 0


# Torn files and failing disks


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs when this process may mount one, else a plain folder (the caller simulates)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _is_tmpfs(folder: Path) -> bool:
    return os.path.ismount(folder)


def _fill(folder: Path) -> None:
    """Use up the space left on ``folder``'s file system."""
    with open(folder / "filler", "wb") as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC


def _failing_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every write to a temporary output file fails with ``code`` (the disk the tmpfs would be)."""
    original = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        stream = original(fd, *args, **kwargs)  # type: ignore[call-overload]

        def write(data: object) -> int:
            raise OSError(code, os.strerror(code))

        stream.write = write
        return stream

    monkeypatch.setattr(os, "fdopen", fdopen)  # the os module toolkit.outputs writes through


def test_a_full_disk_leaves_the_old_export_and_exits_3(
    small_disk: Path, pair: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "out"
    assert loctk(capsys, "export", pair, "-f", "tmx", "-f", "po", "-o", out, "-j1")[0] == 0
    before = snapshot(out)
    set_front(pair / NB, "title", "Endret tittel " * 2000)  # every new file differs and is bigger
    if _is_tmpfs(small_disk):
        _fill(small_disk)
    else:
        _failing_writes(monkeypatch, errno.ENOSPC)
    code, _, err = loctk(capsys, "export", pair, "-f", "tmx", "-f", "po", "-o", out, "-j1")
    assert code == EXIT_OUTPUT
    assert err.startswith(f"loctk: error: cannot write {out}") and err.endswith(": no space left on the device\n")
    assert err.count("\n") == 1
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != MANIFEST} == {k: v for k, v in before.items() if k != MANIFEST}
    assert not leftovers(out)


def test_a_read_only_folder_leaves_the_old_export_and_exits_3(
    small_disk: Path, pair: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "out"
    assert loctk(capsys, "export", pair, "-f", "tmx", "-o", out, "-j1")[0] == 0
    before = snapshot(out)
    if _is_tmpfs(small_disk):
        assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=False).returncode == 0
        reason = "read-only file system"
    elif os.geteuid() != 0:
        (out / "tmx").chmod(0o555)
        out.chmod(0o555)
        reason = "permission denied"
    else:
        _failing_writes(monkeypatch, errno.EROFS)
        reason = "read-only file system"
    code, _, err = loctk(capsys, "export", pair, "-f", "tmx", "-o", out, "-j1")
    assert code == EXIT_OUTPUT
    assert err.startswith(f"loctk: error: cannot write {out}") and err.endswith(f": {reason}\n")
    assert snapshot(out) == before
    if not _is_tmpfs(small_disk):
        out.chmod(0o755)
        (out / "tmx").chmod(0o755)


def test_a_file_where_a_folder_is_wanted_and_the_reverse(pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "file"
    file.write_text("keep", encoding="utf-8")
    for out in (file, file / "sub"):
        code, _, err = loctk(capsys, "export", pair, "-f", "tmx", "-o", out, "-j1")
        assert (code, err) == (EXIT_OUTPUT, f"loctk: error: cannot write {out}: a file is in the way where a folder is wanted\n")
    assert file.read_text(encoding="utf-8") == "keep"
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = loctk(capsys, "extract", pair, "-o", folder, "-j1")
    assert (code, err) == (EXIT_OUTPUT, f"loctk: error: cannot write {folder}: is a folder, a file is wanted\n")
    assert list(folder.iterdir()) == []


def test_a_report_writer_failing_midway_leaves_the_old_report(
    pair: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "qa.sarif"
    report.write_text("old report", encoding="utf-8")

    def half(findings: object, paths: object, output: str, stream: object) -> None:
        stream.write('{"version": "2.1.0", "runs": [')  # type: ignore[attr-defined]
        raise RuntimeError("writer bug")

    monkeypatch.setattr("toolkit.commands.check.write_report", half)
    code, _, err = loctk(capsys, "check", pair, "--format", "sarif", "-o", report, "-j1")
    assert (code, err) == (
        EXIT_INTERNAL,
        "loctk: internal error: RuntimeError: writer bug (run with --debug for the traceback)\n",
    )
    assert report.read_text(encoding="utf-8") == "old report"
    assert not leftovers(tmp_path)


# Crashes that look like findings


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """An article with an invalid UTF-8 byte in a translation and in a segment id, and a NUL."""
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "bad.fr-FR.md").write_bytes(
        b"---\ntitle: x\nms.contentlocale: fr-FR\n---\n"
        b'<span data-ttu-id="a-1">Bad \xff byte\x00 nul</span><span class="sxs-lookup"><span data-stu-id="a-1">'
        b"Bad byte</span></span>\n\n"
        b'<span data-ttu-id="a\xfe-2">Id bad</span><span class="sxs-lookup"><span data-stu-id="a\xfe-2">'
        b"Id bad</span></span>\n"
    )
    return folder


@pytest.mark.parametrize("kind", EXPORTS, ids=" ".join)
def test_invalid_utf8_and_nul_make_valid_outputs(
    kind: list[str], broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = loctk(capsys, *command(kind, broken, out))
    assert code == EXIT_PROBLEMS
    assert f"{broken / 'bad.fr-FR.md'}:5:29: error: invalid UTF-8 byte(s) ff (kept as they are) [P001]" in err
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".md":
            continue  # a rendered article keeps the input's bytes
        data.decode("utf-8")  # every text output is valid UTF-8
        if path.suffix in (".tmx", ".xlf"):
            ElementTree.fromstring(data)
        elif path.suffix in (".json", ".sarif"):
            json.loads(data)
        elif path.suffix == ".jsonl":
            for line in data.splitlines():
                json.loads(line)
        elif path.suffix == ".po" and shutil.which("msgfmt"):
            subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True)


@pytest.mark.parametrize("report", ["text", "json", "junit", "sarif"])
def test_check_writes_a_whole_report_for_invalid_utf8(
    report: str, broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"report.{report}"
    code, _, err = loctk(capsys, "check", broken, "--format", report, "-o", path, "-j1")
    assert code == EXIT_PROBLEMS
    assert err.splitlines()[-1].startswith("3 findings (0 in the baseline) in 1 files")
    data = path.read_bytes().decode("utf-8")
    if report in ("json", "sarif"):
        json.loads(data)
    elif report == "junit":
        ElementTree.fromstring(data)


def test_stdout_stays_valid_utf8(broken: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "extract", str(broken), "-j1"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(SEEDS.parent)},
    )
    assert result.returncode == EXIT_PROBLEMS and b"Traceback" not in result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(line) for line in lines)


def test_rules_extract_reads_invalid_utf8(broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = loctk(capsys, "rules", "extract", broken, "-o", tmp_path / "rules.yaml", "-j1")
    assert code == EXIT_PROBLEMS
    assert out.startswith("0 candidates from 1 files")
    (tmp_path / "rules.yaml").read_bytes().decode("utf-8")


def test_a_bug_is_one_line_with_its_own_exit_code(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object) -> str:
        raise ZeroDivisionError("boom\nsecond line")

    monkeypatch.setattr("toolkit.commands.articles.format_stats", boom)
    assert loctk(capsys, "stats", SEEDS, "-j1") == (
        EXIT_INTERNAL,
        "",
        "loctk: internal error: ZeroDivisionError: boom\\nsecond line (run with --debug for the traceback)\n",
    )
    for argv in (["--debug", "stats", SEEDS, "-j1"], ["stats", SEEDS, "-j1", "--debug"]):
        assert main([str(a) for a in argv]) == EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err.startswith("loctk: internal error: ZeroDivisionError") and "Traceback (most recent call last)" in err


def test_messages_stay_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "two\nlines"
    folder.mkdir()
    code, _, err = loctk(capsys, "stats", folder, "-j1")
    assert code == EXIT_PROBLEMS
    assert err == f"{tmp_path}/two\\nlines:1:1: error: no Markdown files in this folder [P020]\n"


# Exit policy and run options


def test_bom_and_crlf_are_information(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = (SEEDS / FR).read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / FR).write_bytes(b"\xef\xbb\xbf" + data)
    for strict in ([], ["--strict"]):
        code, _, err = loctk(capsys, "extract", tmp_path / FR, "-o", tmp_path / "out.jsonl", "-j1", *strict)
        assert code == 0
        assert [line.split(": ")[1] for line in err.splitlines()[:-1]] == ["info", "info"]


def test_roundtrip_exits_1_exactly_when_bytes_differ(
    broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = loctk(capsys, "roundtrip", broken, "-j1")
    assert (code, out) == (0, "1 of 1 files identical\n")  # an error in the file, but its bytes come back
    monkeypatch.setattr("toolkit.commands.articles.write_bytes", lambda article: b"changed")
    code, out, err = loctk(capsys, "roundtrip", broken, "-j1")
    assert (code, out) == (EXIT_PROBLEMS, "0 of 1 files identical\n")
    assert err.splitlines()[-1] == f"{broken / 'bad.fr-FR.md'}: differs after writing"


def test_jobs_default_to_the_usable_cpus_and_refuse_negatives(capsys: pytest.CaptureFixture[str]) -> None:
    from toolkit.cli import make_parser

    args = make_parser().parse_args(["stats", str(SEEDS)])
    assert args.jobs == default_jobs() == len(os.sched_getaffinity(0))
    assert make_parser().parse_args(["stats", str(SEEDS), "-j", "0"]).jobs == default_jobs()
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", str(SEEDS), "--jobs", "-3"])
    assert exit_info.value.code == EXIT_USAGE
    assert "argument --jobs/-j: must be 0 or more, not -3" in capsys.readouterr().err


def test_quiet_keeps_the_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = loctk(capsys, "extract", SEEDS, "-o", tmp_path / "a.jsonl", "-q", "-j1")
    assert (code, err) == (0, f"40 segments written to {tmp_path / 'a.jsonl'}\n")
    code, _, err = loctk(capsys, "check", SEEDS, "-q", "-j1", "-o", tmp_path / "qa.txt")
    assert err.splitlines()[-1].startswith("") and " findings (" in err.splitlines()[-1]


def test_a_file_symlink_in_the_output_folder_is_resolved_itself(tmp_path: Path) -> None:
    """Folders are resolved once per run; a file that is itself a link is still followed:
    to an input (named by a path through a linked folder) or out of the tree, it is refused."""
    out = tmp_path / "out"
    corpus = out / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "via").symlink_to(corpus)
    elsewhere = tmp_path / "elsewhere.txt"
    (out / "input.txt").symlink_to(corpus / "a.md")
    (out / "outside.txt").symlink_to(elsewhere)
    with OutputTree(out, "test", [str(tmp_path / "via" / "a.md")]) as tree:
        with pytest.raises(UnsafePath, match="is an input file"):
            tree.path("input.txt")
        with pytest.raises(UnsafePath, match="would lie outside"):
            tree.path("outside.txt")
        tree.write("fine", "sub", "kept.txt")
    assert (out / "sub" / "kept.txt").read_text(encoding="utf-8") == "fine"
    assert (corpus / "a.md").read_text(encoding="utf-8") == "x"
    assert not elsewhere.exists()


def _write_at(path: Path) -> str:
    return write_temporary(path, "from a worker")


def test_a_worker_writes_at_a_place_and_the_tree_adopts_it(tmp_path: Path) -> None:
    """Another process writes a file under a temporary name at a place the tree checked;
    the tree renames it into place, refuses a second file for the same path (removed), and
    a run that fails removes what was written and never adopted."""
    out = tmp_path / "out"
    with OutputTree(out, "test") as tree:
        place = tree.place("de-DE", "a.md")
        with ProcessPoolExecutor(1) as pool:
            first, second = pool.map(_write_at, [place, place])
        tree.adopt(first, place)
        with pytest.raises(UnsafePath, match="already written"):
            tree.adopt(second, place)
        assert not Path(second).exists()
        with pytest.raises(UnsafePath, match="cannot be a file name"):
            tree.place("..", "b.md")
    assert (out / "de-DE" / "a.md").read_text(encoding="utf-8") == "from a worker"
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"] == ["de-DE/a.md"]
    with pytest.raises(RuntimeError), OutputTree(out, "test") as tree:
        _write_at(tree.place("de-DE", "c.md"))
        raise RuntimeError("the run fails before it adopts the file")
    assert sorted(p.name for p in (out / "de-DE").iterdir()) == ["a.md"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_articles_that_would_write_one_po_file_leave_the_first_ones(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files named one by one keep only their names below ``-o``: two of one name make one PO
    file. The first in path order is written, the later one refused, whichever worker wrote last."""
    first, later = tmp_path / "a" / NB, tmp_path / "b" / NB
    for path in (first, later):
        path.parent.mkdir()
        shutil.copy(SEEDS / NB, path)
    set_front(later, "title", "Endret tittel")
    alone = tmp_path / "alone"
    assert loctk(capsys, "export", first, "-f", "po", "-o", alone, "-j1", "-q")[0] == 0
    out = tmp_path / "out"
    code, printed, err = loctk(capsys, "export", first, later, "-f", "po", "-o", out, "-j", jobs, "-q")
    file = out / "po" / "nb-NO" / NB.replace(".md", ".po")
    assert code == EXIT_PROBLEMS
    assert err == f"{later}:{LOCALE_LINE}:1: error: not written: {file} was already written by this run [O001]\n"
    assert printed == "po: 8 units in 1 files, 1 articles refused\n"
    assert snapshot(out / "po") == snapshot(alone / "po")
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"] == ["po/nb-NO/" + file.name]
    assert not leftovers(out)


def test_temporary_files_a_killed_worker_left_are_removed_at_the_end(
    pair: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    stale = out / "po" / "nb-NO" / ".close-opportunity.nb-NO.po.loctk-k1lled.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_text("torn", encoding="utf-8")
    assert loctk(capsys, "export", pair, "-f", "po", "-o", out, "-j2", "-q")[0] == 0
    assert not leftovers(out)
    assert sorted(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]) == [
        "po/fr-FR/close-opportunity.fr-FR.po",
        "po/nb-NO/close-opportunity.nb-NO.po",
    ]


def test_a_worker_that_does_not_see_the_output_folder_writes_nothing(tmp_path: Path) -> None:
    """An outlet checks the tree's manifest first: ``-o`` on a disk only the driver has is an
    output error, not files scattered over the workers' disks."""
    out = tmp_path / "out"
    with OutputTree(out, "test") as tree:
        outlet = tree.outlet()
        tree.adopt(*outlet.write("text", "a.po"))
        with pytest.raises(UnsafePath, match="cannot be a file name"):
            outlet.write("text", "..", "b.po")
    (out / MANIFEST).unlink()  # what a worker on another machine sees: a folder of that name, or none
    with pytest.raises(OutputError, match="is not the output folder of this run"):
        outlet.write("other", "b.po")
    assert sorted(p.name for p in out.iterdir()) == ["a.po"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON_VALUES)
def test_json_text_is_what_the_standard_library_writes(value: object) -> None:
    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def test_json_text_of_other_keys_and_tuples_is_the_standard_librarys() -> None:
    value = {"a": ({1: "x", None: [1.5, float("nan")]}, (), {}), "\u00e9\n": [True, "\ud800"]}
    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def test_temporary_names_step_past_taken_ones_and_folders_removed_meanwhile(tmp_path: Path) -> None:
    """A temporary file is named by the process and a counter: a name a killed run of the same
    process number left is stepped over (never written through), a folder removed since this
    process made it is made again, and the file gets the mode the umask gives."""
    from toolkit import outputs

    target = tmp_path / "a" / "b.md"
    first = write_temporary(target, "one")
    following = next(outputs._NUMBERS)
    squatter = target.with_name(f".b.md.loctk-{os.getpid():x}_{following + 1:x}.tmp")
    squatter.write_text("someone else's", encoding="utf-8")
    second = write_temporary(target, "two")
    assert second not in (first, str(squatter)) and squatter.read_text(encoding="utf-8") == "someone else's"
    assert Path(second).read_text(encoding="utf-8") == "two"
    for name in (first, second, str(squatter)):
        os.unlink(name)
    target.parent.rmdir()
    third = write_temporary(target, "three")
    assert Path(third).read_text(encoding="utf-8") == "three"
    mask = os.umask(0)
    os.umask(mask)
    assert Path(third).stat().st_mode & 0o777 == 0o666 & ~mask
