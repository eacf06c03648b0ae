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


def test_compliant_passes_with_evidence(run_check: RunCheck) -> None:
    result = run_check("audit_log_retention", "compliant", warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "365 days >= 90 required" in result.message and "go back to" in result.message
    assert result.facts["events"] == "48211934"


def test_without_warehouse_passes_on_the_schema_alone(run_check: RunCheck) -> None:
    result = run_check("audit_log_retention", "compliant")
    assert result.outcome is CheckOutcome.PASS and "oldest_event" not in result.facts


def test_access_schema_not_enabled_fails(run_check: RunCheck) -> None:
    assert (
        run_check("audit_log_retention", "non-compliant", warehouse_id=WAREHOUSE).outcome
        is CheckOutcome.FAIL
    )


def test_more_than_system_table_retention_fails(run_check: RunCheck) -> None:
    result = run_check("audit_log_retention", "compliant", min_retention_days="730")
    assert result.outcome is CheckOutcome.FAIL and "keeps 365" in result.message


def test_non_admin_is_error(run_check: RunCheck) -> None:
    assert run_check("audit_log_retention", "non-admin").outcome is CheckOutcome.ERROR


def test_failed_statement_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    rule = StatementRule(
        name="denied",
        match=r"system\.access\.audit",
        state="FAILED",
        error="User lacks SELECT on system.access.audit",
    )
    result = run_check("audit_log_retention", fake(with_rule(rule)), warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "lacks SELECT" in result.message
