"""The reader's commands: output, exit codes, diagnostics on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from toolkit.cli import main
from toolkit.commands.common import load
from toolkit.model import Diagnostic

PAIR = '<span data-ttu-id="a-{0}">T{0}</span><span class="sxs-lookup"><span data-stu-id="a-{0}">S{0}</span></span>'


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("loctk 0.")


def test_extract_writes_one_line_per_pair(tmp_path: Path) -> None:
    out = tmp_path / "segments.jsonl"
    assert main(["extract", str(SEEDS), "-o", str(out), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 40
    first = records[0]
    keys = {"path", "locale", "article", "id", "source", "target", "block", "line", "source_markup", "target_markup"}
    assert keys <= first.keys()
    assert (first["locale"], first["block"], first["source"]) == ("fr-FR", "heading", "Close an opportunity")
    bold = next(r for r in records if r["id"].endswith("-104") and r["locale"] == "nb-NO")
    assert bold["source"] == (
        "Applies To: Project Operations for resource/non-stocked based scenarios, Lite deployment - deal to proforma invoicing"
    )
    assert bold["source_markup"].startswith("_**Applies To:**")


def test_extract_to_stdout_in_two_processes_keeps_path_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS), "--jobs", "2", "-q"]) == 0
    paths = [json.loads(line)["path"] for line in capsys.readouterr().out.splitlines()]
    assert len(paths) == 40
    assert paths == sorted(paths)


def test_roundtrip_counts_identical_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roundtrip", str(SEEDS), "-q"]) == 0
    assert capsys.readouterr().out.strip() == "5 of 5 files identical"


def test_stats_per_locale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "locale",
        "files",
        "segments",
        "source-words",
        "target-words",
        "source-chars",
        "target-chars",
        "heading",
        "paragraph",
    ]
    assert lines[1].split()[:3] + lines[1].split()[-2:] == ["fr-FR", "1", "8", "1", "7"]
    assert lines[-1].split()[:3] + lines[-1].split()[-2:] == ["total", "5", "40", "5", "35"]


def test_bad_file_is_reported_located_and_the_others_still_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.md").write_text(PAIR.format(1) + "\n", encoding="utf-8")
    lost = b'\n<span data-ttu-id="a-3">lost</span>\n'
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: [x\n---\n" + PAIR.format(2).encode() + lost)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q"]) == 1
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a-2", "a-1"]
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{tmp_path / 'bad.md'}:3:1: error: front matter is not valid YAML")
    assert err[1].startswith(f"{tmp_path / 'bad.md'}:5:1: warning: segment a-3 has no sxs-lookup half")
    assert "Traceback" not in "\n".join(err)


def test_folder_without_markdown_is_a_problem_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["stats", str(tmp_path / "empty")]) == 1
    assert "no Markdown files" in capsys.readouterr().err


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--frobnicate", str(SEEDS)])
    assert exit_info.value.code == 2


def test_unreadable_file_becomes_a_located_error(tmp_path: Path) -> None:
    problem = load(str(tmp_path / "gone.md"))
    assert isinstance(problem, Diagnostic)
    assert (problem.code, problem.line, problem.column) == ("P021", 1, 1)
    assert str(problem).startswith(f"{tmp_path / 'gone.md'}:1:1: error: cannot read")


def test_a_reader_failure_is_contained_to_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str) -> None:
        raise RecursionError("too deep")

    monkeypatch.setattr("toolkit.work.read_article", broken)
    problem = load(str(tmp_path / "a.md"))
    assert isinstance(problem, Diagnostic)
    assert str(problem) == f"{tmp_path / 'a.md'}:1:1: error: internal error while reading (RecursionError: too deep) [P022]"


def test_build_writes_its_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(SEEDS), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "segments.jsonl").read_text(encoding="utf-8").count("\n") == 40
    assert "segments: 40 from 5 files in 5 locales" in capsys.readouterr().out


def test_console_script_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "toolkit", "stats", str(SEEDS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].split()[:3] == ["total", "5", "40"]
    assert result.stderr == ""


def _build_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_the_same_bytes_with_one_or_two_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With two jobs the alignment, the corpus checks and the report's pairs of corpus-check
    findings are worked out in the worker processes at the end: the same files all the same."""
    pair = '<span data-ttu-id="ab-{0}">{1}</span><span class="sxs-lookup"><span data-stu-id="ab-{0}">{2}</span></span>'
    english = "Select the **Save** button to keep the record."
    for locale, name, translation in [
        ("fr-FR", "a", "Sélectionnez le bouton **Enregistrer** pour garder la fiche."),
        ("fr-FR", "b", "Choisissez **Sauver** afin de conserver la fiche."),
        ("fr-FR", "c", "Sélectionnez le bouton **Enregistrer** pour garder la fiche."),
        ("de-DE", "a", "Wählen Sie **Speichern**, um den Datensatz zu behalten."),
    ]:
        folder = tmp_path / "corpus" / locale
        folder.mkdir(parents=True, exist_ok=True)
        front = f"---\nms.contentlocale: {locale}\n---\n\n"
        (folder / f"{name}.md").write_text(front + pair.format(101, translation, english) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        assert main(["build", str(tmp_path / "corpus"), "-o", str(tmp_path / jobs), "-q", "--jobs", jobs]) == 0
    capsys.readouterr()
    one, two = _build_tree(tmp_path / "1"), _build_tree(tmp_path / "2")
    assert one == two
    assert b"[X001]" in one["qa.txt"]
    assert one["report.html"].count(b'<span class="mk">**</span>Sauver<span class="mk">**</span>') == 1
