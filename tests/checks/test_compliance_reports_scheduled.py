from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_reviews_job_and_dashboard(run_check: RunCheck) -> None:
    result = run_check(
        "compliance_reports_scheduled", "compliant", report_job_name="compliance-report"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "job compliance-report runs on schedule 0 0 7 1 * ?" in result.message
    assert "dashboard 'Churn Model Compliance Report' is scheduled" in result.message
    assert result.link and result.link.endswith("/jobs/105")


def test_dashboard_alone_is_enough(run_check: RunCheck) -> None:
    result = run_check("compliance_reports_scheduled", "compliant")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.link and "/dashboardsv3/" in result.link


def test_unscheduled_job_and_paused_dashboard_fail(run_check: RunCheck) -> None:
    result = run_check(
        "compliance_reports_scheduled", "non-compliant", report_job_name="compliance-report"
    )
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "has no schedule" in result.message and "only paused schedules" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/lakeview/dashboards", {"status": 403})
    assert run_check("compliance_reports_scheduled", ws).outcome is CheckOutcome.ERROR
