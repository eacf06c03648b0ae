from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("serving_prediction_logging", "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "prod_ml.monitoring.churn_prod_payload (auto capture)" in result.message
    assert result.link and result.link.endswith("/ml/endpoints/churn-prod")


def test_inference_tables_off_fails(run_check: RunCheck) -> None:
    result = run_check("serving_prediction_logging", "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "churn-prod has inference tables disabled" in result.message
    assert result.facts["inference_tables"] == {"churn-prod": None}


def test_missing_endpoint_fails(run_check: RunCheck) -> None:
    result = run_check("serving_prediction_logging", "compliant", endpoint_names="churn-prod,nope")
    assert result.outcome is CheckOutcome.FAIL and "nope does not exist" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/serving-endpoints/*", {"status": 403})
    result = run_check("serving_prediction_logging", ws, endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.ERROR and "CAN_VIEW" in result.message
