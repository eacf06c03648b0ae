"""Declarative SQL checks: the pure expectation, bound parameters, FAILED statements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.checks.conftest import context_for
from tracker.checks.resources import run_statement
from tracker.checks.runner import CheckTarget, run_checks
from tracker.checks.sql import ExpectationError, evaluate_expectation
from tracker.domain.enums import CheckOutcome
from tracker.domain.template import SqlExpectation
from tracker.fakeworkspace import FakeWorkspace


def E(**kw: Any) -> SqlExpectation:
    return SqlExpectation(**kw)


@pytest.mark.parametrize(
    ("expect", "columns", "rows", "passed", "observed"),
    [
        (E(kind="boolean"), ["ok"], [["true"]], True, True),
        (E(kind="boolean"), ["ok"], [["false"]], False, False),
        (E(kind="boolean"), ["ok"], [["1"]], True, True),
        (E(kind="boolean"), ["ok"], [], False, None),
        (E(kind="boolean"), ["ok"], [[None]], False, None),
        (E(kind="boolean", column="b"), ["a", "b"], [["false", "true"]], True, True),
        (E(kind="row_count", op=">=", value=1), ["n"], [["x"], ["y"]], True, 2),
        (E(kind="row_count", op="==", value=0), ["n"], [], True, 0),
        (E(kind="row_count", op="<", value=2), ["n"], [["x"], ["y"]], False, 2),
        (E(kind="compare", op=">=", value=0.95), ["rate"], [["0.967"]], True, "0.967"),
        (E(kind="compare", op=">=", value=0.95), ["rate"], [["0.4"]], False, "0.4"),
        (
            E(kind="compare", op="<=", value=200, column="p99"),
            ["p50", "p99"],
            [["18", "63"]],
            True,
            "63",
        ),
        (
            E(kind="compare", op="<=", value=200, column="P99"),
            ["p50", "p99"],
            [["210", "1850"]],
            False,
            "1850",
        ),
        (E(kind="compare", op="==", value="ACTIVE"), ["state"], [["ACTIVE"]], True, "ACTIVE"),
        (E(kind="compare", op="!=", value="ACTIVE"), ["state"], [["ACTIVE"]], False, "ACTIVE"),
        (E(kind="compare", op=">", value=10), ["n"], [["9.5"]], False, "9.5"),  # numeric, not text
        (E(kind="compare", op=">", value=5), ["n"], [], False, None),
    ],
)
def test_evaluate_expectation(
    expect: SqlExpectation, columns: list[str], rows: list[list[Any]], passed: bool, observed: Any
) -> None:
    assert evaluate_expectation(expect, columns, rows) == (passed, observed)


def test_expectation_errors() -> None:
    with pytest.raises(ExpectationError, match="not in the result"):
        evaluate_expectation(E(kind="compare", op=">", value=1, column="nope"), ["n"], [["2"]])
    with pytest.raises(ExpectationError, match="boolean"):
        evaluate_expectation(E(kind="boolean"), ["n"], [["perhaps"]])


SUCCESS_RATE: dict[str, Any] = {
    "sql": {
        "description": "Production job success rate over 30 days",
        "statement": (
            "SELECT job_name, total_runs, successful_runs, success_rate FROM system.lakeflow.job_run_timeline "
            "WHERE job_name = :job AND period_start_time >= current_date() - INTERVAL :days DAYS "
            "ORDER BY success_rate"
        ),
        "warehouse": "${warehouse_id}",
        "parameters": {"job": "${job}", "days": "30"},
        "expect": {"kind": "compare", "column": "success_rate", "op": ">=", "value": 0.9},
    }
}
VARS = {"warehouse_id": "abcdef0123456789", "job": "churn-feature-pipeline'; DROP TABLE x; --"}


def _run(ws: FakeWorkspace, check: dict[str, Any], variables: dict[str, str]) -> Any:
    [run] = run_checks([CheckTarget("ops", check, variables, release="r")], lambda: context_for(ws))
    return run


def test_sql_check_passes_with_bound_parameters(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    run = _run(ws, SUCCESS_RATE, VARS)
    assert run.outcome is CheckOutcome.PASS, run.result.message
    assert run.title == "Production job success rate over 30 days"
    assert run.result.facts["observed"] == "0.967"
    [request] = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    # The value travels as a bound parameter, never inside the statement text.
    assert request.parameters == {"job": VARS["job"], "days": "30"}
    assert "DROP TABLE" not in request.body["statement"]
    assert request.body["wait_timeout"] == "30s"


def test_sql_check_fails_on_bad_numbers(fake: Callable[..., FakeWorkspace]) -> None:
    run = _run(fake("non-compliant"), SUCCESS_RATE, VARS)
    assert run.outcome is CheckOutcome.FAIL
    assert "0.633" in run.result.message and "success_rate >= 0.9" in run.result.message


def test_failed_statement_is_an_error_with_the_sql_message(
    fake: Callable[..., FakeWorkspace],
) -> None:
    check = {
        "sql": {
            "statement": "SELECT nothing FROM nowhere",
            "warehouse": "${warehouse_id}",
            "expect": {"kind": "boolean"},
        }
    }
    run = _run(fake("compliant"), check, VARS)
    assert run.outcome is CheckOutcome.ERROR
    assert "FAILED" in run.result.message and "no statement rule matching" in run.result.message


def test_unset_warehouse_is_a_bad_parameter(fake: Callable[..., FakeWorkspace]) -> None:
    run = _run(fake("compliant"), SUCCESS_RATE, {"job": "x"})
    assert run.outcome is CheckOutcome.ERROR and "${warehouse_id} is not set" in run.result.message


def test_unknown_warehouse_is_a_failure_of_the_named_resource(
    fake: Callable[..., FakeWorkspace],
) -> None:
    run = _run(fake("compliant"), SUCCESS_RATE, {**VARS, "warehouse_id": "nope"})
    assert run.outcome is CheckOutcome.FAIL and "nope" in run.result.message


def test_pending_statement_is_polled(fake: Callable[..., FakeWorkspace]) -> None:
    from tracker.fakeworkspace import load_scenario

    scenario = load_scenario("compliant").model_copy(deep=True)
    for rule in scenario.resources.statements:
        if rule.name == "connectivity":
            rule.pending_polls = 2
    ws = fake(scenario)
    outcome = run_statement(context_for(ws), "SELECT 1", "abcdef0123456789", poll_s=0.01)
    assert outcome.succeeded and outcome.rows == [["1"]] and outcome.columns == ["one"]
    assert ws.request_count("/api/2.0/sql/statements/") >= 1
