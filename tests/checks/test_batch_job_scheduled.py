from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "batch_job_scheduled"


def test_unpaused_schedule_and_trigger_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", batch_job_names="churn-batch-inference,churn-retraining")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert (
        result.facts["jobs"]["churn-batch-inference"]["schedule"] == "schedule 0 0 4 * * ? UNPAUSED"
    )
    assert result.facts["jobs"]["churn-retraining"]["schedule"].startswith("trigger periodic")


def test_paused_schedule_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-batch-inference has schedule 0 0 4 * * ? PAUSED" in result.message
    assert result.link and result.link.endswith("/jobs/102")


def test_unscheduled_or_missing_job_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", batch_job_names="compliance-report,ghost-job")
    assert result.outcome is CheckOutcome.FAIL
    assert "compliance-report has no schedule or trigger" in result.message
    assert "no job named ghost-job" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/list", {"status": 403})
    result = run_check(CHECK, ws, batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.ERROR and "CAN_VIEW on the jobs" in result.message
