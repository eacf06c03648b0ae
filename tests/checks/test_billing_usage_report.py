from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, Scenario, StatementRule, load_scenario

WAREHOUSE = "abcdef0123456789"


def with_rule(rule: StatementRule) -> Scenario:
    base = load_scenario("compliant")
    statements = [rule, *base.resources.statements]
    return base.model_copy(
        update={"resources": base.resources.model_copy(update={"statements": statements})}
    )


def test_compliant_reports_usage(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    result = run_check("billing_usage_report", ws, warehouse_id=WAREHOUSE, days="30")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["total_dbus"] == 1060.25
    assert result.facts["dbus_by_sku"]["PREMIUM_JOBS_COMPUTE"] == 810.5
    [request] = [r for r in ws.requests if r.path == "/api/2.0/sql/statements"]
    assert request.parameters == {"days": "30"}  # bound, not formatted into the text
    assert "30" not in request.body["statement"]


def test_no_usage_rows_is_reported(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    rule = StatementRule(
        name="empty", match=r"system\.billing\.usage", columns=["usage_date", "sku_name", "dbus"]
    )
    result = run_check("billing_usage_report", fake(with_rule(rule)), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and "no usage" in result.message


def test_failed_statement_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    rule = StatementRule(
        name="denied",
        match=r"system\.billing\.usage",
        state="FAILED",
        error="[INSUFFICIENT_PERMISSIONS] User does not have USE SCHEMA on system.billing",
    )
    result = run_check("billing_usage_report", fake(with_rule(rule)), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "USE SCHEMA on system.billing" in result.message


def test_unset_warehouse_variable_is_error(run_check: RunCheck) -> None:
    result = run_check("billing_usage_report", "compliant", warehouse_id="${warehouse_id}")
    assert result.outcome is CheckOutcome.ERROR and "warehouse_id" in result.message
