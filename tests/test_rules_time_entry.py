"""The second curated spec, a time entry's life cycle: it holds, and each broken guard gives its counterexample.

Draft -> Submitted -> Approved or Returned (rejected), recalled back to Draft, deleted only as a
draft: a life cycle unlike the opportunity's, written in the same spec language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from conftest import SEEDS, SXS, needs_corpus

from toolkit.rules import check_spec, read_spec, verify
from toolkit.rules.model import Spec
from toolkit.sxs import read_article

SPEC = read_spec(SEEDS / "time-entry-status.rules.yaml")


def _with(spec: Spec, action: str, **changes: Any) -> Spec:
    assert spec.machine is not None
    actions = tuple(replace(a, **changes) if a.name == action else a for a in spec.machine.actions)
    return replace(spec, machine=replace(spec.machine, actions=actions))


def test_the_model_keeps_every_rule() -> None:
    verified = verify(SPEC)
    assert verified.problems == [] and verified.states == 5
    assert {r.modality.value for r in SPEC.rules} == {"permission", "prohibition", "possibility", "necessity"}


@needs_corpus
def test_the_spec_holds_on_the_article_in_the_locales_it_records() -> None:
    articles = [read_article(SXS / locale / "articles" / "time" / "ui-behavior-time.md") for locale in ("de-DE", "fr-fr")]
    assert check_spec(SPEC, articles) == []


@pytest.mark.parametrize(
    ("action", "changes", "expected"),
    [
        (
            "edit",
            {"source": ("Draft", "Returned", "Submitted")},
            "58:R102:rule no-edit-once-submitted forbids edit while all entry in [Submitted, Approved], but it is allowed; "
            "counterexample: submit(from Draft) -> edit(from Submitted)",
        ),
        (
            "delete",
            {"source": ("Draft", "Submitted")},
            "113:R102:rule delete-only-drafts forbids delete while no entry in [Draft], but it is allowed; "
            "counterexample: submit(from Draft) -> delete(from Submitted)",
        ),
        (
            "recall",
            {"target": ("Approved",)},
            "88:R104:rule edit-after-recall: after recall, edit should be allowed but is not (in entry: Approved); "
            "counterexample: submit(from Draft) -> recall -> edit",
        ),
        (
            "approve",
            {"target": ("Returned",)},
            "143:R104:rule approved-status: after approve, all entry in [Approved] should hold but does not "
            "(in entry: Returned); "
            "counterexample: submit(from Draft) -> approve",
        ),
        (
            "recall",
            {"source": ("Approved",)},
            "73:R103:rule recall-submitted allows recall while all entry in [Submitted], but it is never allowed in any of 5 "
            "reachable states",
        ),
    ],
)
def test_a_broken_model_gives_its_counterexample(action: str, changes: dict[str, tuple[str, ...]], expected: str) -> None:
    problems = verify(_with(SPEC, action, **changes)).problems
    assert expected in [f"{p.line}:{p.code}:{p.message}" for p in problems]
