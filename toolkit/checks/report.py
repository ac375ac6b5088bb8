"""Findings as reports: text for people, JSON for scripts, JUnit XML and SARIF 2.1.0 for CI.

SARIF follows what GitHub code scanning reads: one run, the checks as ``rules`` with their
ITS 2.0 category as a tag, each result located by a relative URI, a 1-based region and a
``partialFingerprints`` entry that does not depend on the line (so alerts follow edits).
JUnit has one test case per checked file, failed when the file has findings.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote
from xml.etree import ElementTree as ET

from toolkit import __version__
from toolkit.checks.registry import CHECKS, CheckInfo, Finding
from toolkit.model import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SNIPPET = 160


def _clip(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def write_text(findings: Iterable[Finding], stream: TextIO, snippets: bool = True) -> None:
    """``path:line:col: severity: message [code]``, the English and translation indented below."""
    for finding in findings:
        stream.write(f"{finding}\n")
        if snippets and finding.segment_id:
            stream.write(f"    en: {_clip(finding.source)}\n    {finding.locale or 'xx'}: {_clip(finding.target)}\n")


def as_dict(finding: Finding) -> dict[str, Any]:
    return {"path": finding.path, "line": finding.line, "column": finding.column, "segment": finding.segment_id,
            "code": finding.code, "name": CHECKS[finding.code].name if finding.code in CHECKS else "",
            "severity": finding.severity.value, "message": finding.message, "locale": finding.locale,
            "source": finding.source, "target": finding.target}


def write_json(findings: Sequence[Finding], stream: TextIO) -> None:
    """One JSON document: ``{"findings": [...], "count": n}``."""
    json.dump({"count": len(findings), "findings": [as_dict(f) for f in findings]}, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


def write_junit(findings: Sequence[Finding], paths: Sequence[str], stream: TextIO) -> None:
    """JUnit XML: a test case per checked file, one ``<failure>`` per finding in it."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    every = list(dict.fromkeys([*paths, *by_path]))
    failed = sum(1 for p in every if by_path.get(p))
    suites = ET.Element("testsuites", name="loctk check", tests=str(len(every)), failures=str(failed))
    suite = ET.SubElement(suites, "testsuite", name="loctk check", tests=str(len(every)), failures=str(failed),
                          errors="0", skipped="0")
    for path in every:
        case = ET.SubElement(suite, "testcase", classname="loctk.check", name=path, file=path)
        for finding in by_path.get(path, ()):
            failure = ET.SubElement(case, "failure", message=f"{finding.code}: {finding.message}", type=finding.code)
            failure.text = str(finding)
    ET.ElementTree(suites).write(stream, encoding="unicode", xml_declaration=True)
    stream.write("\n")


def _uri(path: str) -> str:
    """A relative URI when the path is relative (what code scanning maps to the repository), else file://."""
    posix = path.replace("\\", "/")
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(str(PurePosixPath(posix)), safe="/")


def _rule(info: CheckInfo) -> dict[str, Any]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.description},
        "defaultConfiguration": {"level": _level(info.severity)},
        "properties": {"tags": ["localization", info.category.value], "its-category": info.category.value,
                       "scope": info.scope.value},
    }


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def sarif(findings: Sequence[Finding], checks: Iterable[CheckInfo] | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log as a JSON-ready dict."""
    rules = list(checks if checks is not None else CHECKS.values())
    index = {info.code: i for i, info in enumerate(rules)}
    results = []
    for finding in findings:
        fingerprint = hashlib.sha256("\0".join(finding.key).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _level(finding.severity),
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path)},
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }}],
            "partialFingerprints": {"loctkFinding/v1": fingerprint},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.segment_id:
            result["properties"] = {"segment": finding.segment_id, "locale": finding.locale,
                                    "source": finding.source, "target": finding.target}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "loctk", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(r) for r in rules]}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def write_sarif(findings: Sequence[Finding], stream: TextIO) -> None:
    json.dump(sarif(findings), stream, ensure_ascii=False, indent=1)
    stream.write("\n")
