from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "audit_logs_enabled"
WAREHOUSE = "abcdef0123456789"


def test_enabled_audit_logs_are_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["access_schema_state"] == "ENABLE_COMPLETED"
    assert result.facts["enableVerboseAuditLogs"] == "true"
    assert result.facts["audit_rows_400d"] == "48211934"
    assert "account log delivery" in result.message


def test_disabled_audit_logs_are_reported(run_check: RunCheck) -> None:
    # non-compliant: access schema AVAILABLE, enableVerboseAuditLogs never set
    result = run_check(CHECK, "non-compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "AVAILABLE (not enabled)" in result.message
    assert "verbose audit logs are off" in result.message
    assert "audit_rows_400d" not in result.facts


def test_azure_names_diagnostic_settings(run_check: RunCheck) -> None:
    result = run_check(CHECK, "azure")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "diagnostic settings" in result.facts["forwarding_to_confirm"]


def test_non_admin_without_a_warehouse_is_error(run_check: RunCheck) -> None:
    # With a warehouse, SELECT on system.access.audit decides (test_real_api_quirks).
    result = run_check(CHECK, "non-admin")
    assert result.outcome is CheckOutcome.ERROR and "metastore admin" in result.message


def test_failed_audit_query_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"system\.access\.audit", state="FAILED", error="[TABLE_OR_VIEW_NOT_FOUND] audit"
        ),
    )
    result = run_check(CHECK, fake(scenario), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "TABLE_OR_VIEW_NOT_FOUND" in result.message
