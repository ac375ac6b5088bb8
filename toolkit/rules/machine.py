"""Semantics of a spec's state machine and its bounded exhaustive exploration.

A state holds, per entity, the sorted states of its existing instances: instances of one
entity are interchangeable (three quotes, two of them Draft), so sorting merges states that
differ only by which quote is which, and the search space stays small. Exploration is a
breadth-first search that keeps each state's first parent, so the path it reports to any
state is a shortest sequence of actions from the start.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from toolkit.rules.model import Action, Condition, Machine, Quantifier

State = tuple[tuple[str, ...], ...]
"""Per entity (in machine order), the sorted states of its existing instances."""


@dataclass(frozen=True, slots=True)
class Step:
    """One labelled transition: ``close-opportunity(Won)``."""

    action: str
    choice: str
    """The chosen target state when the action offers several; empty otherwise."""
    moved: str = ""
    """The state of the instance moved, when the action could move instances in several states."""

    def __str__(self) -> str:
        detail = ", ".join(filter(None, (f"from {self.moved}" if self.moved else "", self.choice)))
        return f"{self.action}({detail})" if detail else self.action


@dataclass(frozen=True, slots=True)
class Exploration:
    """Every state reachable within the bound, each with how it was first reached."""

    machine: Machine
    states: tuple[State, ...]
    """In breadth-first order: the initial state first."""
    parents: dict[State, tuple[State, Step] | None]
    complete: bool
    """False when the state limit stopped the search early."""

    def path(self, state: State) -> tuple[Step, ...]:
        """A shortest sequence of actions from the initial state to ``state``."""
        steps: list[Step] = []
        link = self.parents[state]
        while link is not None:
            previous, step = link
            steps.append(step)
            link = self.parents[previous]
        return tuple(reversed(steps))


def bounded(machine: Machine, bound: int | None) -> Machine:
    """The machine with every many-instance entity limited to ``bound`` instances."""
    if bound is None:
        return machine
    entities = tuple(replace(e, count=bound) if e.count > 1 or not e.created else e for e in machine.entities)
    return replace(machine, entities=entities)


def initial(machine: Machine) -> State:
    return tuple((e.initial,) * e.count if e.created else () for e in machine.entities)


def holds(machine: Machine, state: State, conditions: Sequence[Condition]) -> bool:
    """Whether every condition holds (an empty list always does)."""
    return all(_holds(machine, state, c) for c in conditions)


def _holds(machine: Machine, state: State, condition: Condition) -> bool:
    instances = state[_index(machine, condition.entity)]
    matching = sum(1 for s in instances if s in condition.states)
    if condition.quantifier is Quantifier.NONE:
        return matching == 0
    if condition.quantifier is Quantifier.SOME:
        return matching > 0
    return matching == len(instances)


def _index(machine: Machine, entity: str) -> int:
    return next(i for i, e in enumerate(machine.entities) if e.name == entity)


def successors(machine: Machine, state: State, action: Action) -> Iterator[tuple[Step, State]]:
    """Every state one application of ``action`` leads to (none when it is not enabled)."""
    if not holds(machine, state, action.guard):
        return
    index = _index(machine, action.entity)
    instances = state[index]
    for target in action.target:
        choice = target if len(action.target) > 1 else ""
        if action.create:
            if len(instances) < machine.entity(action.entity).count:
                yield Step(action.name, choice), _with(state, index, (*instances, target))
        elif action.each:
            if any(s in action.source for s in instances):
                changed = tuple(target if s in action.source else s for s in instances)
                yield Step(action.name, choice), _with(state, index, changed)
        else:
            for moved in sorted({s for s in instances if s in action.source}):
                rest = list(instances)
                rest.remove(moved)
                step = Step(action.name, choice, moved if len(action.source) > 1 else "")
                yield step, _with(state, index, (*rest, target))


def _with(state: State, index: int, instances: tuple[str, ...]) -> State:
    return (*state[:index], tuple(sorted(instances)), *state[index + 1 :])


def enabled(machine: Machine, state: State, action: Action) -> bool:
    return next(successors(machine, state, action), None) is not None


def explore(machine: Machine, limit: int = 200_000) -> Exploration:
    """Breadth-first search of every reachable state, stopping after ``limit`` states."""
    start = initial(machine)
    parents: dict[State, tuple[State, Step] | None] = {start: None}
    queue = deque([start])
    order = [start]
    while queue:
        state = queue.popleft()
        for action in machine.actions:
            for step, after in successors(machine, state, action):
                if after in parents:
                    continue
                if len(parents) >= limit:
                    return Exploration(machine, tuple(order), parents, complete=False)
                parents[after] = (state, step)
                order.append(after)
                queue.append(after)
    return Exploration(machine, tuple(order), parents, complete=True)


def describe(machine: Machine, state: State) -> str:
    """``opportunity: Open; quote: Active, Draft`` for messages."""
    return "; ".join(f"{e.name}: {', '.join(s) or 'none'}" for e, s in zip(machine.entities, state, strict=True))
