"""The state machine of the curated spec: exhaustive exploration agrees with random runs (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SEEDS
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from toolkit.rules import read_spec
from toolkit.rules.machine import State, Step, bounded, describe, enabled, explore, holds, initial, successors
from toolkit.rules.model import Machine, Modality

SPEC = read_spec(SEEDS / "close-opportunity.rules.yaml")
assert SPEC.machine is not None
MACHINE: Machine = bounded(SPEC.machine, 3)
WORLD = explore(MACHINE)
REACHABLE = frozenset(WORLD.states)


def test_state_counts_grow_with_the_bound() -> None:
    assert SPEC.machine is not None
    counts = [len(explore(bounded(SPEC.machine, n)).states) for n in (1, 2, 3)]
    assert counts == [10, 22, 40]
    assert WORLD.complete


def test_paths_replay_to_their_states() -> None:
    for state in WORLD.states:
        current = initial(MACHINE)
        for step in WORLD.path(state):
            action = MACHINE.action(step.action)
            current = next(after for s, after in successors(MACHINE, current, action) if s == step)
        assert current == state


def test_quotes_are_interchangeable() -> None:
    state = WORLD.states[-1]
    assert all(list(instances) == sorted(instances) for instances in state)
    assert describe(MACHINE, initial(MACHINE)) == "opportunity: Open; quote: none"


def test_a_closed_opportunity_accepts_no_new_quote() -> None:
    create = MACHINE.action("create-quote")
    closed = [s for s in WORLD.states if s[0] != ("Open",)]
    assert closed and not any(enabled(MACHINE, s, create) for s in closed)


PROHIBITIONS = [r.formal for r in SPEC.rules if r.modality is Modality.PROHIBITION and r.formal is not None]


class RandomRuns(RuleBasedStateMachine):
    """Random action sequences stay within the explored states and never break a prohibition."""

    machine = MACHINE
    reachable_states = REACHABLE

    def __init__(self) -> None:
        super().__init__()
        self.state: State = initial(self.machine)
        self.steps: list[Step] = []

    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        moves = [m for a in self.machine.actions for m in successors(self.machine, self.state, a)]
        if moves:  # a closed opportunity with closed quotes is a final state
            step, self.state = data.draw(st.sampled_from(moves), label="move")
            self.steps.append(step)

    @invariant()
    def reachable(self) -> None:
        assert self.state in self.reachable_states, self.steps

    @invariant()
    def prohibitions_hold(self) -> None:
        for formal in PROHIBITIONS:
            forbidden = holds(self.machine, self.state, formal.when)
            assert not (forbidden and enabled(self.machine, self.state, self.machine.action(formal.action))), self.steps


RandomRuns.TestCase.settings = settings(max_examples=60, stateful_step_count=12, deadline=None)
TestRandomRuns = RandomRuns.TestCase


def test_random_runs_find_the_removed_guard() -> None:
    actions = tuple(replace(a, guard=()) if a.name == "close-opportunity" else a for a in MACHINE.actions)
    broken = replace(MACHINE, actions=actions)

    class BrokenRuns(RandomRuns):
        machine = broken
        reachable_states = frozenset(explore(broken).states)

    quick = settings(max_examples=200, stateful_step_count=8, deadline=None, database=None, print_blob=False)
    with pytest.raises(AssertionError):
        run_state_machine_as_test(BrokenRuns, settings=quick)
