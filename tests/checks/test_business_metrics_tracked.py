from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

PAYLOAD = "prod_ml.monitoring.churn_prod_payload"


def test_compliant_finds_the_named_metrics(run_check: RunCheck) -> None:
    result = run_check(
        "business_metrics_tracked",
        "compliant",
        inference_tables=PAYLOAD,
        business_metric_names="conversion_rate,revenue",
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["not_found"] == []
    assert "revenue_uplift" in result.facts["custom_metrics"][PAYLOAD]


def test_unknown_metric_is_reported(run_check: RunCheck) -> None:
    result = run_check(
        "business_metrics_tracked",
        "compliant",
        inference_tables=PAYLOAD,
        business_metric_names="revenue,churn_cost",
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["not_found"] == ["churn_cost"] and "churn_cost" in result.message


def test_missing_inference_table_fails(run_check: RunCheck) -> None:
    result = run_check(
        "business_metrics_tracked",
        "non-compliant",
        inference_tables=PAYLOAD,
        business_metric_names="revenue",
    )
    assert result.outcome is CheckOutcome.FAIL, result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    result = run_check("business_metrics_tracked", "features-disabled", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.SKIPPED
