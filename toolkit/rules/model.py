"""The business-rules spec: rules the articles state, traced to segments, with a formal part.

Rules of the model:

* A rule cites one English sentence by article and sentence number (``105``), not by its
  full segment id: every locale's file has its own id prefix (``2efcb-105`` in one,
  ``1ee8d-105`` in another), but the number is shared.
* The formal part is a small state machine: entities with finite states and a bound on how
  many instances exist, actions that move instances between states under guards. Rules refer
  to actions and conditions by name, so a checker can explore the machine and judge them.
* Everything is frozen; a spec is written back through :mod:`toolkit.rules.spec`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, TypeVar

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """A frozen dataclass pickled as its constructor's arguments: the dataclass's own pickling
    of a slotted class looks its fields up again for every object, which made pickling an
    article's rule candidates, once per locale, slower than finding them."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if len(names) < 2:
        raise TypeError("attrgetter of one name gives a value, not the arguments")
    values = attrgetter(*names)

    def __reduce__(self: _T) -> tuple[Callable[..., _T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


class Modality(StrEnum):
    """SBVR modalities: deontic (obligation, prohibition, permission) and alethic."""

    OBLIGATION = "obligation"
    PROHIBITION = "prohibition"
    PERMISSION = "permission"
    POSSIBILITY = "possibility"
    NECESSITY = "necessity"


class Quantifier(StrEnum):
    """How a condition ranges over an entity's existing instances."""

    NONE = "none"
    SOME = "some"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Condition:
    """``none: quote, in: [Active]``: a quantified test of the instances of one entity.

    ``none`` rather than ``no`` because YAML 1.1 reads a bare ``no`` as false.
    """

    quantifier: Quantifier
    entity: str
    states: tuple[str, ...]

    def __str__(self) -> str:
        word = "no" if self.quantifier is Quantifier.NONE else self.quantifier.value
        return f"{word} {self.entity} in [{', '.join(self.states)}]"


@dataclass(frozen=True, slots=True)
class Entity:
    """A kind of thing with a life cycle: its states, where new ones start, how many exist."""

    name: str
    states: tuple[str, ...]
    initial: str
    """State of a new instance."""
    count: int = 1
    """Most instances explored (the bound); 1 for the article's single opportunity."""
    created: bool = True
    """Whether instances exist from the start; False when an action creates them."""


@dataclass(frozen=True, slots=True)
class Action:
    """A change of state: one instance (or, with ``each``, every matching one) moves ``source`` -> ``target``."""

    name: str
    entity: str
    source: tuple[str, ...]
    """States an instance may be in; empty with ``create`` (a new instance)."""
    target: tuple[str, ...]
    """Resulting state; several mean a choice (closed as Won or Lost)."""
    guard: tuple[Condition, ...] = ()
    """All must hold for the action to be enabled."""
    each: bool = False
    """Applies to every instance in ``source`` at once (close all quotes)."""
    create: bool = False
    """Brings a new instance into being instead of moving one."""
    records: tuple[str, ...] = ()
    """What the action records (status reason, date…), for obligations."""


@dataclass(frozen=True, slots=True)
class Machine:
    """The formal model a spec's rules are judged against."""

    entities: tuple[Entity, ...]
    actions: tuple[Action, ...]

    def entity(self, name: str) -> Entity:
        return next(e for e in self.entities if e.name == name)

    def action(self, name: str) -> Action:
        return next(a for a in self.actions if a.name == name)


@dataclass(frozen=True, slots=True)
class Formal:
    """What a rule claims about the machine; which fields are set depends on the modality.

    * prohibition: ``action`` is never enabled while ``when`` holds;
    * permission / possibility: ``action`` is enabled in some reachable state where ``when`` holds,
      and after the actions in ``after`` it is enabled in every state (a stated consequence);
    * any modality with ``records``: ``action`` records each of them (status reason, date);
    * any modality with ``then``: wherever ``action`` is enabled (and ``when`` holds), every state
      it leads to satisfies ``then`` (a derivation: "when an entry is approved, its status is
      Approved");
    * necessity: ``entity`` has exactly the states ``states``.
    """

    action: str = ""
    when: tuple[Condition, ...] = ()
    after: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    entity: str = ""
    states: tuple[str, ...] = ()
    then: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule is stated: the article and the sentence's number."""

    identity: str
    """``ms.openlocfilehash`` shared by every locale of the article."""
    name: str
    """The article's file name without locale or suffix (``close-opportunity``), used when the
    identity changed (another snapshot of the same article)."""
    number: int
    """Sentence number shared by every locale (``105`` of ``2efcb-105``)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Translation:
    """A rule's statement in one locale, as recorded when the spec was curated."""

    locale: str
    segment_id: str
    text: str
    accepted: tuple[str, ...] = ()
    """QA check codes a reviewer accepted for this translation (reported no more)."""


class ClauseKind(StrEnum):
    """What a condition clause does to its rule."""

    CONDITION = "condition"
    """``if``: the rule applies when it holds."""
    ONLY_IF = "only-if"
    """``only if``, ``only when``: the rule applies at most when it holds (a necessary condition)."""
    EXCEPTION = "exception"
    """``unless``: the rule applies except when it holds."""
    TRIGGER = "trigger"
    """``when``, ``whenever``, ``once``: an event that sets the rule off."""
    STATE = "state"
    """``while``: a state during which the rule holds."""
    AFTER = "after"
    BEFORE = "before"
    """``before``, ``until``: a deadline."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Clause:
    """A condition clause of a sentence: its words, what it does, where it is (character offsets)."""

    text: str
    kind: ClauseKind
    span: tuple[int, int]
    """Start and end in the sentence with its whitespace collapsed to single spaces."""


class RuleKind(StrEnum):
    """SBVR structural rules the extractor tells apart from the modalities (they are necessities)."""

    DEFINITION = "definition"
    """What a term or field is: "A per diem is an allowance that …"."""
    DERIVATION = "derivation"
    """A value or state that follows: defaults, computations, "when X, Y happens"."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Extraction:
    """Why the extractor proposed a sentence: the cue that fired and what it could parse around it."""

    cue: str
    """The matched words, e.g. ``won't be allowed to``."""
    conditions: tuple[Clause, ...] = ()
    """Condition clauses (``if there are any active quotes associated with it``)."""
    subject: str = ""
    action: str = ""
    object: str = ""
    kind: RuleKind | None = None
    """Set for structural rules (definitions, derivations), whose modality is necessity."""
    linked: tuple[int, ...] = ()
    """Numbers of neighbouring sentences that complete the rule ("Close them first.", "Then …")."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    statement: str
    """The English sentence exactly as the article has it (plain text)."""
    modality: Modality
    citation: Citation
    translations: tuple[Translation, ...] = ()
    formal: Formal | None = None
    extraction: Extraction | None = None
    """Set on candidates written by the extractor; a curated rule may drop it."""
    line: int = 0
    """1-based line of the rule in the spec file (0 when built in code)."""


@dataclass(frozen=True, slots=True)
class Spec:
    name: str
    path: str
    rules: tuple[Rule, ...]
    machine: Machine | None = None
    scope: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)
    """1-based lines of named parts of the file (``machine``, ``action:NAME``) for messages."""

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)
