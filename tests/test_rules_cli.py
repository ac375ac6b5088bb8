"""``loctk rules``: exit codes, output streams and files, as a user sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from toolkit.cli import main
from toolkit.rules import parse_spec

SPEC = str(SEEDS / "close-opportunity.rules.yaml")


def test_check_passes_on_the_shipped_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", SPEC, str(SEEDS), "-q"]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("6 rules against 5 files and 40 model states: ok\n")
    assert err == ""


def test_check_fails_with_a_located_message_on_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in SEEDS.glob("*.md"):
        shutil.copy(path, tmp_path)
    edited = tmp_path / "close-opportunity.fr-FR.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("can be closed as Won or Lost", "can be closed as Won"), encoding="utf-8"
    )
    assert main(["rules", "check", SPEC, str(tmp_path), "-q", "--bound", "2"]) == 1
    out, err = capsys.readouterr()
    assert out.endswith("6 rules against 5 files and 22 model states: 1 problems\n")
    assert err.startswith(
        f"{edited}:22:1: error: rule close-won-or-lost: English of 2efcb-105 is 'Project opportunities can be closed as Won.'"
    )
    assert err.rstrip().endswith("[R002]")


def test_extract_writes_a_readable_candidate_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rules.yaml"
    assert main(["rules", "extract", str(SEEDS), "-o", str(target), "-q"]) == 0
    out, _ = capsys.readouterr()
    assert out == ("5 candidates from 5 files: obligation 0, prohibition 1, permission 3, possibility 1, necessity 0\n")
    spec = parse_spec(target.read_text(encoding="utf-8"), str(target))
    assert [r.id for r in spec.rules] == [f"close-opportunity-{n}" for n in range(105, 110)]


@pytest.mark.parametrize(
    ("form", "first"), [("markdown", "# Business rules: close-opportunity"), ("gherkin", "Feature: close-opportunity")]
)
def test_export(form: str, first: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    assert main(["rules", "export", SPEC, "--format", form, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == first


def test_unreadable_spec_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["rules", "check", str(tmp_path / "none.yaml"), str(SEEDS)]) == 1
    assert "none.yaml:1:1: error: cannot read spec" in capsys.readouterr().err


def test_build_extracts_checks_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["build", str(SEEDS), "-o", str(tmp_path), "-q"])
    out, err = capsys.readouterr()
    assert "rules: 5 candidates from 5 files" in out
    assert "2 specs checked, 0 problems" in out
    assert "[R0" not in err and "[R1" not in err
    assert {p.name for p in tmp_path.iterdir()} >= {
        "rules.candidates.yaml",
        "close-opportunity.rules.md",
        "close-opportunity.feature",
        "time-entry-status.feature",
    }


def test_counterexamples_are_printed_for_an_edited_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(SPEC).read_text(encoding="utf-8")
    guard = "    guard:\n    - {none: quote, in: [Active]}\n"
    assert text.count(guard) == 1
    permit = (
        "- id: close-with-active-quote\n  statement: Project opportunities can be closed as Won or Lost.\n"
        "  modality: permission\n"
        "  source: {article: 06c6f06754714af3260ddb1c86aacc2f937ba77d, name: close-opportunity, segment: 105}\n"
        "  formal:\n    action: close-opportunity\n    when:\n    - {some: quote, in: [Active]}\n"
    )
    unguarded, permissive = tmp_path / "unguarded.yaml", tmp_path / "permissive.yaml"
    unguarded.write_text(text.replace(guard, ""), encoding="utf-8")
    permissive.write_text(text + permit, encoding="utf-8")

    assert main(["rules", "check", str(unguarded), str(SEEDS), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("[R102]") == 1
    assert "counterexample: create-quote -> activate-quote -> close-opportunity(Won) [R102]" in err

    assert main(["rules", "check", str(permissive), str(SEEDS), "-q"]) == 1
    err = capsys.readouterr().err
    line = text.count("\n") + 1
    assert (
        f"{permissive}:{line}:1: error: rule close-with-active-quote allows close-opportunity while some quote in "
        "[Active] but rule no-close-with-active-quote forbids it while some quote in [Active]; counterexample: "
        "create-quote -> activate-quote -> close-opportunity [R105]" in err
    )
