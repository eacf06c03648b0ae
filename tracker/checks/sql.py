"""Declarative SQL checks: a template item's ``check: {sql: {statement, warehouse, parameters,
expect}}`` runs through the Statement Execution API with bound parameters, and a pure function
decides whether the result meets the expectation.

Values are always bound (``:name`` markers + ``StatementParameterListItem``), never formatted into
the statement text.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.resources import run_statement, warehouse_link
from tracker.domain.template import SqlExpectation

SQL_META = CheckMeta(
    id="sql",
    title="Declarative SQL check",
    items=(),
    params=(
        Param("statement", "str", "SQL with :name parameter markers"),
        Param("warehouse", "str", "SQL warehouse id (usually ${warehouse_id})"),
        Param("parameters", "str", "name -> value, bound as statement parameters", required=False),
        Param("expect", "str", "boolean | row_count | compare (with op, value, column)"),
    ),
    severity="medium",
    permission="CAN USE on the SQL warehouse and SELECT on the tables queried",
    remediation="Fix what the query measures, or the query itself if it is wrong.",
    docs="https://docs.databricks.com/api/workspace/statementexecution/executestatement",
    kind="auto",
    resources=("POST /api/2.0/sql/statements", "GET /api/2.0/sql/statements/{statement_id}"),
)

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_TRUE = frozenset({"true", "t", "1", "yes", "y"})
_FALSE = frozenset({"false", "f", "0", "no", "n", ""})


class ExpectationError(ValueError):
    """The expectation cannot be evaluated against this result (e.g. an unknown column)."""


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    number = _as_number(value)
    if number is not None:
        return number != 0
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    return None


def compare(observed: Any, op: str, expected: Any) -> bool:
    """Numbers compare numerically (SQL results arrive as strings); otherwise as text."""
    fn = OPS[op]
    a, b = _as_number(observed), _as_number(expected)
    if a is not None and b is not None:
        return fn(a, b)
    return fn(str(observed), str(expected))


def evaluate_expectation(
    expect: SqlExpectation, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[bool, Any]:
    """Whether a statement's result meets ``expect``, and the value observed. Pure."""
    if expect.kind == "row_count":
        observed = len(rows)
        return compare(observed, expect.op, expect.value), observed
    index = 0
    if expect.column is not None:
        lowered = [c.lower() for c in columns]
        if expect.column.lower() not in lowered:
            raise ExpectationError(
                f"column {expect.column!r} is not in the result (columns: {', '.join(columns) or 'none'})"
            )
        index = lowered.index(expect.column.lower())
    if not rows or len(rows[0]) <= index:
        return False, None
    observed = rows[0][index]
    if observed is None:
        return False, None
    if expect.kind == "boolean":
        flag = _as_bool(observed)
        if flag is None:
            raise ExpectationError(f"expected a boolean, got {observed!r}")
        return flag, flag
    return compare(observed, expect.op, expect.value), observed


def describe_expectation(expect: SqlExpectation) -> str:
    if expect.kind == "boolean":
        return f"{expect.column or 'the first column'} is true"
    what = "row count" if expect.kind == "row_count" else (expect.column or "the first column")
    return f"{what} {expect.op} {expect.value}"


def run_sql_check(ctx: CheckContext, spec: Mapping[str, Any]) -> Result:
    """Run a SQL check whose ``${variables}`` are already substituted."""
    from tracker.domain.template import SqlCheck

    check = SqlCheck.model_validate(spec)
    warehouse = check.warehouse.strip()
    if not warehouse or "${" in warehouse:
        return Result.error(
            "Bad parameter: the SQL warehouse is not set (set the warehouse_id variable)"
        )
    label = check.description or " ".join(check.statement.split())[:80]
    outcome = run_statement(ctx, check.statement, warehouse, check.parameters)
    link = warehouse_link(ctx, warehouse)
    facts: dict[str, Any] = {
        "warehouse_id": warehouse,
        "state": outcome.state,
        "statement_id": outcome.statement_id,
        "parameters": dict(check.parameters),
    }
    if not outcome.succeeded:
        return Result.error(
            outcome.failure(f"SQL check '{label}'"),
            link=link,
            **facts,
        )
    try:
        passed, observed = evaluate_expectation(check.expect, outcome.columns, outcome.rows)
    except ExpectationError as exc:
        return Result.error(f"Bad parameter: SQL check '{label}': {exc}", link=link, **facts)
    facts.update(
        observed=observed, rows=len(outcome.rows), expected=describe_expectation(check.expect)
    )
    verdict = "passed" if passed else "failed"
    message = (
        f"SQL check '{label}' {verdict}: observed {observed!r}, expected "
        f"{describe_expectation(check.expect)}."
    )
    if not passed:
        return Result.failed(message, link=link, **facts)
    return Result.passed(
        message, examined=[f"SQL check '{label}' on warehouse {warehouse}"], link=link, **facts
    )
