from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_retraining_job_with_periodic_trigger(run_check: RunCheck) -> None:
    result = run_check("job_scheduled", "compliant", job_name="churn-retraining")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "trigger periodic (every 1 WEEKS)" in result.message
    assert result.facts["jobs"]["103"]["last_run"]["result"] == "SUCCESS"
    assert result.link and result.link.endswith("/jobs/103")


def test_deletion_job_with_schedule(run_check: RunCheck) -> None:
    result = run_check("job_scheduled", "compliant", job_name="gdpr-deletion")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "schedule 0 0 1 * * ?" in result.message


def test_paused_trigger_fails(run_check: RunCheck) -> None:
    result = run_check("job_scheduled", "non-compliant", job_name="churn-retraining")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "PAUSED" in result.message


def test_missing_job_fails(run_check: RunCheck) -> None:
    result = run_check("job_scheduled", "non-compliant", job_name="gdpr-deletion")
    assert result.outcome is CheckOutcome.FAIL and "No job named gdpr-deletion" in result.message


def test_unscheduled_job_fails(run_check: RunCheck) -> None:
    result = run_check("job_scheduled", "non-compliant", job_name="compliance-report")
    assert result.outcome is CheckOutcome.FAIL and "no schedule or trigger" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/list", {"status": 403})
    result = run_check("job_scheduled", ws, job_name="churn-retraining")
    assert result.outcome is CheckOutcome.ERROR and "CAN_VIEW" in result.message
