from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_reviews_notifications_and_alerts(run_check: RunCheck) -> None:
    result = run_check("serving_endpoint_health", "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    facts = result.facts["endpoints"]["churn-prod"]
    assert facts["state"] == "READY/NOT_UPDATING"
    assert facts["on_update_failure"] == ["ml-oncall@corp.com"]
    assert "churn-prod error rate above 1 percent" in facts["alerts"]


def test_non_compliant_shows_nothing_watches(run_check: RunCheck) -> None:
    result = run_check("serving_endpoint_health", "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "notify nobody" in result.message and "no SQL alert" in result.message


def test_missing_endpoint_fails(run_check: RunCheck) -> None:
    result = run_check("serving_endpoint_health", "compliant", endpoint_names="nope")
    assert result.outcome is CheckOutcome.FAIL and "nope" in result.message


def test_alerts_api_unavailable_is_a_fact(run_check: RunCheck) -> None:
    result = run_check("serving_endpoint_health", "features-disabled", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["endpoints"]["churn-prod"]["alerts"] == "alerts API unavailable"


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/alerts", {"status": 403})
    assert (
        run_check("serving_endpoint_health", ws, endpoint_names="churn-prod").outcome
        is CheckOutcome.ERROR
    )
