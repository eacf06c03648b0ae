from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

PAYLOAD = "prod_ml.monitoring.churn_prod_payload"
ACTIVITY = "prod_ml.features.customer_daily_activity"


def test_compliant_reviews_latest_refresh(run_check: RunCheck) -> None:
    result = run_check("prediction_quality_refresh", "compliant", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    latest = result.facts["latest_refresh"][PAYLOAD]
    assert latest["refresh_id"] == 1290 and latest["state"] == "SUCCESS"


def test_failed_refresh_fails(run_check: RunCheck) -> None:
    result = run_check("prediction_quality_refresh", "non-compliant", inference_tables=ACTIVITY)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "refresh 209 FAILED" in result.message


def test_missing_table_fails(run_check: RunCheck) -> None:
    assert (
        run_check("prediction_quality_refresh", "non-compliant", inference_tables=PAYLOAD).outcome
        is CheckOutcome.FAIL
    )


def test_table_without_monitor_is_a_fact(run_check: RunCheck) -> None:
    result = run_check(
        "prediction_quality_refresh", "compliant", inference_tables="prod_ml.raw.events"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and "has no monitor" in result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check(
            "prediction_quality_refresh", "features-disabled", inference_tables=PAYLOAD
        ).outcome
        is CheckOutcome.SKIPPED
    )
