from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, Scenario, load_scenario

TABLES = "prod_ml.features.customer_features,prod_ml.raw.events"


def test_compliant_reviews_properties_and_job(run_check: RunCheck) -> None:
    result = run_check(
        "data_retention_configured", "compliant", tables=TABLES, retention_job_name="gdpr-deletion"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    retention = result.facts["retention"]
    assert (
        retention["prod_ml.features.customer_features"]["delta.logRetentionDuration"]
        == "interval 30 days"
    )
    assert set(retention["prod_ml.raw.events"]) == {
        "delta.logRetentionDuration",
        "delta.deletedFileRetentionDuration",
    }
    assert "job gdpr-deletion runs on schedule" in result.message.lower()


def without_retention_properties(table: str) -> Scenario:
    base = load_scenario("compliant")
    tables = [
        {
            **t,
            "properties": {
                k: v for k, v in (t.get("properties") or {}).items() if "Retention" not in k
            },
        }
        if t.get("full_name") == table
        else t
        for t in base.resources.tables
    ]
    return base.model_copy(
        update={"resources": base.resources.model_copy(update={"tables": tables})}
    )


def test_unset_properties_are_reported_as_defaults(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake(without_retention_properties("prod_ml.raw.events"))
    result = run_check("data_retention_configured", ws, tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    retention = result.facts["retention"]["prod_ml.raw.events"]
    assert retention["delta.deletedFileRetentionDuration"] == "interval 7 days (default)"
    assert "default Delta retention on prod_ml.raw.events" in result.message


def test_missing_retention_job_fails(run_check: RunCheck) -> None:
    result = run_check(
        "data_retention_configured",
        "non-compliant",
        tables=TABLES,
        retention_job_name="gdpr-deletion",
    )
    assert result.outcome is CheckOutcome.FAIL and "gdpr-deletion" in result.message


def test_unscheduled_retention_job_fails(run_check: RunCheck) -> None:
    result = run_check(
        "data_retention_configured",
        "non-compliant",
        tables=TABLES,
        retention_job_name="compliance-report",
    )
    assert result.outcome is CheckOutcome.FAIL and "no schedule" in result.message


def test_without_job_only_properties(run_check: RunCheck) -> None:
    result = run_check("data_retention_configured", "compliant", tables=TABLES)
    assert (
        result.outcome is CheckOutcome.MANUAL_REVIEW and "No retention job given" in result.message
    )


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    assert run_check("data_retention_configured", ws, tables=TABLES).outcome is CheckOutcome.ERROR
