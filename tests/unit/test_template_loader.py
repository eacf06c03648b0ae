"""Template loading: every kind of error names file:line:column, and the JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from tracker.domain.template_loader import load_template, parse_template, template_json_schema
from tracker.errors import TemplateError

SHIPPED = Path(__file__).parents[2] / "checklists" / "databricks-ml-production.yaml"

# A small valid template. Line numbers below refer to this text (1-based).
BASE = """\
id: tiny
version: 1
title: Tiny
variables:
  - name: catalog
    description: The catalog.
categories:
  - id: cat-a
    title: Category A
    groups:
      - id: grp-a
        title: Group A
        ml_test_section: data
        items:
          - id: item-a
            text: Item A
          - id: item-b
            text: Item B
post_deployment:
  - id: week-1
    title: Week 1
    start_day: 1
    end_day: 7
    tasks:
      - id: task-a
        text: Task A
"""
#  line 15: "          - id: item-a", line 16: "            text: Item A"
ITEM_A = "            text: Item A\n"


def with_item_a(extra: str) -> str:
    """BASE with ``extra`` (lines indented as keys of item-a) added after item-a's text (line 17+)."""
    lines = "".join(f"            {line}\n" for line in extra.splitlines())
    return BASE.replace(ITEM_A, ITEM_A + lines)


def error(text: str, path: str = "tiny.yaml") -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_template(text, path)
    return info.value


def test_the_base_template_is_valid() -> None:
    t = parse_template(BASE, "tiny.yaml")
    assert (t.id, t.version, t.item_count) == ("tiny", 1, 2)
    assert [task.id for _phase, task in t.iter_tasks()] == ["task-a"]


# (name, text, line, column, message regex)
CASES: list[tuple[str, str, int, int, str]] = [
    (
        "yaml-syntax",
        BASE.replace("title: Tiny", "title: [Tiny"),
        4,
        10,
        r"invalid YAML: expected ',' or '\]'",
    ),
    (
        "yaml-tab-indentation",
        BASE.replace("  - name: catalog", "\t- name: catalog"),
        5,
        1,
        r"invalid YAML: found character '\\t'",
    ),
    (
        "duplicate-yaml-key",
        BASE.replace("title: Tiny\n", "title: Tiny\ntitle: Again\n"),
        4,
        1,
        "duplicate key 'title'",
    ),
    ("duplicate-nested-key", with_item_a("text: Again"), 17, 13, "duplicate key 'text'"),
    ("unknown-top-level-key", BASE + "colour: red\n", 27, 1, r"^colour: unknown key"),
    (
        "unknown-item-key",
        with_item_a("colour: red"),
        17,
        13,
        r"categories\.0\.groups\.0\.items\.0\.colour: unknown key",
    ),
    (
        "unknown-group-key",
        BASE.replace(
            "        ml_test_section: data\n", "        ml_test_section: data\n        weight: 3\n"
        ),
        14,
        9,
        r"categories\.0\.groups\.0\.weight: unknown key",
    ),
    (
        "unknown-phase-key",
        BASE.replace("    end_day: 7\n", "    end_day: 7\n    every: week\n"),
        24,
        5,
        r"post_deployment\.0\.every: unknown key",
    ),
    (
        "unknown-check-key",
        with_item_a("check:\n  id: uc_catalog_exists\n  timeout: 5"),
        19,
        15,
        r"items\.0\.check\.timeout: unknown key",
    ),
    (
        "missing-item-text",
        BASE.replace(ITEM_A, ""),
        15,
        13,
        r"items\.0\.text: required key is missing",
    ),
    ("missing-template-id", BASE.replace("id: tiny\n", ""), 1, 1, r"^id: required key is missing"),
    (
        "missing-ml-section",
        BASE.replace("        ml_test_section: data\n", ""),
        11,
        9,
        r"groups\.0\.ml_test_section: required key is missing",
    ),
    (
        "bad-severity",
        with_item_a("severity: critical"),
        17,
        23,
        r"severity: Input should be 'blocking' or 'advisory'",
    ),
    (
        "bad-ml-section",
        BASE.replace("ml_test_section: data", "ml_test_section: training"),
        13,
        26,
        "ml_test_section",
    ),
    (
        "bad-id-not-kebab",
        BASE.replace("id: item-a", "id: Item_A"),
        15,
        17,
        r"items\.0\.id: String should match pattern",
    ),
    (
        "bad-id-trailing-dash",
        BASE.replace("id: cat-a", "id: cat-"),
        8,
        9,
        r"categories\.0\.id: String should match",
    ),
    (
        "bad-version",
        BASE.replace("version: 1", "version: 0"),
        2,
        10,
        r"version: Input should be greater than or equal to 1",
    ),
    (
        "duplicate-id-items",
        BASE.replace("id: item-b", "id: item-a"),
        17,
        17,
        r"items\.1\.id: duplicate id 'item-a' \(first used at line 15\)",
    ),
    (
        "duplicate-id-category-and-group",
        BASE.replace("id: grp-a", "id: cat-a"),
        11,
        13,
        r"groups\.0\.id: duplicate id 'cat-a' \(first used at line 8\)",
    ),
    (
        "duplicate-id-task-and-item",
        BASE.replace("id: task-a", "id: item-b"),
        25,
        13,
        r"tasks\.0\.id: duplicate id 'item-b' \(first used at line 17\)",
    ),
    (
        "duplicate-id-phase-and-group",
        BASE.replace("id: week-1", "id: grp-a"),
        20,
        9,
        r"post_deployment\.0\.id: duplicate id 'grp-a' \(first used at line 11\)",
    ),
    (
        "duplicate-variable",
        BASE.replace(
            "categories:\n", "  - name: catalog\n    description: Again.\ncategories:\n", 1
        ),
        5,
        3,
        "variable 'catalog' is declared twice",
    ),
    (
        "undefined-variable-in-check-params",
        with_item_a("check:\n  id: uc_catalog_exists\n  params:\n    catalog: ${catalgo}"),
        18,
        15,
        r"items\.0\.check: undefined variable \$\{catalgo\}; declare it under 'variables'",
    ),
    (
        "undefined-variable-nested-in-params",
        with_item_a(
            "check:\n  id: uc_schemas_exist\n  params:\n    schemas: ['${catalog}.raw', '${schema}']"
        ),
        18,
        15,
        r"undefined variable \$\{schema\}",
    ),
    (
        "undefined-variable-in-sql-parameters",
        with_item_a(
            "check:\n  sql:\n    statement: SELECT 1\n    warehouse: w1\n"
            "    parameters:\n      t: ${table}\n    expect:\n      kind: boolean"
        ),
        18,
        15,
        r"undefined variable \$\{table\}",
    ),
    (
        "undefined-variable-in-sql-warehouse",
        with_item_a(
            "check:\n  sql:\n    statement: SELECT 1\n    warehouse: ${warehouse_id}\n    expect:\n      kind: boolean"
        ),
        18,
        15,
        r"undefined variable \$\{warehouse_id\}",
    ),
    (
        "undefined-variable-in-task-check",
        BASE.replace(
            "        text: Task A\n",
            "        text: Task A\n        check:\n          id: freshness\n          params: {t: '${tables}'}\n",
        ),
        28,
        11,
        r"tasks\.0\.check: undefined variable \$\{tables\}",
    ),
    (
        "condition-without-optional",
        with_item_a("condition: if required"),
        15,
        13,
        r"items\.0: 'condition' is only allowed on items with 'optional: true'",
    ),
    (
        "empty-groups",
        BASE.replace(
            BASE[BASE.index("    groups:") : BASE.index("post_deployment")], "    groups: []\n"
        ),
        10,
        13,
        r"groups: List should have at least 1 item",
    ),
    (
        "empty-items",
        BASE.replace(
            BASE[BASE.index("        items:") : BASE.index("post_deployment")],
            "        items: []\n",
        ),
        14,
        16,
        r"items: List should have at least 1 item",
    ),
    (
        "no-categories",
        BASE[: BASE.index("categories:")],
        1,
        1,
        r"^categories: required key is missing",
    ),
    (
        "phase-end-before-start",
        BASE.replace("end_day: 7", "end_day: 0"),
        20,
        5,
        r"post_deployment\.0: 'end_day' must not be before 'start_day'",
    ),
    (
        "phase-negative-day",
        BASE.replace("start_day: 1", "start_day: -1"),
        22,
        16,
        r"start_day: Input should be greater than or equal to 0",
    ),
    (
        "one-off-phase-missing-days",
        BASE.replace("    start_day: 1\n", ""),
        20,
        5,
        r"a one-off phase needs 'start_day' and 'end_day'",
    ),
    (
        "bad-recurrence",
        BASE.replace("    start_day: 1\n", "    recurrence: weekly\n"),
        22,
        17,
        r"recurrence: Input should be 'once' or 'monthly'",
    ),
    (
        "check-with-id-and-sql",
        with_item_a(
            "check:\n  id: uc_catalog_exists\n  sql:\n    statement: SELECT 1\n    warehouse: w\n    expect: {kind: boolean}"
        ),
        18,
        15,
        r"check: a check needs exactly one of 'id' \(a built-in check\) or 'sql'",
    ),
    (
        "check-with-neither",
        with_item_a("check:\n  params: {}"),
        18,
        15,
        r"a check needs exactly one of 'id'",
    ),
    (
        "sql-check-with-params",
        with_item_a(
            "check:\n  sql:\n    statement: SELECT 1\n    warehouse: w\n    expect: {kind: boolean}\n  params: {a: b}"
        ),
        18,
        15,
        r"a SQL check takes its parameters under 'sql\.parameters'",
    ),
    (
        "sql-expectation-without-value",
        with_item_a(
            "check:\n  sql:\n    statement: SELECT 1\n    warehouse: w\n    expect: {kind: row_count}"
        ),
        21,
        25,
        r"expect\.kind 'row_count' needs a 'value'",
    ),
    (
        "bad-check-id",
        with_item_a("check:\n  id: Not-An-Id"),
        18,
        19,
        r"check\.id: String should match pattern",
    ),
    (
        "merge-key",
        BASE.replace("title: Tiny", "title: Tiny\nbase: &b {x: 1}\nother:\n  <<: *b"),
        6,
        3,
        r"YAML merge keys \(<<\) are not supported",
    ),
    (
        "non-string-key",
        BASE.replace("title: Tiny", "title: Tiny\n1: one"),
        4,
        1,
        r"mapping keys must be strings, got 1",
    ),
    ("top-level-list", "- id: tiny\n- version: 1\n", 1, 1, "a template must be a YAML mapping"),
    ("top-level-scalar", "just text\n", 1, 1, "a template must be a YAML mapping"),
    ("empty-file", "", 1, 1, "a template must be a YAML mapping"),
    ("only-comments", "# nothing here\n", 1, 1, "a template must be a YAML mapping"),
    (
        "two-documents",
        BASE + "---\nid: again\n",
        27,
        1,
        r"invalid YAML: .*(single document|another document)",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_error_names_file_line_and_column(
    text: str, line: int, column: int, message: str
) -> None:
    err = error(text)
    assert (err.path, err.line, err.column) == ("tiny.yaml", line, column), str(err)
    prefix = f"tiny.yaml:{line}:{column}: "
    assert str(err).startswith(prefix)
    assert re.search(message, str(err).removeprefix(prefix)), str(err)
    assert "\n" not in str(err)  # one line for the CLI


def test_several_problems_are_counted() -> None:
    text = with_item_a("colour: red\nsize: big").replace("title: Tiny", "title: Tiny\nextra: 1")
    assert re.search(r"\(and \d+ more problems\)$", str(error(text)))


def test_strings_are_stripped_and_empty_text_is_refused() -> None:
    assert error(BASE.replace("text: Item A", "text: '   '")).line == 16


# --- files ----------------------------------------------------------------------------------------


def test_load_template_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load_template(path).id == "tiny"
    assert load_template(str(path)).id == "tiny"


def test_file_errors_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE + "colour: red\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert str(info.value).startswith(f"{path}:27:1: colour: unknown key")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"nope\.yaml: no such file$"):
        load_template(tmp_path / "nope.yaml")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.replace("Tiny", "Tiny caf\xe9").encode("latin-1"))
    with pytest.raises(TemplateError, match=r"latin1\.yaml: not UTF-8 text \(byte 35\)"):
        load_template(path)


def test_a_directory_is_not_a_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot read"):
        load_template(tmp_path)


# --- JSON Schema -----------------------------------------------------------------------------------


def test_json_schema_describes_the_template() -> None:
    schema = template_json_schema()
    json.dumps(schema)  # serialisable
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert {"id", "version", "title", "categories", "variables", "post_deployment"} <= set(
        schema["properties"]
    )
    assert {"id", "version", "title", "categories"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    item = schema["$defs"]["Item"]
    assert item["additionalProperties"] is False
    assert item["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert set(schema["$defs"]["Severity"]["enum"]) == {"blocking", "advisory"}


def test_shipped_template_validates_against_the_json_schema() -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.validate(data, template_json_schema())
    data["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, template_json_schema())
