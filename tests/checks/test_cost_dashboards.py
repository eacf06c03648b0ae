from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_finds_the_cost_dashboard(run_check: RunCheck) -> None:
    result = run_check("cost_dashboards", "compliant")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "'ML Platform Cost Monitoring' (Weekly cost review (UNPAUSED))" in result.message
    assert result.link and result.link.endswith("/dashboardsv3/01ef1a2b3c4d5e6f7a8b9c0d1e2f3a4b")


def test_no_matching_dashboard_fails(run_check: RunCheck) -> None:
    result = run_check("cost_dashboards", "non-compliant", cost_dashboard_regex="(?i)cost")
    assert result.outcome is CheckOutcome.FAIL and "(?i)cost" in result.message


def test_custom_pattern(run_check: RunCheck) -> None:
    result = run_check("cost_dashboards", "non-compliant", cost_dashboard_regex="^Churn Model")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW and "PAUSED" in result.message


def test_bad_pattern_is_error(run_check: RunCheck) -> None:
    result = run_check("cost_dashboards", "compliant", cost_dashboard_regex="(")
    assert result.outcome is CheckOutcome.ERROR and "Bad parameter" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/lakeview/dashboards", {"status": 403})
    assert run_check("cost_dashboards", ws).outcome is CheckOutcome.ERROR
