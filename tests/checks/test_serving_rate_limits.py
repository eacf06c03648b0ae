from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "serving_rate_limits"


def test_rate_limits_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", endpoint_names="churn-prod")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["rate_limits"]["churn-prod"] == [
        "6000 calls/minute per endpoint",
        "600 calls/minute per service_principal",
    ]


def test_no_rate_limit_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", endpoint_names="churn-prod,ghost")
    assert result.outcome is CheckOutcome.FAIL
    assert (
        "churn-prod has no rate limit" in result.message
        and "ghost does not exist" in result.message
    )


def test_throttled_once_then_served(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/serving-endpoints/*", {"status": 429, "retry_after": 0, "times": 1})
    assert run_check(CHECK, ws, endpoint_names="churn-prod").outcome is CheckOutcome.PASS
    assert ws.fault_fired_count("GET /api/2.0/serving-endpoints/*") == 1
