"""The YAML spec: schema-valid, read and written back unchanged, malformed input located."""

from __future__ import annotations

from dataclasses import replace

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import shared_workers
from toolkit.errors import InputError
from toolkit.rules import dump_spec, dumps_gherkin, dumps_markdown, parse_spec, read_spec
from toolkit.rules import spec as spec_module
from toolkit.rules.spec import dumps_spec, schema

SPEC = SEEDS / "close-opportunity.rules.yaml"
TEXT = SPEC.read_text(encoding="utf-8")


def test_curated_spec_follows_the_shipped_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(yaml.safe_load(TEXT), schema())


def test_curated_spec_content() -> None:
    spec = read_spec(SPEC)
    assert spec.machine is not None
    assert [e.name for e in spec.machine.entities] == ["opportunity", "quote"]
    assert spec.machine.entity("opportunity").states == ("Open", "Won", "Lost")
    assert spec.machine.entity("quote").states == ("Draft", "Active", "Closed")
    assert [r.citation.number for r in spec.rules] == [104, 105, 106, 107, 108, 109]
    assert all(len(r.translations) == 5 for r in spec.rules)
    assert spec.rules[3].line == TEXT.splitlines().index("- id: no-close-with-active-quote") + 1


def test_dump_reads_back_equal() -> None:
    spec = read_spec(SPEC)
    again = parse_spec(dump_spec(spec), str(SPEC))
    assert [replace(r, line=0) for r in again.rules] == [replace(r, line=0) for r in spec.rules]
    assert (again.machine, again.scope, again.name) == (spec.machine, spec.scope, spec.name)


def test_dump_in_pieces_is_the_dump() -> None:
    """Rules given apart (a corpus's candidates as they are merged) make the same text, empty or not."""
    spec = read_spec(SPEC)
    bare = replace(spec, rules=())
    assert "".join(dumps_spec(bare, iter(spec.rules))) == dump_spec(spec)
    assert "".join(dumps_spec(spec, iter(()))) == dump_spec(bare)
    assert parse_spec(dump_spec(bare), "s.yaml").rules == ()


def test_dump_by_worker_processes_is_the_dump() -> None:
    """Rules written in batches by worker processes (several windows of them, the last one
    short) make the text one process makes, in order."""
    spec = read_spec(SPEC)
    rules = tuple(
        replace(rule, id=f"{rule.id}-{copy}", statement=f"{rule.statement} ({copy})")
        for copy in range(1100 // len(spec.rules) + 1)
        for rule in spec.rules
    )
    many = replace(spec, rules=rules)
    with shared_workers(2):
        spread = "".join(dumps_spec(replace(many, rules=()), iter(rules), jobs=2))
    assert spread == dump_spec(many)
    assert [rule.id for rule in parse_spec(spread, "s.yaml").rules] == [rule.id for rule in rules]


def test_yaml_1_1_no_is_not_a_quantifier() -> None:
    with pytest.raises(InputError, match=r"spec does not follow the schema at machine/actions/4/guard/0"):
        parse_spec(TEXT.replace("{none: quote", "{no: quote"), "s.yaml")


def test_schema_error_is_located_at_its_line() -> None:
    bad = TEXT.replace("modality: prohibition", "modality: forbidden")
    with pytest.raises(InputError) as caught:
        parse_spec(bad, "s.yaml")
    line = bad.splitlines().index("  modality: forbidden") + 1
    assert str(caught.value).startswith(f"s.yaml:{line}:1: error: spec does not follow the schema at rules/3/modality")


def test_yaml_syntax_error_is_located() -> None:
    with pytest.raises(InputError, match=r"^s.yaml:2:6: error: spec is not valid YAML: mapping values are not allowed"):
        parse_spec("spec: x\n  bad: [\n", "s.yaml")


def test_markdown_puts_every_locale_side_by_side() -> None:
    text = dumps_markdown(read_spec(SPEC))
    header = next(line for line in text.splitlines() if line.startswith("| rule |"))
    assert header == "| rule | modality | sentence | en-US | fr-FR | lv-LV | ms-MY | nb-NO | nl-NL |"
    row = next(line for line in text.splitlines() if line.startswith("| no-close-with-active-quote |"))
    assert row.count(" | ") == 8
    assert "Du kan ikke lukke salgsmuligheten hvis den har aktive tilbud knyttet til seg." in row
    assert "- action `close-opportunity`: a opportunity in Open -> Won or Lost if no quote in [Active]" in text


def test_gherkin_has_one_tagged_scenario_per_rule() -> None:
    text = dumps_gherkin(read_spec(SPEC))
    lines = text.splitlines()
    assert lines[0] == "Feature: close-opportunity"
    assert sum(line.startswith("  Scenario: ") for line in lines) == 6
    tags = lines[
        lines.index(
            "  Scenario: You won't be allowed to close the opportunity if there are any active quotes associated with it."
        )
        - 1
    ]
    assert tags == (
        "  @no-close-with-active-quote @prohibition @segment-107 @2efcb-107 @99753-107 @a39b8-107 @1ee8d-107 @27a22-107"
    )
    assert (
        '    And "activate-quote" is done\n    And now opportunity: Open; quote: Active\n'
        '    When "close-opportunity" is tried\n    Then it is refused\n' in text
    )


_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_PLAIN)
def test_nodes_built_directly_dump_as_the_representer_does(data: object) -> None:
    """Any plain data (quoting, line breaks, long lines, empty collections, nesting) gives the
    text ``yaml.dump`` gives."""
    assert spec_module._dump(data) == yaml.dump(data, Dumper=spec_module._DUMPER, sort_keys=False, allow_unicode=True, width=120)
