"""The spec as YAML (described by ``spec.schema.json``, JSON Schema 2020-12): reader and writer.

The reader validates against the schema shipped in the package before it builds anything,
so a malformed spec is one located error rather than a stack trace, and it keeps the line
of every rule and action so later messages point into the file. The writer emits the same
shape, keys in a fixed order, so an extracted candidate file can be curated by hand and
read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import yaml

from toolkit.corpus import run
from toolkit.errors import InputError
from toolkit.rules.model import (
    Action,
    Citation,
    Clause,
    ClauseKind,
    Condition,
    Entity,
    Extraction,
    Formal,
    Machine,
    Modality,
    Quantifier,
    Rule,
    RuleKind,
    Spec,
    Translation,
)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml when present: several times faster on a corpus-wide candidate file."""


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a spec, from the package data."""
    data: dict[str, Any] = json.loads(resources.files("toolkit.rules").joinpath("spec.schema.json").read_text("utf-8"))
    return data


def read_spec(path: str | Path) -> Spec:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read spec: {error}") from error
    return parse_spec(text, str(path))


def parse_spec(text: str, path: str = "<string>") -> Spec:
    """A spec from YAML text; raises :class:`InputError` at the offending line."""
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data: Any = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError(path, f"spec is not valid YAML: {getattr(error, 'problem', error)}", line, column) from error
    lines = _lines(node)
    invalid = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(data))
    if invalid is not None:
        where = "/".join(str(p) for p in invalid.absolute_path)
        line = _line_at(node, list(invalid.absolute_path))
        raise InputError(path, f"spec does not follow the schema at {where or 'top'}: {invalid.message}", line)
    machine = _machine(data["machine"]) if "machine" in data else None
    rules = tuple(_rule(item, lines.get(f"rule:{i}", 0)) for i, item in enumerate(data["rules"]))
    return Spec(data["spec"], path, rules, machine, data.get("scope", ""), lines)


def _lines(node: yaml.Node | None) -> dict[str, int]:
    """Lines of the machine, of each action and of each rule (by position)."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if key.value == "machine":
            lines["machine"] = key.start_mark.line + 1
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                lines[f"rule:{i}"] = item.start_mark.line + 1
    return lines


def _line_at(node: yaml.Node | None, path: list[str | int]) -> int:
    """1-based line of the deepest node along a JSON path."""
    line = 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _conditions(items: list[dict[str, Any]]) -> tuple[Condition, ...]:
    found = []
    for item in items:
        quantifier = next(q for q in Quantifier if q.value in item)
        found.append(Condition(quantifier, item[quantifier.value], tuple(item["in"])))
    return tuple(found)


def _machine(data: dict[str, Any]) -> Machine:
    entities = tuple(
        Entity(e["name"], tuple(e["states"]), e["initial"], e.get("count", 1), e.get("created", True)) for e in data["entities"]
    )
    actions = tuple(
        Action(
            a["name"],
            a["entity"],
            tuple(a.get("from", ())),
            tuple(a["to"]),
            _conditions(a.get("guard", [])),
            a.get("each", False),
            a.get("create", False),
            tuple(a.get("records", ())),
        )
        for a in data["actions"]
    )
    return Machine(entities, actions)


def _rule(data: dict[str, Any], line: int) -> Rule:
    source = data["source"]
    translations = tuple(
        Translation(locale, t["id"], t["text"], tuple(t.get("accepted", ())))
        for locale, t in data.get("translations", {}).items()
    )
    formal = None
    if "formal" in data:
        f = data["formal"]
        formal = Formal(
            f.get("action", ""),
            _conditions(f.get("when", [])),
            tuple(f.get("after", ())),
            tuple(f.get("records", ())),
            f.get("entity", ""),
            tuple(f.get("states", ())),
            _conditions(f.get("then", [])),
        )
    extraction = None
    if "extraction" in data:
        x = data["extraction"]
        extraction = Extraction(
            x["cue"],
            tuple(_clause(c) for c in x.get("conditions", ())),
            x.get("subject", ""),
            x.get("action", ""),
            x.get("object", ""),
            RuleKind(x["kind"]) if "kind" in x else None,
            tuple(x.get("linked", ())),
        )
    return Rule(
        data["id"],
        data["statement"],
        Modality(data["modality"]),
        Citation(source["article"], source["name"], source["segment"]),
        translations,
        formal,
        extraction,
        line,
    )


def _clause(data: str | dict[str, Any]) -> Clause:
    """A condition clause; a bare string (older candidate files) is an ``if`` at an unknown place."""
    if isinstance(data, str):
        return Clause(data, ClauseKind.CONDITION, (0, 0))
    return Clause(data["text"], ClauseKind(data["kind"]), (data["span"][0], data["span"][1]))


def dump_spec(spec: Spec) -> str:
    """YAML text that :func:`parse_spec` reads back to an equal spec (lines aside)."""
    return "".join(dumps_spec(spec))


def dumps_spec(spec: Spec, rules: Iterable[Rule] | None = None, jobs: int = 1) -> Iterator[str]:
    """:func:`dump_spec` in pieces, one rule at a time; with ``rules``, those instead of the
    spec's own (a corpus's candidates, written as they are merged). The layout is the same
    (a list under a key is not indented), and a corpus-wide candidate file never becomes one
    YAML node graph, nor one string, in memory. With ``jobs > 1`` the rules are written in
    batches by worker processes (:func:`~toolkit.corpus.run`; a shared pool when there is
    one), while the next rules are merged here: the YAML is most of the time a corpus's
    candidates take to write."""
    data: dict[str, Any] = {"spec": spec.name}
    if spec.scope:
        data["scope"] = spec.scope
    if spec.machine is not None:
        data["machine"] = _machine_data(spec.machine)
    each = iter(spec.rules if rules is None else rules)
    first = next(each, None)
    if first is None:
        yield _dump({**data, "rules": []})
        return
    yield _dump(data) + "rules:\n" + _dump([_rule_data(first)])
    if jobs <= 1:
        for rule in each:
            yield _dump([_rule_data(rule)])
        return
    written: Iterator[str] = iter(())
    while window := list(islice(each, _WINDOW * jobs)):
        following = run(_dump_rules, [window[at : at + _BATCH] for at in range(0, len(window), _BATCH)], jobs=jobs)
        yield from written  # the workers write this window while the next one is merged
        written = following
    yield from written


_BATCH = 64
"""Rules one worker writes in one task."""
_WINDOW = 8 * _BATCH
"""Rules per worker handed out at a time: memory stays bounded by a few windows."""


def _dump_rules(rules: list[Rule]) -> str:
    """A batch of rules as one YAML list: the same text as one list per rule, with one emitter
    set up per batch rather than per rule."""
    return _dump([_rule_data(rule) for rule in rules])


def _dump(data: Any) -> str:
    try:
        node = _node(data)
    except TypeError:  # not plain data: the representer says what it makes of it
        return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=120)
    text: str = yaml.serialize(node, Dumper=_DUMPER, allow_unicode=True, width=120)
    return text


_STR, _INT, _BOOL, _NULL, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null", "seq", "map"))


def _node(data: Any) -> yaml.Node:
    """The node ``yaml.dump(data, sort_keys=False)`` makes of plain data (strings, integers,
    booleans, None, lists and dicts, no object twice), built directly: the representer's
    bookkeeping was most of the time a corpus-wide candidate file took. Anything else is a
    :class:`TypeError`."""
    kind = type(data)
    if kind is str:
        return yaml.ScalarNode(_STR, data)
    if kind is dict:
        return yaml.MappingNode(_MAP, [(_node(key), _node(value)) for key, value in data.items()], flow_style=False)
    if kind is list:
        return yaml.SequenceNode(_SEQ, [_node(item) for item in data], flow_style=False)
    if kind is int:
        return yaml.ScalarNode(_INT, str(data))
    if kind is bool:
        return yaml.ScalarNode(_BOOL, "true" if data else "false")
    if data is None:
        return yaml.ScalarNode(_NULL, "null")
    raise TypeError(f"not plain data: {kind.__name__}")


def write_spec(spec: Spec, path: str | Path) -> None:
    Path(path).write_text(dump_spec(spec), encoding="utf-8")


def _conditions_data(conditions: tuple[Condition, ...]) -> list[dict[str, Any]]:
    return [{c.quantifier.value: c.entity, "in": list(c.states)} for c in conditions]


def _machine_data(machine: Machine) -> dict[str, Any]:
    entities = []
    for e in machine.entities:
        entity: dict[str, Any] = {"name": e.name, "states": list(e.states), "initial": e.initial}
        if e.count != 1:
            entity["count"] = e.count
        if not e.created:
            entity["created"] = False
        entities.append(entity)
    actions = []
    for a in machine.actions:
        action: dict[str, Any] = {"name": a.name, "entity": a.entity}
        if a.source:
            action["from"] = list(a.source)
        action["to"] = list(a.target)
        _put(action, "guard", _conditions_data(a.guard))
        _put(action, "each", a.each)
        _put(action, "create", a.create)
        _put(action, "records", list(a.records))
        actions.append(action)
    return {"entities": entities, "actions": actions}


def _put(data: dict[str, Any], key: str, value: object) -> None:
    """Set ``key`` only when ``value`` is not empty, so defaults stay out of the file."""
    if value:
        data[key] = value


def _rule_data(rule: Rule) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rule.id,
        "statement": rule.statement,
        "modality": rule.modality.value,
        "source": {"article": rule.citation.identity, "name": rule.citation.name, "segment": rule.citation.number},
    }
    translations = {}
    for t in rule.translations:
        translations[t.locale] = {"id": t.segment_id, "text": t.text}
        _put(translations[t.locale], "accepted", list(t.accepted))
    _put(data, "translations", translations)
    if rule.formal is not None:
        f = rule.formal
        formal: dict[str, Any] = {}
        _put(formal, "action", f.action)
        _put(formal, "when", _conditions_data(f.when))
        _put(formal, "after", list(f.after))
        _put(formal, "records", list(f.records))
        _put(formal, "entity", f.entity)
        _put(formal, "states", list(f.states))
        _put(formal, "then", _conditions_data(f.then))
        data["formal"] = formal
    if rule.extraction is not None:
        x = rule.extraction
        extraction: dict[str, Any] = {"cue": x.cue}
        _put(extraction, "conditions", [{"text": c.text, "kind": c.kind.value, "span": list(c.span)} for c in x.conditions])
        _put(extraction, "subject", x.subject)
        _put(extraction, "action", x.action)
        _put(extraction, "object", x.object)
        _put(extraction, "kind", x.kind.value if x.kind else "")
        _put(extraction, "linked", list(x.linked))
        data["extraction"] = extraction
    return data
