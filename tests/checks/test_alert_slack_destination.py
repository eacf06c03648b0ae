from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("alert_slack_destination", "compliant")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["slack"] == ["ml-alerts-slack"]


def test_no_slack_fails(run_check: RunCheck) -> None:
    result = run_check("alert_slack_destination", "non-compliant")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "No Slack notification destination" in result.message and "EMAIL" in result.message


def test_throttled_twice_then_passes(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "GET /api/2.0/notification-destinations", {"status": 429, "retry_after": 0, "times": 1}
    )
    assert run_check("alert_slack_destination", ws).outcome is CheckOutcome.PASS


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/notification-destinations", {"status": 403})
    assert run_check("alert_slack_destination", ws).outcome is CheckOutcome.ERROR
