from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "dv_outlier_detection"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_custom_metrics_are_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES, feature_schema="prod_ml.features")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["custom_metrics"]["prod_ml.features.customer_features"] == [
        "spend_outlier_rate",
        "null_rate_features",
    ]
    assert result.facts["schema_anomaly_detection"] == "enabled"
    assert "2 of 2 feature table(s)" in result.message


def test_missing_monitor_and_anomaly_detection_are_reported(run_check: RunCheck) -> None:
    # non-compliant: no monitor on customer_features, no data-quality monitors at all
    result = run_check(
        CHECK, "non-compliant", feature_tables=TABLES, feature_schema="prod_ml.features"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["custom_metrics"]["prod_ml.features.customer_features"] == "no monitor"
    assert result.facts["schema_anomaly_detection"] == "not enabled"


def test_unavailable_monitoring_is_a_fact(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "features-disabled", feature_tables=TABLES, feature_schema="prod_ml.features"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["schema_anomaly_detection"] == "not available in this workspace"


def test_missing_table_fails(run_check: RunCheck) -> None:
    assert (
        run_check(CHECK, "compliant", feature_tables="prod_ml.features.nope").outcome
        is CheckOutcome.FAIL
    )


def test_forbidden_monitor_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*/monitor", {"status": 403})
    assert run_check(CHECK, ws, feature_tables=TABLES).outcome is CheckOutcome.ERROR
