from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

TABLE = "prod_ml.features.customer_features"


def test_compliant_lists_constraints_and_custom_metrics(run_check: RunCheck) -> None:
    result = run_check("feature_range_validation", "compliant", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "CHECK constraint(s), 2 custom metric(s)" in result.message
    assert result.facts["constraints"][TABLE]["monthly_spend_non_negative"] == "monthly_spend >= 0"
    assert result.facts["without_rules"] == []


def test_non_compliant_table_without_rules(run_check: RunCheck) -> None:
    result = run_check("feature_range_validation", "non-compliant", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["without_rules"] == [TABLE]
    assert "No CHECK constraints or monitor custom metrics" in result.message


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(
        "feature_range_validation",
        "non-compliant",
        feature_tables="prod_ml.monitoring.churn_prod_payload",
    )
    assert result.outcome is CheckOutcome.FAIL and "do not exist" in result.message


def test_monitoring_disabled_still_reads_constraints(run_check: RunCheck) -> None:
    result = run_check("feature_range_validation", "features-disabled", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["monitors_unavailable"] is True
    assert "tenure_range" in result.facts["constraints"][TABLE]


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    result = run_check("feature_range_validation", ws, feature_tables=TABLE)
    assert result.outcome is CheckOutcome.ERROR
    assert "Insufficient permission" in result.message


def test_unavailable_monitoring_still_reads_constraints(run_check: RunCheck) -> None:
    result = run_check("feature_range_validation", "features-disabled", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["monitors_unavailable"] is True
    assert result.facts["custom_metrics"][TABLE] == []
    assert "monitoring APIs unavailable" in result.message
