"""Checklist template schema: YAML validated strictly into pydantic models.

A template is data: categories > groups > items, post-deployment phases > tasks, and the release
variables that automated checks refer to as ``${name}``. Every node has a kebab-case id that is
unique in the template, so a release's state survives template edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tracker.domain.enums import MLTestSection, PhaseRecurrence, Severity

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
VARIABLE_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

NodeId = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
MAX_TEXT = 2_000  # titles, item texts, conditions
MAX_LONG_TEXT = 20_000  # guidance, descriptions (Markdown)
MAX_ITEMS = 2_000  # the bundled template has 129
MAX_TASKS = 500
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
LongText = Annotated[str, Field(max_length=MAX_LONG_TEXT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Variable(_Strict):
    """A release variable, e.g. the production catalog name, set per release."""

    name: Annotated[str, Field(pattern=VARIABLE_NAME_PATTERN)]
    description: Text
    example: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    default: str | None = None


class SqlExpectation(_Strict):
    """What a SQL check's result must be.

    - ``boolean``: the first column of the first row is true;
    - ``row_count``: the number of rows compared with ``value`` using ``op``;
    - ``compare``: the value of ``column`` (default: first column) of the first row compared
      with ``value`` using ``op``.
    """

    kind: Literal["boolean", "row_count", "compare"]
    op: Literal["==", "!=", ">", ">=", "<", "<="] = ">="
    value: float | int | str | None = None
    column: str | None = None

    @model_validator(mode="after")
    def _value_needed(self) -> SqlExpectation:
        if self.kind != "boolean" and self.value is None:
            raise ValueError(f"expect.kind {self.kind!r} needs a 'value'")
        return self


class SqlCheck(_Strict):
    """A declarative check run through the Statement Execution API with bound parameters."""

    statement: Text
    warehouse: Text = Field(description="warehouse id, usually '${warehouse_id}'")
    parameters: dict[str, str] = Field(default_factory=dict)
    expect: SqlExpectation
    description: str | None = None


class CheckRef(_Strict):
    """An automated check attached to an item: a built-in check by id, or a SQL check."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    sql: SqlCheck | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> CheckRef:
        if (self.id is None) == (self.sql is None):
            raise ValueError("a check needs exactly one of 'id' (a built-in check) or 'sql'")
        if self.sql is not None and self.params:
            raise ValueError("a SQL check takes its parameters under 'sql.parameters'")
        return self

    @property
    def check_id(self) -> str:
        return self.id if self.id is not None else "sql"


class Item(_Strict):
    id: NodeId
    text: Text
    severity: Severity = Severity.BLOCKING
    optional: bool = False
    condition: Annotated[str, Field(max_length=MAX_TEXT)] | None = Field(
        default=None, description="when an optional item applies, e.g. 'if required'"
    )
    guidance: LongText | None = Field(default=None, description="Markdown")
    check: CheckRef | None = None
    depends_on: list[NodeId] = Field(
        default_factory=list, description="ids of items that must be closed before this one"
    )

    @model_validator(mode="after")
    def _condition_for_optional(self) -> Item:
        if self.condition and not self.optional:
            raise ValueError("'condition' is only allowed on items with 'optional: true'")
        return self


class Group(_Strict):
    id: NodeId
    title: Text
    ml_test_section: MLTestSection
    items: Annotated[list[Item], Field(min_length=1)]


class Category(_Strict):
    id: NodeId
    title: Text
    groups: Annotated[list[Group], Field(min_length=1)]


class Task(_Strict):
    id: NodeId
    text: Text
    daily: bool = Field(default=False, description="one occurrence per day of the phase")
    owner: str | None = Field(default=None, description="owner handle, if the template has one")
    guidance: LongText | None = None
    check: CheckRef | None = None


class Phase(_Strict):
    """A post-deployment phase, timed relative to go-live (day 1 = the day after go-live)."""

    id: NodeId
    title: Text
    recurrence: PhaseRecurrence = PhaseRecurrence.ONCE
    start_day: Annotated[int, Field(ge=0)] | None = None
    end_day: Annotated[int, Field(ge=0)] | None = None
    tasks: Annotated[list[Task], Field(min_length=1)]

    @model_validator(mode="after")
    def _timing(self) -> Phase:
        if self.recurrence is PhaseRecurrence.ONCE:
            if self.start_day is None or self.end_day is None:
                raise ValueError("a one-off phase needs 'start_day' and 'end_day'")
            if self.end_day < self.start_day:
                raise ValueError("'end_day' must not be before 'start_day'")
        return self


class SignoffRole(_Strict):
    """A role that must sign off go-live, e.g. the ML lead."""

    role: NodeId
    title: Text


class Template(_Strict):
    id: NodeId
    version: Annotated[int, Field(ge=1)]
    title: Text
    description: LongText | None = None
    source: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    variables: Annotated[list[Variable], Field(max_length=200)] = Field(default_factory=list)
    categories: Annotated[list[Category], Field(min_length=1)]
    post_deployment: list[Phase] = Field(default_factory=list)
    signoffs: list[SignoffRole] = Field(
        default_factory=list, description="roles whose fresh sign-off go-live needs"
    )

    @field_validator("signoffs")
    @classmethod
    def _unique_roles(cls, roles: list[SignoffRole]) -> list[SignoffRole]:
        seen: set[str] = set()
        for r in roles:
            if r.role in seen:
                raise ValueError(f"sign-off role {r.role!r} is declared twice")
            seen.add(r.role)
        return roles

    @model_validator(mode="after")
    def _not_too_big(self) -> Template:
        items = sum(len(g.items) for c in self.categories for g in c.groups)
        if items > MAX_ITEMS:
            raise ValueError(f"{items:,} items; a template has at most {MAX_ITEMS:,}")
        tasks = sum(len(p.tasks) for p in self.post_deployment)
        if tasks > MAX_TASKS:
            raise ValueError(f"{tasks:,} post-deployment tasks; a template has at most {MAX_TASKS}")
        return self

    @field_validator("variables")
    @classmethod
    def _unique_variables(cls, variables: list[Variable]) -> list[Variable]:
        seen: set[str] = set()
        for v in variables:
            if v.name in seen:
                raise ValueError(f"variable {v.name!r} is declared twice")
            seen.add(v.name)
        return variables

    # --- traversal helpers (pure) ---
    def iter_items(self) -> Iterator[tuple[Category, Group, Item]]:
        for category in self.categories:
            for group in category.groups:
                for item in group.items:
                    yield category, group, item

    def iter_tasks(self) -> Iterator[tuple[Phase, Task]]:
        for phase in self.post_deployment:
            for task in phase.tasks:
                yield phase, task

    @property
    def item_count(self) -> int:
        return sum(1 for _ in self.iter_items())

    @property
    def variable_names(self) -> set[str]:
        return {v.name for v in self.variables}

    @property
    def dependencies(self) -> dict[str, list[str]]:
        """item id -> the item ids it depends on (items without dependencies left out)."""
        return {
            item.id: list(item.depends_on) for _, _, item in self.iter_items() if item.depends_on
        }
