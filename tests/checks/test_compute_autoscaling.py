from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "compute_autoscaling"
PARAMS = {
    "prod_cluster_regex": "^prod-",
    "prod_job_names": "churn-feature-pipeline,churn-batch-inference",
}


def test_autoscaling_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["scaling"]["cluster prod-ml-batch"] == "autoscale 1-12"
    assert result.facts["scaling"]["job cluster churn-feature-pipeline/main"] == "autoscale 2-8"
    assert result.facts["not_autoscaling"] == []


def test_fixed_size_cluster_fails(run_check: RunCheck) -> None:
    # non-compliant: prod-ml-shared has a fixed 8 workers
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "cluster prod-ml-shared (fixed 8 workers)" in result.message


def test_missing_job_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_job_names="no-such-job")
    assert result.outcome is CheckOutcome.FAIL and "no job named no-such-job" in result.message


def test_forbidden_jobs_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/get", {"status": 403})
    result = run_check(CHECK, ws, **PARAMS)
    assert result.outcome is CheckOutcome.ERROR and "CAN_VIEW" in result.message
