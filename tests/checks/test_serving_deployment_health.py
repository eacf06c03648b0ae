from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "serving_deployment_health"


def test_ready_entities_and_notifications_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["endpoints"]["churn-prod"] == {
        "deployments": {
            "churn-champion": "DEPLOYMENT_READY",
            "churn-challenger": "DEPLOYMENT_READY",
        },
        "on_update_failure": ["ml-oncall@corp.com"],
    }
    assert "external probe" in result.message


def test_failed_deployment_without_notifications_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.FAIL
    assert (
        "churn-prod/churn-champion is DEPLOYMENT_FAILED (Container image build failed.)"
        in result.message
    )
    assert "notifies no one" in result.message


def test_missing_endpoint_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="ghost")
    assert result.outcome is CheckOutcome.FAIL and "ghost does not exist" in result.message
