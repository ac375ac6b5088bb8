"""Baselines: the findings a project has accepted, so CI reports only new ones.

A finding is recorded by its :attr:`~toolkit.checks.registry.Finding.key` (path, segment
id, code, message): line numbers are left out because edits elsewhere move them. The file
is JSON, sorted, so it diffs well in review. Suppression is a multiset difference: two
identical recorded findings hide two, a third new one is still reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from toolkit.checks.registry import Finding
from toolkit.errors import UsageError

VERSION = 1
Key = tuple[str, str, str, str]


def write_baseline(findings: Iterable[Finding], stream: TextIO) -> int:
    """Record ``findings``; returns how many were written."""
    keys = sorted(f.key for f in findings)
    entries = [{"path": p, "segment": s, "code": c, "message": m} for p, s, c, m in keys]
    json.dump({"version": VERSION, "findings": entries}, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(entries)


def read_baseline(path: str | Path) -> Counter[Key]:
    """The recorded keys of a baseline file, with their multiplicity."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Counter((e["path"], e["segment"], e["code"], e["message"]) for e in data["findings"])
    except OSError as error:
        raise UsageError(f"{path}: cannot read baseline: {error.strerror or error}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: not a loctk baseline ({error})") from error


def apply_baseline(findings: Sequence[Finding], baseline: Counter[Key]) -> list[Finding]:
    """``findings`` minus the recorded ones (each recorded entry hides one finding)."""
    left = Counter(baseline)
    kept = []
    for finding in findings:
        key = finding.key
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return kept
