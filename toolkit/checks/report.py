"""Findings as reports: text for people, JSON for scripts, and what each CI system reads.

* SARIF 2.1.0 (GitHub code scanning): one run, the checks as ``rules`` with help and a link
  to their section of ``docs/qa-checks.md``, each result located by a URI relative to
  ``%SRCROOT%`` (the working folder, declared in ``originalUriBaseIds``) and fingerprinted
  without its line number so alerts follow edits.
* JUnit XML: a test suite per checked file, a test case per finding with one ``<failure>``.
* GitHub Actions workflow commands (``::error file=…::…``) and GitLab Code Quality JSON.

Wherever a finding is about a sentence, the message carries the translation and the English.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote
from xml.etree import ElementTree as ET

from toolkit import __version__
from toolkit.checks.help import DOCS_URL, help_markdown, help_text, help_uri
from toolkit.checks.registry import CHECKS, CheckInfo, Finding
from toolkit.model import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "SRCROOT"
SNIPPET = 240
"""Sentences longer than this are shown as a window around the evidence the message quotes."""
_QUOTED = re.compile(r"`([^`]+)`|“([^”]+)”")


def evidence(message: str) -> list[str]:
    """The fragments a message quotes (`` `x` `` or “x”): what the reader must see in the sentence."""
    return [a or b for a, b in _QUOTED.findall(message)]


def window(text: str, needles: Sequence[str], limit: int = SNIPPET) -> str:
    """``text``, or when longer than ``limit`` the part from the first to the last needle found, widened
    to ``limit`` and to word boundaries. Unchanged when no needle is in it: a cut could hide the evidence."""
    if len(text) <= limit:
        return text
    spans = [(i, i + len(n)) for n in needles if n and (i := text.find(n)) >= 0]
    if not spans:
        return text
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    spare = max(0, limit - (end - start)) // 2
    start, end = max(0, start - spare), min(len(text), end + spare)
    if start > 0 and " " in text[start : start + 20]:
        start = text.index(" ", start) + 1
    if end < len(text) and " " in text[max(start, end - 20) : end]:
        end = text.rindex(" ", max(start, end - 20), end)
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def halves(finding: Finding) -> tuple[str, str]:
    """(translation line, English line) for a finding about a sentence, windowed around the evidence."""
    needles = evidence(finding.message)
    return (f"{finding.locale or 'translation'}: {window(finding.target, needles)}", f"en: {window(finding.source, needles)}")


def described(finding: Finding) -> str:
    """The message, then the translation and the English when the finding is about a sentence."""
    if not finding.segment_id:
        return finding.message
    target, source = halves(finding)
    return f"{finding.message}\n{target}\n{source}"


def write_text(findings: Iterable[Finding], stream: TextIO, snippets: bool = True) -> None:
    """``path:line:col: severity: message [code]``, the English and translation indented below."""
    for finding in findings:
        stream.write(f"{finding}\n")
        if snippets and finding.segment_id:
            target, source = halves(finding)
            stream.write(f"    {source}\n    {target}\n")


def as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "segment": finding.segment_id,
        "code": finding.code,
        "name": CHECKS[finding.code].name if finding.code in CHECKS else "",
        "severity": finding.severity.value,
        "message": finding.message,
        "locale": finding.locale,
        "source": finding.source,
        "target": finding.target,
    }


def write_json(findings: Sequence[Finding], stream: TextIO) -> None:
    """One JSON document: ``{"findings": [...], "count": n}``."""
    json.dump({"count": len(findings), "findings": [as_dict(f) for f in findings]}, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def statistics(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """(code, count) pairs, most frequent first, then by code."""
    return sorted(Counter(f.code for f in findings).items(), key=lambda item: (-item[1], item[0]))


def write_statistics(findings: Sequence[Finding], stream: TextIO, as_json: bool = False) -> None:
    """Per-code counts, as ruff's ``--statistics`` prints them (count, code, name, severity)."""
    rows = [(code, count, CHECKS.get(code)) for code, count in statistics(findings)]
    if as_json:
        json.dump(
            [
                {"code": code, "name": info.name if info else "", "severity": info.severity.value if info else "", "count": count}
                for code, count, info in rows
            ],
            stream,
            indent=1,
        )
        stream.write("\n")
        return
    width = max((len(str(count)) for _, count, _ in rows), default=1)
    for code, count, info in rows:
        stream.write(f"{count:>{width}}\t{code}\t{info.name if info else ''}\t{info.severity.value if info else ''}\n")


def _by_path(findings: Iterable[Finding], paths: Sequence[str]) -> dict[str, list[Finding]]:
    """Findings grouped by file, every checked file present (in the order given)."""
    grouped: dict[str, list[Finding]] = {path: [] for path in paths}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped


def write_junit(findings: Sequence[Finding], paths: Sequence[str], stream: TextIO) -> None:
    """JUnit XML: a ``<testsuite>`` per file, a test case per finding with one ``<failure>``;
    a file without findings has one passing test case, so every checked file shows."""
    grouped = _by_path(findings, paths)
    cases = sum(max(1, len(found)) for found in grouped.values())
    suites = ET.Element("testsuites", name="loctk check", tests=str(cases), failures=str(len(findings)))
    for path, found in grouped.items():
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=path,
            tests=str(max(1, len(found))),
            failures=str(len(found)),
            errors="0",
            skipped="0",
            file=path,
        )
        if not found:
            ET.SubElement(suite, "testcase", classname=path, name="no findings", file=path)
        for finding in found:
            name = CHECKS[finding.code].name if finding.code in CHECKS else finding.code
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path,
                file=path,
                line=str(finding.line),
                name=f"{finding.code} {name} at {finding.line}:{finding.column}"
                + (f" ({finding.segment_id})" if finding.segment_id else ""),
            )
            failure = ET.SubElement(case, "failure", message=described(finding), type=finding.code)
            failure.text = f"{finding}\n{described(finding)}"
    ET.ElementTree(suites).write(stream, encoding="unicode", xml_declaration=True)
    stream.write("\n")


def relative_uri(path: str, root: Path) -> str | None:
    """The URI of ``path`` relative to ``root``, or None when it lies outside it."""
    relative = os.path.relpath(Path(path).absolute(), root.absolute())
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return quote(relative.replace(os.sep, "/"), safe="/")


def _artifact(path: str, root: Path) -> dict[str, str]:
    uri = relative_uri(path, root)
    return {"uri": uri, "uriBaseId": SRCROOT} if uri is not None else {"uri": Path(path).absolute().as_uri()}


def _rule(info: CheckInfo, docs: str) -> dict[str, Any]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.description},
        "fullDescription": {"text": help_text(info).split("\n", 1)[0]},
        "help": {"text": help_text(info), "markdown": help_markdown(info, docs)},
        "helpUri": help_uri(info, docs),
        "defaultConfiguration": {"level": _level(info.severity)},
        "properties": {
            "tags": ["localization", info.category.value],
            "its-category": info.category.value,
            "scope": info.scope.value,
        },
    }


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def fingerprints(findings: Iterable[Finding]) -> Iterator[str]:
    """A line-free hash of each finding's key, with an occurrence number so equal findings stay apart."""
    seen: Counter[tuple[str, ...]] = Counter()
    for finding in findings:
        seen[finding.key] += 1
        text = "\0".join([*finding.key, str(seen[finding.key])])
        yield hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def sarif(
    findings: Sequence[Finding], checks: Iterable[CheckInfo] | None = None, root: Path | None = None, docs: str = DOCS_URL
) -> dict[str, Any]:
    """The SARIF 2.1.0 log as a JSON-ready dict; URIs relative to ``root`` (default: the working folder)."""
    root = (root or Path.cwd()).absolute()
    rules = list(checks if checks is not None else CHECKS.values())
    index = {info.code: i for i, info in enumerate(rules)}
    results = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _level(finding.severity),
            "message": {"text": described(finding)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(finding.path, root),
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
            "partialFingerprints": {"loctkFinding/v1": fingerprint},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.segment_id:
            result["properties"] = {
                "segment": finding.segment_id,
                "locale": finding.locale,
                "source": finding.source,
                "target": finding.target,
            }
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "loctk",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": DOCS_URL,
                        "rules": [_rule(r, docs) for r in rules],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def write_sarif(findings: Sequence[Finding], stream: TextIO) -> None:
    json.dump(sarif(findings), stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded (GitHub's documented escaping)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Iterable[Finding], stream: TextIO) -> None:
    """GitHub Actions annotations: ``::error file=…,line=…,col=…,title=…::message``, one line each."""
    for finding in findings:
        name = CHECKS[finding.code].name if finding.code in CHECKS else ""
        properties = {
            "file": finding.path.replace(os.sep, "/"),
            "line": str(finding.line),
            "col": str(finding.column),
            "title": f"{finding.code} {name}".strip(),
        }
        fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        stream.write(f"::{_level(finding.severity)} {fields}::{escape_data(described(finding))}\n")


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def gitlab(findings: Sequence[Finding], root: Path | None = None) -> list[dict[str, Any]]:
    """GitLab Code Quality issues (the documented subset of the Code Climate format)."""
    root = (root or Path.cwd()).absolute()
    issues = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        uri = relative_uri(finding.path, root)
        issues.append(
            {
                "description": f"{finding.code}: {described(finding)}",
                "check_name": f"{finding.code} {CHECKS[finding.code].name}" if finding.code in CHECKS else finding.code,
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITY[finding.severity],
                "location": {"path": uri if uri is not None else finding.path, "lines": {"begin": finding.line}},
            }
        )
    return issues


def write_gitlab(findings: Sequence[Finding], stream: TextIO) -> None:
    json.dump(gitlab(findings), stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def write_report(findings: Sequence[Finding], paths: Sequence[str], output: str, stream: TextIO) -> None:
    """``findings`` in the named format (see :data:`toolkit.checks.config.FORMATS`)."""
    if output == "json":
        write_json(findings, stream)
    elif output == "junit":
        write_junit(findings, paths, stream)
    elif output == "sarif":
        write_sarif(findings, stream)
    elif output == "github":
        write_github(findings, stream)
    elif output == "gitlab":
        write_gitlab(findings, stream)
    else:
        write_text(findings, stream)
