"""The spec as Markdown for reviewers: every rule's statement in every locale side by side.

Write-only: the YAML spec is the source of truth, this is its readable face. Cells are
escaped so a ``|`` in a translation never splits a table row.
"""

from __future__ import annotations

from toolkit.model import SOURCE_LOCALE
from toolkit.rules.model import Condition, Formal, Machine, Spec


def dumps_markdown(spec: Spec) -> str:
    locales = sorted({t.locale for r in spec.rules for t in r.translations}, key=str.lower)
    lines = [f"# Business rules: {spec.name}", ""]
    if spec.scope:
        lines += [f"Scope: {_cell(spec.scope)}", ""]
    lines += [
        "| rule | modality | sentence | " + " | ".join([SOURCE_LOCALE, *locales]) + " |",
        "| --- " * (4 + len(locales)) + "|",
    ]
    for rule in spec.rules:
        texts = {t.locale: t.text for t in rule.translations}
        cells = [
            rule.id,
            rule.modality.value,
            str(rule.citation.number),
            rule.statement,
            *(texts.get(locale, "—") for locale in locales),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    formal = [(r.id, r.formal) for r in spec.rules if r.formal is not None]
    if formal:
        lines += ["", "## What each rule claims", ""]
        lines += [f"- **{rule_id}**: {_claim(f)}" for rule_id, f in formal if f is not None]
    if spec.machine is not None:
        lines += ["", *_machine(spec.machine)]
    return "\n".join(lines) + "\n"


def _machine(machine: Machine) -> list[str]:
    lines = ["## Model", ""]
    for e in machine.entities:
        many = f", up to {e.count}" if e.count > 1 or not e.created else ""
        lines.append(f"- entity `{e.name}`: {', '.join(e.states)} (new ones {e.initial}{many})")
    for a in machine.actions:
        move = f"new {a.entity}" if a.create else f"{'every' if a.each else 'a'} {a.entity} in {', '.join(a.source)}"
        guard = f" if {_conditions(a.guard)}" if a.guard else ""
        records = f", recording {', '.join(a.records)}" if a.records else ""
        lines.append(f"- action `{a.name}`: {move} -> {' or '.join(a.target)}{guard}{records}")
    return lines


def _claim(formal: Formal) -> str:
    parts = []
    if formal.action:
        parts.append(f"`{formal.action}`")
    if formal.when:
        parts.append(f"while {_conditions(formal.when)}")
    if formal.after:
        parts.append(f"after {', '.join(f'`{a}`' for a in formal.after)}")
    if formal.records:
        parts.append(f"records {', '.join(formal.records)}")
    if formal.then:
        parts.append(f"then {_conditions(formal.then)}")
    if formal.entity:
        parts.append(f"`{formal.entity}` is {' or '.join(formal.states)}")
    return "; ".join(parts)


def _conditions(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(map(str, conditions))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
