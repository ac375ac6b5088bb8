"""``loctk check`` end to end: listing, reports (SARIF, JUnit, JSON), configuration, baselines, exit codes."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import SCHEMAS, SEEDS, needs_schemas

from toolkit.checks import CHECKS, Category, Finding, run_checks
from toolkit.checks.baseline import apply_baseline, read_baseline, write_baseline
from toolkit.checks.config import load_config
from toolkit.cli import main
from toolkit.errors import UsageError
from toolkit.sxs import parse_article

FR = "close-opportunity.fr-FR.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the seed articles, one of them with a changed number and a changed link target."""
    for seed in sorted(SEEDS.glob("*.md")):
        shutil.copy(seed, tmp_path / seed.name)
    nb = tmp_path / "close-opportunity.nb-NO.md"
    text = nb.read_text(encoding="utf-8")
    first_link = re.search(r'<span data-ttu-id="[^"]+">[^<]*\]\((https://[^)]+)\)', text)
    assert first_link is not None
    nb.write_text(text.replace(first_link.group(1) + ")", first_link.group(1) + "-nb)", 1), encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--quiet", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_check_with_code_and_category(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list")
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == len(CHECKS) >= 30
    categories = {c.value for c in Category}
    for line in lines:
        fields = line.split()
        assert re.fullmatch(r"[SMCXR]\d{3}", fields[0]) and fields[0] in CHECKS
        assert fields[1] in {"error", "warning"} and fields[2] in categories


def test_text_report_locates_the_changed_link_and_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(project))
    assert code == 1
    hits = [line for line in out.splitlines() if "[M004]" in line]
    assert len(hits) == 1 and hits[0].startswith(str(project / "close-opportunity.nb-NO.md") + ":")
    assert "[C010]" in out  # the seed's real « … » ou » … » error


def test_fail_on_error_ignores_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(project), "--select", "C010", "--fail-on", "error")[0] == 0
    assert run(capsys, str(project), "--select", "C010")[0] == 1


def test_unknown_code_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project), "--select", "Q999"]) == 2
    assert "Q999" in capsys.readouterr().err


@needs_schemas
def test_sarif_validates_against_the_2_1_0_schema(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = run(capsys, str(project), "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert code == 1 and len(rules) == len(CHECKS)
    assert {r["ruleId"] for r in results} >= {"M004", "C010"}
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_junit_has_a_suite_per_file_and_a_case_per_finding(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "junit.xml"
    assert run(capsys, str(project), "--format", "junit", "-o", str(report))[0] == 1
    _, out, _ = run(capsys, str(project), "--format", "json")
    findings = json.loads(out)["findings"]
    root = ET.parse(report).getroot()
    suites = root.findall("./testsuite")
    assert root.tag == "testsuites" and len(suites) == 5
    failed = {Path(s.get("name", "")).name for s in suites if s.find("testcase/failure") is not None}
    assert failed == {"close-opportunity.nb-NO.md", FR}
    cases = root.findall("./testsuite/testcase")
    assert all(len(c.findall("failure")) <= 1 for c in cases)
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(findings) == int(root.get("failures", "-1"))
    for failure, finding in zip(failures, findings, strict=True):
        message = failure.get("message", "")
        assert finding["message"] in message and finding["source"] in message and finding["target"] in message


def test_baseline_suppresses_exactly_the_recorded_findings(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    assert run(capsys, str(project), "--write-baseline", str(baseline))[0] == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert {e["code"] for e in recorded} >= {"M004", "C010"}
    code, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--format", "json")
    assert (code, json.loads(out)) == (0, {"count": 0, "findings": []})
    fr = project / FR
    text = fr.read_text(encoding="utf-8")
    fr.write_text(text.replace(">Vous ne serez pas autorisé", "> Vous ne serez pas autorisé", 1), encoding="utf-8")
    code, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--format", "json")
    new = json.loads(out)["findings"]
    assert code == 1 and [f["code"] for f in new] == ["C007"]


def test_pyproject_configures_the_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "dnt.txt").write_text("# product names\nProject Operations\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.loctk]\nselect = ["M", "C005"]\nignore = ["M001"]\nformat = "json"\nglossary = "dnt.txt"\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, str(project))
    assert sorted(f["code"] for f in json.loads(out)["findings"]) == ["M004"]
    fr = project / FR
    fr.write_text(fr.read_text(encoding="utf-8").replace("Project\u00a0Operations pour", "Opérations pour", 1), encoding="utf-8")
    code, out, _ = run(capsys, str(project))
    codes = sorted(f["code"] for f in json.loads(out)["findings"])
    assert code == 1 and codes == ["C005", "M004"]


def test_locale_typography_rules() -> None:
    def pair(locale: str, english: str, translation: str) -> list[str]:
        return [f.code for f in _pair(locale, english, translation) if f.code in {"C010", "C011", "C012"}]

    assert pair("ja-JP", "Select Save.", "保存を選択します。") == []
    assert pair("ja-JP", "Select Save.", "保存を選択します.") == ["C011"]
    assert pair("th-TH", "Select Save.", "เลือก บันทึก") == []
    assert pair("th-TH", "Select Save.", "เลือก บันทึก.") == ["C011"]
    assert pair("fr-FR", "Note: select Save.", "Remarque\u00a0: sélectionnez Enregistrer.") == []
    assert pair("fr-FR", "Note: select Save.", "Remarque: sélectionnez Enregistrer.") == ["C012"]
    assert pair("de-DE", "The “Actuals” entity.", "Die Entität „Ist-Werte“.") == []
    assert pair("de-DE", "The “Actuals” entity.", "Die Entität „Ist-Werte”.") == ["C010"]


def _pair(locale: str, english: str, translation: str) -> list[Finding]:
    text = (
        f"---\nms.contentlocale: {locale}\nms.translationtype: HT\nms.openlocfilehash: 0\ntitle: t\ndescription: d\n---\n"
        f'<span data-ttu-id="a-1">{translation}</span>'
        f'<span class="sxs-lookup"><span data-stu-id="a-1">{english}</span></span>\n'
    )
    return run_checks([parse_article(text, f"{locale}/a.md")])


def test_markdown_aware_where_pofilter_is_not() -> None:
    # A separable German verb after bold text is right; a changed link target and a dropped code span are not.
    assert _pair("de-DE", "Select **Save**.", "Wählen Sie **Speichern** aus.") == []
    link = _pair("de-DE", "See [Setup](setup.md).", "Siehe [Einrichtung](einrichtung.md).")
    assert [f.code for f in link] == ["M004"] and "`setup.md` missing" in link[0].message
    code = _pair("de-DE", "Run `Set-Config` now.", "Führen Sie jetzt Set-Config aus.")
    assert [f.code for f in code] == ["M002"]


def test_baseline_is_a_multiset(tmp_path: Path) -> None:
    findings = _pair("fr-FR", "Use {0} and {0}.", "Utilisez {1} et {1}.")
    assert [f.code for f in findings] == ["M013"]
    stream = io.StringIO()
    assert write_baseline(findings, stream) == 1
    (tmp_path / "b.json").write_text(stream.getvalue(), encoding="utf-8")
    recorded = read_baseline(tmp_path / "b.json")
    assert apply_baseline(findings, recorded) == []
    assert apply_baseline(findings * 2, recorded) == findings


def test_bad_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.loctk]\nfail-on = "never"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="fail-on"):
        load_config([str(tmp_path)])
    (tmp_path / "pyproject.toml").write_text("[tool.loctk]\nignore = 3\n", encoding="utf-8")
    with pytest.raises(UsageError, match="ignore"):
        load_config([str(tmp_path)])
    with pytest.raises(UsageError):
        run_checks([], select=["Z"])
