from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "jobs_bundle_managed"
NAMES = "churn-feature-pipeline,churn-batch-inference"


def test_bundle_jobs_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_job_names=NAMES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert sorted(result.facts["bundle_managed"]) == [
        "churn-batch-inference",
        "churn-feature-pipeline",
    ]
    by_tag = run_check(CHECK, "compliant", prod_job_tag="env=prod")
    assert by_tag.outcome is CheckOutcome.MANUAL_REVIEW and len(by_tag.facts["bundle_managed"]) == 5


def test_hand_made_job_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", prod_job_names=f"{NAMES},ghost-job")
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-feature-pipeline not deployed from a bundle" in result.message
    assert "no job named ghost-job" in result.message


def test_no_selection_is_a_bad_parameter(run_check: RunCheck) -> None:
    assert run_check(CHECK, "compliant").outcome is CheckOutcome.ERROR


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/get", {"status": 403})
    assert run_check(CHECK, ws, prod_job_names=NAMES).outcome is CheckOutcome.ERROR
