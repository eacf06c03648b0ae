from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("alert_pagerduty_destination", "compliant")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["pagerduty"] == ["ml-pagerduty"]


def test_no_pagerduty_fails(run_check: RunCheck) -> None:
    result = run_check("alert_pagerduty_destination", "non-compliant")
    assert result.outcome is CheckOutcome.FAIL and "No PagerDuty" in result.message


def test_not_required_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check("alert_pagerduty_destination", "non-compliant", required="false").outcome
        is CheckOutcome.SKIPPED
    )


def test_unauthenticated_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/notification-destinations", {"status": 401})
    result = run_check("alert_pagerduty_destination", ws)
    assert result.outcome is CheckOutcome.ERROR and "Not authenticated" in result.message
