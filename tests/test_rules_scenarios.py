"""The exported Gherkin runs: step definitions drive each spec's state machine (pytest-bdd).

The feature files are exported from the shipped specs (``corpus/*.rules.yaml``) when this
module is collected; the model the steps drive is read from ``LOCTK_MODELS`` (a folder of
specs, default ``corpus/``). Pointing it at a spec whose guard was changed makes the
scenarios of the rules that guard enforces fail, which ``test_a_changed_guard_fails_a_scenario``
checks in a separate pytest run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from pytest_bdd import given, parsers, scenarios, then, when

from toolkit.rules import Spec, dump_spec, dumps_gherkin, read_spec
from toolkit.rules.machine import State, bounded, describe, initial, successors
from toolkit.rules.model import Machine

FEATURES = Path(tempfile.mkdtemp(prefix="loctk-features-"))
for _path in sorted(SEEDS.glob("*.rules.yaml")):
    (FEATURES / f"{_path.name.removesuffix('.rules.yaml')}.feature").write_text(dumps_gherkin(read_spec(_path)), "utf-8")
MODELS = Path(os.environ.get("LOCTK_MODELS", SEEDS))

scenarios(str(FEATURES))


@dataclass
class World:
    """Where a scenario is: every state the steps so far may have led to."""

    spec: Spec | None = None
    machine: Machine | None = None
    states: set[State] = field(default_factory=set)
    action: str = ""

    def model(self) -> Machine:
        assert self.machine is not None, "the background names no model"
        return self.machine


@pytest.fixture
def world() -> World:
    return World()


def _spec(name: str) -> Spec:
    found = [s for s in map(read_spec, sorted(MODELS.glob("*.rules.yaml"))) if s.name == name]
    assert found, f"no spec named {name!r} in {MODELS}"
    return found[0]


@given(parsers.parse('the model of "{name}" bounded at {bound:d}'))
def the_model(world: World, name: str, bound: int) -> None:
    world.spec = _spec(name)
    assert world.spec.machine is not None
    world.machine = bounded(world.spec.machine, bound)


@given(parsers.parse("the start ({description})"))
def the_start(world: World, description: str) -> None:
    machine = world.model()
    world.states = {initial(machine)}
    assert describe(machine, initial(machine)) == description


@given(parsers.re(r'"(?P<step>[^"]+)" is done'))
@when(parsers.re(r'"(?P<step>[^"]+)" is done'))
def done(world: World, step: str) -> None:
    """Every outcome of the step (one, when the step names its choice as ``action(Won)``)."""
    machine = world.model()
    action = machine.action(step.split("(")[0])
    after = {
        state
        for current in world.states
        for taken, state in successors(machine, current, action)
        if step in (str(taken), action.name)
    }
    assert after, f"{step} is not allowed in {[describe(machine, s) for s in world.states]}"
    world.states = after


@given(parsers.parse("now {description}"))
def now(world: World, description: str) -> None:
    assert [describe(world.model(), s) for s in world.states] == [description]


@when(parsers.parse('"{action}" is tried'))
def tried(world: World, action: str) -> None:
    world.action = action


@then("it is refused")
def refused(world: World) -> None:
    machine = world.model()
    action = machine.action(world.action)
    allowed = [describe(machine, s) for s in world.states if next(successors(machine, s, action), None) is not None]
    assert not allowed, f"{world.action} is allowed in {allowed}"


@then(parsers.parse('"{action}" is allowed'))
def allowed(world: World, action: str) -> None:
    machine = world.model()
    refused = [describe(machine, s) for s in world.states if next(successors(machine, s, machine.action(action)), None) is None]
    assert not refused, f"{action} is refused in {refused}"


@then(parsers.parse("it records {records}"))
def records(world: World, records: str) -> None:
    machine = world.model()
    recorded = {r for a in machine.actions for r in a.records}
    assert set(records.split(", ")) <= recorded


@then(parsers.re(r"(?P<quantifier>no|some|all) (?P<entity>[\w-]+) in \[(?P<states>[^\]]*)\] holds"))
def holds_after(world: World, quantifier: str, entity: str, states: str) -> None:
    machine = world.model()
    index = next(i for i, e in enumerate(machine.entities) if e.name == entity)
    wanted = set(states.split(", "))
    for state in world.states:
        matching = sum(1 for s in state[index] if s in wanted)
        total = len(state[index])
        ok = {"no": matching == 0, "some": matching > 0, "all": matching == total}[quantifier]
        assert ok, f"{quantifier} {entity} in [{states}] does not hold in {describe(machine, state)}"


@given(parsers.parse('the article "{name}"'))
def the_article(world: World, name: str) -> None:
    world.spec = next(
        (s for s in map(read_spec, sorted(MODELS.glob("*.rules.yaml"))) if any(r.citation.name == name for r in s.rules)), None
    )
    assert world.spec is not None, f"no spec cites {name}"


@then(parsers.parse('sentence {number:d} states "{text}"'))
def states_sentence(world: World, number: int, text: str) -> None:
    assert world.spec is not None
    assert any(r.citation.number == number and r.statement == text for r in world.spec.rules)


def test_a_changed_guard_fails_a_scenario(tmp_path: Path) -> None:
    """CI runs the scenarios against a spec whose close-opportunity guard was dropped: the prohibition's fails."""
    spec = read_spec(SEEDS / "close-opportunity.rules.yaml")
    assert spec.machine is not None
    actions = tuple(replace(a, guard=()) if a.name == "close-opportunity" else a for a in spec.machine.actions)
    (tmp_path / "close-opportunity.rules.yaml").write_text(
        dump_spec(replace(spec, machine=replace(spec.machine, actions=actions))), "utf-8"
    )
    for other in SEEDS.glob("*.rules.yaml"):
        if other.name != "close-opportunity.rules.yaml":
            (tmp_path / other.name).write_bytes(other.read_bytes())
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            str(Path(__file__)),
            "-k",
            "not changed_guard",
        ],
        cwd=ROOT,
        env={**os.environ, "LOCTK_MODELS": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "close_the_opportunity_if_there_are_any_active_quotes" in failed[0], run.stdout[-2000:]
    assert "close-opportunity is allowed in ['opportunity: Open; quote: Active']" in run.stdout
