"""The page of every code the toolkit reports: ``python -m toolkit.codes > docs/codes.md``.

Written from :data:`toolkit.diagnostics.CODES` (and the check registry, for the checks' names
and ITS categories), so the page cannot drift from the code; a test compares them.
"""

from __future__ import annotations

import toolkit.checks
from toolkit.diagnostics import CODES, FAMILIES


def page() -> str:
    """The codes page, in Markdown: one table per family."""
    checks = toolkit.checks.CHECKS
    lines = [
        "# Codes",
        "",
        "Every code `loctk` reports, with its severity. Written by `python -m toolkit.codes > docs/codes.md`;",
        "do not edit by hand. A code keeps its meaning for good: CI baselines and rule specs refer to it.",
    ]
    for letter, title in FAMILIES.items():
        codes = sorted(code for code in CODES if code.startswith(letter))
        lines += ["", f"## {letter}: {title}", ""]
        if letter in "SMCX":
            lines += ["| code | name | severity | ITS category | what it checks |", "| --- | --- | --- | --- | --- |"]
            lines += [
                f"| {c} | {checks[c].name} | {CODES[c].severity.value} | {checks[c].category.value} | {_cell(CODES[c].title)} |"
                for c in codes
            ]
        else:
            lines += ["| code | severity | problem |", "| --- | --- | --- |"]
            lines += [f"| {c} | {CODES[c].severity.value} | {_cell(CODES[c].title)} |" for c in codes]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(page(), end="")
