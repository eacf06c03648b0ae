from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "serving_latency_monitored"


def test_metrics_and_latency_alert_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    facts = result.facts["endpoints"]["churn-prod"]
    assert "request_latency_ms_bucket" in facts["latency_metrics"]
    assert facts["latency_alerts"] == ["churn-prod p99 latency above 200 ms"]


def test_no_latency_alert_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.FAIL
    assert "no active SQL alert watches the latency of churn-prod" in result.message


def test_paused_alert_and_missing_latency_metric_fail(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    scenario.resources.alerts[0]["schedule"]["pause_status"] = "PAUSED"
    scenario.resources.serving_metrics["churn-prod"] = (
        "# TYPE request_count_total counter\nrequest_count_total 12\n"
    )
    result = run_check(CHECK, fake(scenario), endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.FAIL
    assert "exports no latency metric" in result.message and "no active SQL alert" in result.message


def test_alerts_api_unavailable_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check(CHECK, "features-disabled", endpoint_names="churn-prod").outcome
        is CheckOutcome.SKIPPED
    )
