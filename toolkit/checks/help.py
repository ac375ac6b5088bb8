"""What each check is for, with a bad and a good example: the help CI tools show next to a finding.

The examples are data (``examples.json``, keyed by code) so the tests can run every one of
them: the bad example must make its check fire and the good one must not. An example is a
pair (``en``, ``bad``, ``good`` translations, optional ``locale`` and ``glossary``) or, for
checks about the file rather than one sentence, whole files (``file: true``; ``{front}``
stands for an ordinary front matter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from toolkit.checks.registry import CheckInfo, listing_key

DOCS_URL = "https://github.com/loctk/toolkit/blob/main/docs/qa-checks.md"
"""Where ``docs/qa-checks.md`` is published; a check's help links to its section there."""
LOCALE = "fr-FR"
"""The locale of the examples unless one says otherwise."""


@dataclass(frozen=True, slots=True)
class Example:
    """A check's bad and good example as whole article texts, and how to show them."""

    locale: str
    bad: str
    good: str
    english: str
    """The English of a pair example; empty for file examples."""
    glossary: tuple[str, ...] = ()

    @property
    def is_pair(self) -> bool:
        return bool(self.english)


def front(locale: str) -> str:
    return (
        f"---\ntitle: Fermer\ndescription: Fermer une opportunité\nms.contentlocale: {locale}\n"
        "ms.translationtype: HT\nms.openlocfilehash: 06c6f067\n---\n"
    )


def pair_text(locale: str, english: str, translation: str) -> str:
    """An article of one pair."""
    return (
        f'{front(locale)}<span data-ttu-id="a-1">{translation}</span>'
        f'<span class="sxs-lookup"><span data-stu-id="a-1">{english}</span></span>\n'
    )


@cache
def examples() -> dict[str, Example]:
    data = json.loads(resources.files("toolkit.checks").joinpath("examples.json").read_text(encoding="utf-8"))
    found = {}
    for code, entry in data.items():
        locale = entry.get("locale", LOCALE)
        glossary = tuple(entry.get("glossary", ()))
        if entry.get("file"):
            found[code] = Example(
                locale,
                entry["bad"].replace("{front}", front(locale)),
                entry["good"].replace("{front}", front(locale)),
                "",
                glossary,
            )
        else:
            found[code] = Example(
                locale,
                pair_text(locale, entry["en"], entry["bad"]),
                pair_text(locale, entry["en"], entry["good"]),
                entry["en"],
                glossary,
            )
    return found


def anchor(info: CheckInfo) -> str:
    """The GitHub heading anchor of the check's section (``### C010 quotes`` → ``c010-quotes``)."""
    return re.sub(r"[^a-z0-9 -]", "", f"{info.code} {info.name}".lower()).replace(" ", "-")


def help_uri(info: CheckInfo, base: str = DOCS_URL) -> str:
    return f"{base}#{anchor(info)}"


def _shown(example: Example, bad: bool) -> str:
    """The example as a reader needs it: the translation of a pair, else the file without the usual front matter."""
    text = example.bad if bad else example.good
    if example.is_pair:
        match = re.search(r'<span data-ttu-id="a-1">(.*?)</span><span class="sxs-lookup">', text, re.DOTALL)
        return match.group(1) if match else text
    return text.replace(front(example.locale), "").replace("\ufeff", "<BOM>").replace("\r", "<CR>") or text


def help_text(info: CheckInfo) -> str:
    """Plain-text help: what the check wants, then the examples."""
    lines = [f"{info.code} {info.name} ({info.severity.value}, ITS {info.category.value}): {info.description}."]
    example = examples().get(info.code)
    if example is not None:
        if example.is_pair:
            lines.append(f"English: {example.english}")
        lines.append(f"Bad ({example.locale}): {_shown(example, True)}")
        lines.append(f"Good ({example.locale}): {_shown(example, False)}")
    return "\n".join(lines)


def _block(text: str) -> str:
    fence = "~~~~" if "```" in text else "```"
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"


def help_markdown(info: CheckInfo, base: str = DOCS_URL) -> str:
    """Markdown help: the description, the examples as code blocks, a link to the docs."""
    parts = [f"**{info.code} {info.name}** ({info.severity.value}, ITS 2.0 `{info.category.value}`): {info.description}."]
    example = examples().get(info.code)
    if example is not None:
        if example.is_pair:
            parts.append("English:\n\n" + _block(example.english))
        parts.append(f"Bad ({example.locale}):\n\n" + _block(_shown(example, True)))
        parts.append(f"Good ({example.locale}):\n\n" + _block(_shown(example, False)))
    parts.append(f"[More about {info.code}]({help_uri(info, base)})")
    return "\n\n".join(parts)


REFERENCE = "## Reference: every check"
"""The heading in ``docs/qa-checks.md`` above the sections :func:`reference` writes."""


def reference(checks: Iterable[CheckInfo]) -> str:
    """The check reference of ``docs/qa-checks.md``: a section per check (its ``helpUri`` anchor)."""
    parts = [
        REFERENCE,
        "Written by `python -m toolkit.checks.help`; the examples are `toolkit/checks/examples.json`, "
        "and the tests run every one of them (the bad one is found, the good one is not).",
    ]
    for info in sorted(checks, key=listing_key):
        text = help_markdown(info).rsplit("\n\n", 1)[0]  # without the link to this very section
        parts.append(f"### {info.code} {info.name}\n\n{text}")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    import sys

    from toolkit.checks import CHECKS

    sys.stdout.write(reference(CHECKS.values()))
