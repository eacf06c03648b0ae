from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "batch_job_duration_rules"


def test_duration_rule_and_run_times_are_evidence(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    job = result.facts["jobs"]["churn-batch-inference"]
    assert job["duration_rules"] == [{"op": "GREATER_THAN", "value": 2700}]
    assert job["successful_runs"] == 3 and job["median_duration_s"] == 1320
    assert "GREATER_THAN 2700 s" in result.message


def test_missing_health_rule_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.FAIL
    assert "no RUN_DURATION_SECONDS health rule" in result.message


def test_run_history_error_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/runs/list", {"status": 500, "message": "boom"})
    result = run_check(CHECK, ws, batch_job_names="churn-batch-inference")
    assert result.outcome is CheckOutcome.ERROR and "boom" in result.message
