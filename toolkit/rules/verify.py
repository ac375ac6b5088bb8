"""Judging a spec's rules against its state machine, over every state within a bound.

A failed rule is reported with a counterexample: the shortest sequence of actions from the
start that reaches a state breaking it, so a reader can replay it by hand. References are
checked first; a rule naming an unknown action is reported once and not judged further.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from toolkit.model import Diagnostic
from toolkit.rules.findings import at_rule, rule_diagnostic
from toolkit.rules.machine import Exploration, State, Step, bounded, describe, enabled, explore, holds, successors
from toolkit.rules.model import Condition, Entity, Formal, Machine, Modality, Quantifier, Rule, Spec

DEFAULT_BOUND = 3
"""Instances of each many-instance entity explored (three quotes)."""


@dataclass(frozen=True, slots=True)
class Verification:
    """What :func:`verify` found and the state space it judged the rules on.

    ``world`` is None when there is no machine or the model itself is broken (R101), so
    callers that report or export the states never explore them a second time.
    """

    problems: list[Diagnostic]
    world: Exploration | None

    @property
    def states(self) -> int:
        return len(self.world.states) if self.world is not None else 0


def verify(spec: Spec, bound: int | None = DEFAULT_BOUND) -> Verification:
    """Every way the formal part is inconsistent (none when it is consistent within the bound)."""
    if spec.machine is None:
        return Verification([], None)
    machine = bounded(spec.machine, bound)
    found = [rule_diagnostic(spec.path, spec.line_of("machine"), 1, "R101", f"model: {message}") for message in _broken(machine)]
    if found:
        return Verification(found, None)
    judged = []
    for rule in spec.rules:
        if rule.formal is None:
            continue
        unknown = list(_unknown(machine, rule.formal))
        for message in unknown:
            found.append(at_rule(spec, rule, "R101", f"rule {rule.id}: {message}"))
        if not unknown:
            judged.append(rule)
    world = explore(machine)
    if not world.complete:
        found.append(
            rule_diagnostic(
                spec.path,
                spec.line_of("machine"),
                1,
                "R108",
                f"stopped after {len(world.states)} states; rules judged on those only",
            )
        )
    for rule in judged:
        found.extend(_judge(spec, world, rule))
    found.extend(_contradictions(spec, world, judged))
    return Verification(found, world)


def _broken(machine: Machine) -> Iterable[str]:
    """Names the model itself gets wrong; nothing can be explored until they are fixed."""
    entities = {e.name: e for e in machine.entities}
    for entity in machine.entities:
        if entity.initial not in entity.states:
            yield f"entity {entity.name!r} starts in {entity.initial!r}, which is not one of its states"
    for action in machine.actions:
        if action.entity not in entities:
            yield f"action {action.name!r}: unknown entity {action.entity!r}"
            continue
        own = Condition(Quantifier.ALL, action.entity, (*action.source, *action.target))
        for message in _unknown_states(entities, (own, *action.guard)):
            yield f"action {action.name!r}: {message}"


def _unknown(machine: Machine, formal: Formal) -> Iterable[str]:
    actions = {a.name for a in machine.actions}
    entities = {e.name: e for e in machine.entities}
    for name in (formal.action, *formal.after):
        if name and name not in actions:
            yield f"unknown action {name!r}"
    if formal.entity and formal.entity not in entities:
        yield f"unknown entity {formal.entity!r}"
    yield from _unknown_states(entities, formal.when)


def _unknown_states(entities: Mapping[str, Entity], conditions: Iterable[Condition]) -> Iterable[str]:
    for condition in conditions:
        entity = entities.get(condition.entity)
        if entity is None:
            yield f"unknown entity {condition.entity!r}"
            continue
        for state in condition.states:
            if state not in entity.states:
                yield f"entity {entity.name!r} has no state {state!r}"


def _judge(spec: Spec, world: Exploration, rule: Rule) -> Iterable[Diagnostic]:
    formal = rule.formal
    assert formal is not None
    machine = world.machine
    if rule.modality is Modality.PROHIBITION and formal.action:
        action = machine.action(formal.action)
        for state in world.states:
            if holds(machine, state, formal.when) and enabled(machine, state, action):
                step = next(successors(machine, state, action))[0]
                yield at_rule(
                    spec,
                    rule,
                    "R102",
                    f"rule {rule.id} forbids {formal.action}{_while(formal.when)}, "
                    f"but it is allowed; counterexample: {_trace(world.path(state), step)}",
                )
                break
    elif rule.modality in (Modality.PERMISSION, Modality.POSSIBILITY) and formal.action:
        yield from _permission(spec, world, rule, formal)
    if formal.then and formal.action:
        yield from _outcome(spec, world, rule, formal)
    if formal.records and formal.action:
        missing = [r for r in formal.records if r not in machine.action(formal.action).records]
        if missing:
            yield at_rule(spec, rule, "R106", f"rule {rule.id}: {formal.action} does not record {', '.join(missing)}")
    if formal.entity and formal.states:
        states = machine.entity(formal.entity).states
        if set(states) != set(formal.states):
            yield at_rule(
                spec,
                rule,
                "R107",
                f"rule {rule.id} says {formal.entity} is {' or '.join(formal.states)}, the model has {', '.join(states)}",
            )


def _permission(spec: Spec, world: Exploration, rule: Rule, formal: Formal) -> Iterable[Diagnostic]:
    machine = world.machine
    action = machine.action(formal.action)
    where = [s for s in world.states if holds(machine, s, formal.when)]
    if not any(enabled(machine, s, action) for s in where):
        yield at_rule(
            spec,
            rule,
            "R103",
            f"rule {rule.id} allows {formal.action}{_while(formal.when)}, but it is never "
            f"allowed in any of {len(world.states)} reachable states",
        )
    if not formal.after:
        return
    for state in where:
        for path, after in _after(machine, state, formal.after):
            if not enabled(machine, after, action):
                yield at_rule(
                    spec,
                    rule,
                    "R104",
                    f"rule {rule.id}: after {', '.join(formal.after)}, {formal.action} "
                    f"should be allowed but is not (in {describe(machine, after)}); counterexample: "
                    f"{_trace((*world.path(state), *path), Step(formal.action, ''))}",
                )
                return


def _outcome(spec: Spec, world: Exploration, rule: Rule, formal: Formal) -> Iterable[Diagnostic]:
    """Every state ``action`` leads to (from where ``when`` holds) satisfies ``then``."""
    machine = world.machine
    action = machine.action(formal.action)
    for state in world.states:
        if not holds(machine, state, formal.when):
            continue
        for step, after in successors(machine, state, action):
            if not holds(machine, after, formal.then):
                yield at_rule(
                    spec,
                    rule,
                    "R104",
                    f"rule {rule.id}: after {formal.action}, "
                    f"{' and '.join(map(str, formal.then))} should hold but does not (in {describe(machine, after)}); "
                    f"counterexample: {_trace(world.path(state), step)}",
                )
                return


def _after(machine: Machine, state: State, names: Sequence[str]) -> Iterable[tuple[tuple[Step, ...], State]]:
    """Every state the actions ``names`` lead to in turn; nothing where one is not enabled."""
    if not names:
        yield (), state
        return
    for step, after in successors(machine, state, machine.action(names[0])):
        for rest, final in _after(machine, after, names[1:]):
            yield (step, *rest), final


def _contradictions(spec: Spec, world: Exploration, rules: Sequence[Rule]) -> Iterable[Diagnostic]:
    """A permission of an action that a prohibition forbids wherever the permission applies.

    A permission that applies somewhere the prohibition does not is no contradiction ("can be
    closed" next to "not while a quote is active"); one whose every reachable case is forbidden is.
    """
    machine = world.machine
    allows = [r for r in rules if r.modality in (Modality.PERMISSION, Modality.POSSIBILITY) and r.formal and r.formal.action]
    forbids = [r for r in rules if r.modality is Modality.PROHIBITION and r.formal and r.formal.action]
    for allow in allows:
        for forbid in forbids:
            assert allow.formal is not None and forbid.formal is not None
            if allow.formal.action != forbid.formal.action:
                continue
            where = [s for s in world.states if holds(machine, s, allow.formal.when)]
            if where and all(holds(machine, s, forbid.formal.when) for s in where):
                yield at_rule(
                    spec,
                    allow,
                    "R105",
                    f"rule {allow.id} allows {allow.formal.action}{_while(allow.formal.when)} "
                    f"but rule {forbid.id} forbids it{_while(forbid.formal.when)}; counterexample: "
                    f"{_trace(world.path(where[0]), Step(allow.formal.action, ''))}",
                )


def _while(conditions: Sequence[Condition]) -> str:
    return f" while {' and '.join(map(str, conditions))}" if conditions else ""


def _trace(path: Sequence[Step], last: Step) -> str:
    return " -> ".join(str(s) for s in (*path, last))
