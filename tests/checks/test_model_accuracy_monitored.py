from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

PAYLOAD = "prod_ml.monitoring.churn_prod_payload"


def test_compliant_reviews_labelled_monitor(run_check: RunCheck) -> None:
    result = run_check("model_accuracy_monitored", "compliant", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "label churned_30d" in result.message
    assert result.facts["gaps"] == []


def test_monitor_without_inference_log_is_a_gap(run_check: RunCheck) -> None:
    result = run_check(
        "model_accuracy_monitored",
        "compliant",
        inference_tables="prod_ml.features.customer_features",
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["gaps"] == [
        "prod_ml.features.customer_features's monitor is not an inference-log monitor"
    ]


def test_missing_inference_table_fails(run_check: RunCheck) -> None:
    result = run_check("model_accuracy_monitored", "non-compliant", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert PAYLOAD in result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check("model_accuracy_monitored", "features-disabled", inference_tables=PAYLOAD).outcome
        is CheckOutcome.SKIPPED
    )
