from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.checks.builtin.serving_latency_metrics import latency_percentiles
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_reviews_the_histogram(run_check: RunCheck) -> None:
    result = run_check("serving_latency_metrics", "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    champion = result.facts["latency"]["churn-prod"]["churn-champion"]
    assert champion == {"p95_le_ms": 50.0, "p99_le_ms": 100.0, "requests": 125000.0}
    assert result.facts["latency_alerts"] == ["churn-prod p99 latency above 200 ms"]


def test_non_compliant_has_no_latency_alert(run_check: RunCheck) -> None:
    result = run_check("serving_latency_metrics", "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "no SQL alert on latency" in result.message


def test_missing_endpoint_fails(run_check: RunCheck) -> None:
    assert (
        run_check("serving_latency_metrics", "compliant", endpoint_names="nope").outcome
        is CheckOutcome.FAIL
    )


def test_metrics_export_error_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/serving-endpoints/*/metrics", {"status": 403})
    assert (
        run_check("serving_latency_metrics", ws, endpoint_names="churn-prod").outcome
        is CheckOutcome.ERROR
    )


def test_percentiles_from_prometheus_text() -> None:
    text = "\n".join(
        [
            "# TYPE request_latency_ms histogram",
            'request_latency_ms_bucket{served_entity_name="a",le="10"} 50',
            'request_latency_ms_bucket{served_entity_name="a",le="100"} 96',
            'request_latency_ms_bucket{served_entity_name="a",le="500"} 100',
            'request_latency_ms_bucket{served_entity_name="a",le="+Inf"} 100',
            'request_count_total{served_entity_name="a"} 100',
        ]
    )
    assert latency_percentiles(text) == {
        "a": {"p95_le_ms": 100.0, "p99_le_ms": 500.0, "requests": 100.0}
    }
    assert latency_percentiles("request_count_total 3\n") == {}
