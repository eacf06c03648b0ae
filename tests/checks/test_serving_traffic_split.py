from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "serving_traffic_split"


def test_split_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["traffic"]["churn-prod"] == {"churn-champion": 90, "churn-challenger": 10}
    assert "churn-champion 90%/churn-challenger 10%" in result.message


def test_single_route_is_reported(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "no split now" in result.message
    assert result.facts["traffic"]["churn-prod"] == {"churn-champion": 100}


def test_missing_endpoint_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="churn-prod,ghost")
    assert result.outcome is CheckOutcome.FAIL and "ghost do not exist" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/serving-endpoints/*", {"status": 403})
    result = run_check(CHECK, ws, endpoint_names="churn-prod")
    assert (
        result.outcome is CheckOutcome.ERROR
        and "CAN_VIEW on the serving endpoints" in result.message
    )
