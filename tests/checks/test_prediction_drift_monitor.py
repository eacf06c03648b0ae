from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

PAYLOAD = "prod_ml.monitoring.churn_prod_payload"


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("prediction_drift_monitor", "compliant", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "prediction column churn_prediction" in result.message


def test_missing_inference_table_fails(run_check: RunCheck) -> None:
    result = run_check("prediction_drift_monitor", "non-compliant", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.FAIL and "table does not exist" in result.message


def test_snapshot_monitor_is_not_an_inference_monitor(run_check: RunCheck) -> None:
    result = run_check(
        "prediction_drift_monitor",
        "compliant",
        inference_tables="prod_ml.features.customer_features",
    )
    assert result.outcome is CheckOutcome.FAIL and "not an inference-log monitor" in result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check("prediction_drift_monitor", "features-disabled", inference_tables=PAYLOAD).outcome
        is CheckOutcome.SKIPPED
    )


def test_server_error_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 500, "message": "boom"})
    assert (
        run_check("prediction_drift_monitor", ws, inference_tables=PAYLOAD).outcome
        is CheckOutcome.ERROR
    )


def test_unavailable_monitoring_is_skipped(run_check: RunCheck) -> None:
    result = run_check("prediction_drift_monitor", "features-disabled", inference_tables=PAYLOAD)
    assert result.outcome is CheckOutcome.SKIPPED, result.message
