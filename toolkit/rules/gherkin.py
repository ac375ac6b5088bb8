"""The spec as Gherkin: one scenario per rule, tagged with the rule, its modality and segment ids.

Steps come from the state machine: a scenario replays a shortest sequence of actions that
reaches a state where the rule applies (a witness found by the same exploration the checker
uses), so the feature file is an executable reading of the rule, not a paraphrase. A rule
without a formal part gets a scenario that states its sentence. The steps, which
``tests/test_rules_scenarios.py`` binds to the spec's model (so a changed guard fails a
scenario):

* ``Given the model of "SPEC" bounded at N`` (the background);
* ``Given the start (DESCRIPTION)``, ``And "STEP" is done``, ``And now DESCRIPTION``: the path;
* ``When "ACTION" is tried`` / ``Then it is refused``: a prohibition;
* ``When "ACTION" is done``: every outcome of the action (all of them, when it has several);
* ``Then "ACTION" is allowed``, ``And it records A, B``, ``Then CONDITION holds``;
* ``Given the article "NAME"`` / ``Then sentence N states "TEXT"``: a rule with no formal part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from toolkit.rules.machine import Exploration, State, bounded, describe, enabled, explore, holds
from toolkit.rules.model import Modality, Rule, Spec
from toolkit.rules.verify import DEFAULT_BOUND


def dumps_gherkin(spec: Spec, bound: int | None = DEFAULT_BOUND) -> str:
    world = explore(bounded(spec.machine, bound)) if spec.machine is not None else None
    lines = [f"Feature: {spec.name}"]
    if spec.scope:
        lines.append(f"  {spec.scope}")
    if world is not None:
        lines += ["", "  Background:", f'    Given the model of "{spec.name}" bounded at {bound}']
    repeated = {s for s, n in Counter(r.statement for r in spec.rules).items() if n > 1}
    for rule in spec.rules:
        tags = [
            f"@{rule.id}",
            f"@{rule.modality.value}",
            f"@segment-{rule.citation.number}",
            *(f"@{t.segment_id}" for t in rule.translations),
        ]
        name = " ".join(rule.statement.split()) + (f" ({rule.id})" if rule.statement in repeated else "")
        lines += ["", "  " + " ".join(tags), f"  Scenario: {name}"]
        lines += [f"    {step}" for step in _steps(rule, world)]
    return "\n".join(lines) + "\n"


def _steps(rule: Rule, world: Exploration | None) -> Iterable[str]:
    formal = rule.formal
    if world is None or formal is None or not formal.action:
        yield f'Given the article "{rule.citation.name}"'
        yield f'Then sentence {rule.citation.number} states "{rule.statement}"'
        return
    machine = world.machine
    action = machine.action(formal.action)

    def applies(state: State) -> bool:
        return holds(machine, state, formal.when)

    if formal.then:
        yield from _given(world, lambda s: applies(s) and enabled(machine, s, action))
        yield f'When "{formal.action}" is done'
        yield from (f"{'Then' if i == 0 else 'And'} {condition} holds" for i, condition in enumerate(formal.then))
        return
    if rule.modality is Modality.PROHIBITION:
        yield from _given(world, applies)
        yield f'When "{formal.action}" is tried'
        yield "Then it is refused"
        return
    if formal.after:
        first = machine.action(formal.after[0])
        yield from _given(
            world,
            lambda s: applies(s) and enabled(machine, s, first) and not enabled(machine, s, action),
            lambda s: applies(s) and enabled(machine, s, first),
        )
        yield from (f'When "{name}" is done' if i == 0 else f'And "{name}" is done' for i, name in enumerate(formal.after))
    else:
        yield from _given(world, lambda s: applies(s) and enabled(machine, s, action))
    yield f'Then "{formal.action}" is allowed'
    if formal.records:
        yield f"And it records {', '.join(formal.records)}"


def _given(world: Exploration, *wanted: Callable[[State], bool]) -> Iterable[str]:
    """Steps to the first state meeting the first satisfiable wish (the start when none is)."""
    state = next((s for w in wanted for s in world.states if w(s)), world.states[0])
    yield f"Given the start ({describe(world.machine, world.states[0])})"
    for step in world.path(state):
        yield f'And "{step}" is done'
    if state != world.states[0]:
        yield f"And now {describe(world.machine, state)}"
