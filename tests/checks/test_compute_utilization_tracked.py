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


def test_compliant_reports_utilization(run_check: RunCheck) -> None:
    result = run_check("compute_utilization_tracked", "compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["compute_schema"] == "ENABLE_COMPLETED"
    assert result.facts["clusters"][0]["cluster_id"] == "0601-182128-prodml01"
    assert "avg CPU 46.2%" in result.message


def test_schema_not_enabled_fails(run_check: RunCheck) -> None:
    result = run_check(
        "compute_utilization_tracked", "non-compliant", warehouse_id=WAREHOUSE, days="30"
    )
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "AVAILABLE" in result.message


def test_non_admin_still_reads_the_table(run_check: RunCheck) -> None:
    result = run_check("compute_utilization_tracked", "non-admin", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert str(result.facts["compute_schema"]).startswith("unknown")


def test_no_rows_fails(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    rule = StatementRule(name="empty", match=r"node_timeline", columns=["cluster_id"], rows=[])
    result = run_check("compute_utilization_tracked", fake(with_rule(rule)), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.FAIL and "no rows" in result.message


def test_failed_statement_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    rule = StatementRule(
        name="denied",
        match=r"node_timeline",
        state="FAILED",
        error="[TABLE_OR_VIEW_NOT_FOUND] system.compute.node_timeline",
    )
    result = run_check("compute_utilization_tracked", fake(with_rule(rule)), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "TABLE_OR_VIEW_NOT_FOUND" in result.message


def test_unknown_warehouse_is_resource_missing(run_check: RunCheck) -> None:
    result = run_check("compute_utilization_tracked", "compliant", warehouse_id="nope")
    assert result.outcome is CheckOutcome.FAIL and "nope" in result.message
