from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "online_cost_monitoring"
WAREHOUSE = "abcdef0123456789"


def test_billing_facts_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["billing_system_schema"] == "ENABLE_COMPLETED"
    usage = result.facts["dbus_last_30_days_by_sku"]
    assert usage["PREMIUM_JOBS_COMPUTE"] == 810.5 and "account console" in result.message
    without_sql = run_check(CHECK, "compliant")
    assert without_sql.outcome is CheckOutcome.MANUAL_REVIEW
    assert "dbus_last_30_days_by_sku" not in without_sql.facts


def test_billing_not_enabled_is_reported(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["billing_system_schema"] == "AVAILABLE" and "not enabled" in result.message


def test_not_metastore_admin_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-admin", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "metastore admin" in result.message


def test_failed_usage_query_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"system\.billing\.usage",
            state="FAILED",
            error="TABLE_OR_VIEW_NOT_FOUND: system.billing.usage",
        ),
    )
    result = run_check(CHECK, fake(scenario), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "TABLE_OR_VIEW_NOT_FOUND" in result.message


def test_managed_billing_schema_counts_as_enabled(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    scenario.resources.system_schemas = [
        {**s, "state": "MANAGED"} if s["schema"] == "billing" else s
        for s in scenario.resources.system_schemas
    ]
    result = run_check(CHECK, fake(scenario), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["billing_system_schema"] == "MANAGED"
    assert "schema is enabled" in result.message and "not enabled" not in result.message
    assert result.facts["dbus_last_30_days_by_sku"]["PREMIUM_JOBS_COMPUTE"] == 810.5
