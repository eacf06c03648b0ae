from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "batch_job_retries"


def test_retries_and_timeouts_are_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["jobs"]["churn-batch-inference"]["tasks"] == {
        "score_customers": {"max_retries": 3, "timeout_seconds": 3600}
    }


def test_task_without_retries_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", batch_job_names="churn-batch-inference,ghost-job")
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-batch-inference task score_customers: no retries" in result.message
    assert "no job named ghost-job" in result.message
    # the job-level timeout still covers the task
    assert (
        result.facts["jobs"]["churn-batch-inference"]["tasks"]["score_customers"]["timeout_seconds"]
        == 5400
    )


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/get", {"status": 403})
    assert (
        run_check(CHECK, ws, batch_job_names="churn-batch-inference").outcome is CheckOutcome.ERROR
    )
