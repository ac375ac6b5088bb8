"""``loctk check`` for CI systems: GitHub annotations, GitLab Code Quality, SARIF help, statistics,
option lists, configuration files, and the text output's evidence window."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import SCHEMAS, SEEDS, needs_schemas

from toolkit.checks import CHECKS, Finding, run_checks
from toolkit.checks.config import load_config
from toolkit.checks.help import REFERENCE, anchor, examples, reference
from toolkit.checks.report import escape_data, escape_property, evidence, sarif, window, write_github
from toolkit.cli import main
from toolkit.errors import UsageError
from toolkit.model import Severity
from toolkit.sxs import parse_article

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The seeds (one real C010 finding) with a double space (C008) and a dropped full stop (C011) added."""
    for seed in sorted(SEEDS.glob("*.md")):
        shutil.copy(seed, tmp_path / seed.name)
    nb = tmp_path / "close-opportunity.nb-NO.md"
    text = nb.read_text(encoding="utf-8").replace("kan lukkes", "kan  lukkes", 1)
    nb.write_text(text.replace("knyttet til seg.</span>", "knyttet til seg</span>", 1), encoding="utf-8")
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--quiet", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _finding(**changes: str) -> Finding:
    values = {"path": "docs/fr-FR/a.md", "message": "quoted `x`", "source": "English.", "target": "Français."} | changes
    return Finding(
        values["path"],
        3,
        7,
        Severity.WARNING,
        "C010",
        values["message"],
        segment_id="a-1",
        source=values["source"],
        target=values["target"],
        locale="fr-FR",
    )


# GitHub: "::{command} {key}={value},…::{message}" with %, CR, LF escaped in the message,
# and %, CR, LF, ':' and ',' in property values (actions/toolkit, command.ts).
ANNOTATION = re.compile(r"^::(error|warning) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::([^\r\n]*)$")


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_follow_the_documented_syntax_and_escaping(tmp_path: Path) -> None:
    tricky = _finding(path="docs/a,b:c%.md", message="100% of `a:b,c`\r\nnext", target="50 %, «x»\nbis")
    stream = io.StringIO()
    write_github([tricky, _finding()], stream)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    match = ANNOTATION.match(lines[0])
    assert match, lines[0]
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    assert list(properties) == ["file", "line", "col", "title"]
    assert _unescape(properties["file"]) == "docs/a,b:c%.md"
    assert (properties["line"], properties["col"], _unescape(properties["title"])) == ("3", "7", "C010 quotes")
    message = _unescape(match.group(3))
    assert message.startswith("100% of `a:b,c`\r\nnext\n") and "fr-FR: 50 %, «x»\nbis" in message
    assert "en: English." in message
    assert escape_data("a%\r\n:,") == "a%25%0D%0A:," and escape_property("a%\r\n:,") == "a%25%0D%0A%3A%2C"


def test_github_format_on_the_seeds(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(project), "--format", "github")
    _, plain, _ = check(capsys, str(project), "--format", "json")
    lines = out.splitlines()
    assert code == 1 and len(lines) == json.loads(plain)["count"] >= 1
    assert all(ANNOTATION.match(line) for line in lines)


def test_gitlab_code_quality_has_the_documented_fields(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    code, out, _ = check(capsys, project.name, "--format", "gitlab")
    issues = json.loads(out)
    _, plain, _ = check(capsys, project.name, "--format", "json")
    findings = json.loads(plain)["findings"]
    assert code == 1 and isinstance(issues, list) and len(issues) == len(findings) >= 1
    for issue, finding in zip(issues, findings, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == f"{project.name}/{Path(finding['path']).name}"
        assert issue["location"]["lines"]["begin"] == finding["line"]
        assert finding["target"] in issue["description"] and finding["source"] in issue["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


@needs_schemas
def test_sarif_rules_carry_help_and_results_relative_uris(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(project.parent)
    code, out, _ = check(capsys, str(project.absolute()), "--format", "sarif")  # absolute input, relative URIs
    log = json.loads(out)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    docs = (ROOT / "docs" / "qa-checks.md").read_text(encoding="utf-8")
    headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#+ (.+)$", docs, re.M)}
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["fullDescription"]["text"] and rule["help"]["text"] and rule["help"]["markdown"]
        assert "Bad (" in rule["help"]["text"] and "Good (" in rule["help"]["markdown"]
        assert rule["helpUri"].split("#")[1] in headings, rule["helpUri"]
    base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert base == project.parent.absolute().as_uri() + "/"
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "SRCROOT" and not location["uri"].startswith(("/", "file:"))
        assert (project.parent / unquote(location["uri"])).is_file()
        if "properties" in result:
            assert result["properties"]["target"] in result["message"]["text"]
            assert result["properties"]["source"] in result["message"]["text"]
    assert code == 1


def test_a_path_outside_the_root_keeps_an_absolute_uri(tmp_path: Path) -> None:
    log = sarif([_finding(path=str(tmp_path / "x.md"))], root=tmp_path / "sub")
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": (tmp_path / "x.md").as_uri()
    }


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_has_a_bad_example_it_finds_and_a_good_one_it_passes(code: str) -> None:
    example = examples()[code]
    found = [f.code for f in run_checks([parse_article(example.bad, f"{example.locale}/a.md")], terms=example.glossary)]
    assert code in found
    assert run_checks([parse_article(example.good, f"{example.locale}/a.md")], terms=example.glossary) == []


def test_every_check_has_a_section_in_the_docs() -> None:
    docs = (ROOT / "docs" / "qa-checks.md").read_text(encoding="utf-8")
    for info in CHECKS.values():
        assert f"### {info.code} {info.name}\n" in docs, info.code
        assert anchor(info) == f"{info.code.lower()}-{info.name}"


def test_statistics_count_findings_per_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, plain, _ = check(capsys, str(project), "--format", "json")
    expected: dict[str, int] = {}
    for finding in json.loads(plain)["findings"]:
        expected[finding["code"]] = expected.get(finding["code"], 0) + 1
    code, out, _ = check(capsys, str(project), "--statistics")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 1 and {r[1]: int(r[0]) for r in rows} == expected and len(expected) >= 2
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    _, out, _ = check(capsys, str(project), "--statistics", "--format", "json")
    assert {r["code"]: r["count"] for r in json.loads(out)} == expected
    assert check(capsys, str(project), "--statistics", "--format", "sarif")[0] == 2


def test_select_takes_comma_lists_repeats_and_leaves_the_path(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(capsys, "--select", "C010", str(project), "--format", "json")
    assert code == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"C010"}, err
    _, every, _ = check(capsys, str(project), "--format", "json")
    codes = {f["code"] for f in json.loads(every)["findings"]}
    assert len(codes) >= 2
    first, *rest = sorted(codes)
    _, out, _ = check(capsys, str(project), "--select", ",".join(sorted(codes)), "--ignore", first, "--format", "json")
    assert {f["code"] for f in json.loads(out)["findings"]} == set(rest)
    _, out, _ = check(capsys, str(project), "--select", first, "--select", ",".join(rest), "--format", "json")
    assert {f["code"] for f in json.loads(out)["findings"]} == codes
    with pytest.raises(SystemExit) as usage:
        main(["check", str(project), "--select", ","])
    assert usage.value.code == 2


@pytest.mark.parametrize("name", ["loctk.toml", ".loctk.toml"])
def test_loctk_toml_configures_the_run(project: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    (project / name).write_text('select = ["C010"]\nformat = "json"\n', encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.loctk]\nselect = ["M"]\n', encoding="utf-8")
    _, out, _ = check(capsys, str(project))
    assert {f["code"] for f in json.loads(out)["findings"]} == {"C010"}
    assert load_config([str(project)]).origin == str(project / name)


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "loctk.toml").write_text('ignore = ["C010"]\n', encoding="utf-8")
    sub = project / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config([str(sub)]).ignore == ("C010",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('fail-on = "warn"\n', r"loctk\.toml: fail-on is 'warn'; use one of 'warning', 'error'"),
        ('selcet = ["C010"]\n', r"loctk\.toml: unknown key 'selcet'"),
        ('select = ["Q999"]\n', r"loctk\.toml: select has 'Q999'"),
        ('format = "xml"\n', r"loctk\.toml: format is 'xml'"),
        ("allowlist = [1]\n", r"loctk\.toml: allowlist must be a string or a list of strings"),
        ("select = [\n", r"loctk\.toml: cannot read"),
    ],
)
def test_bad_settings_name_the_file_and_the_key(project: Path, text: str, expected: str) -> None:
    (project / "loctk.toml").write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=expected):
        load_config([str(project)])


def test_bad_setting_in_pyproject_names_the_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.loctk]\nfail-on = "warn"\n', encoding="utf-8")
    assert main(["check", str(project)]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml: [tool.loctk] fail-on is 'warn'; use one of 'warning', 'error'" in err


def test_text_window_keeps_the_evidence() -> None:
    words = [f"word{i}" for i in range(200)]
    sentence = " ".join(words[:150]) + " `Set-Config` " + " ".join(words[150:])
    message = "code span `Set-Config` missing"
    shown = window(sentence, evidence(message), limit=120)
    assert "Set-Config" in shown and shown.startswith("…") and shown.endswith("…") and len(shown) <= 130
    assert not shown[1:].startswith(("ord", "rd", "d")) and " " not in (shown[1], shown[-2])
    assert window(sentence, ["absent"], limit=120) == sentence  # no evidence found: never cut
    assert window("short", evidence(message)) == "short"
    far_apart = "“A” " + " ".join(words) + " “B”"
    assert window(far_apart, ["“A”", "“B”"], limit=50) == far_apart  # evidence at both ends: nothing cut


def test_text_report_shows_the_quoted_evidence_of_a_long_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler = " ".join(["lorem ipsum dolor"] * 40)
    english = f"{filler} Run `Set-Config` now."
    text = examples()["M002"].good.replace("Exécutez `Set-Config` maintenant.", f"{filler} Exécutez Set-Config maintenant.")
    text = text.replace("Run `Set-Config` now.", english)
    folder = tmp_path / "fr-FR"
    folder.mkdir()
    (folder / "a.md").write_text(text, encoding="utf-8")
    code, out, _ = check(capsys, str(folder), "--select", "M002")
    lines = out.splitlines()
    assert code == 1 and "[M002]" in lines[0]
    assert "Run Set-Config now." in lines[1] and "Set-Config maintenant." in lines[2]
    assert lines[1].lstrip().startswith("en: …") and len(lines[1]) < len(english)


def test_the_docs_reference_is_what_the_registry_and_examples_write() -> None:
    docs = (ROOT / "docs" / "qa-checks.md").read_text(encoding="utf-8")
    assert REFERENCE in docs
    assert docs[docs.index(REFERENCE) :] == reference(CHECKS.values()), "re-run python -m toolkit.checks.help"
