from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "uc_service_principals"
JOBS = "churn-feature-pipeline,churn-batch-inference"


def test_jobs_run_as_service_principals_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_job_names=JOBS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["jobs_run_as_service_principal"] == {
        "churn-feature-pipeline": "sp-ml-prod-jobs",
        "churn-batch-inference": "sp-ml-prod-jobs",
    }
    assert "sp-ml-prod-deployer" in result.facts["service_principals"]


def test_jobs_selected_by_tag(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_job_tag="env=prod")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert len(result.facts["jobs_run_as_service_principal"]) == 5


def test_job_running_as_a_person_fails(run_check: RunCheck) -> None:
    # non-compliant: churn-batch-inference runs as alice@corp.com
    result = run_check(CHECK, "non-compliant", prod_job_names=JOBS)
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-batch-inference as alice@corp.com" in result.message
    assert result.facts["jobs_run_as_person"] == {"churn-batch-inference": "alice@corp.com"}


def test_missing_job_and_no_matching_principal_fail(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", prod_job_names="gdpr-nope", sp_name_regex="^svc-")
    assert result.outcome is CheckOutcome.FAIL
    assert "no active service principal matching ^svc-" in result.message
    assert "no job named gdpr-nope" in result.message


def test_no_job_selection_is_bad_parameter(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant")
    assert result.outcome is CheckOutcome.ERROR and "prod_job_names" in result.message


def test_forbidden_scim_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/preview/scim/v2/ServicePrincipals", {"status": 403})
    result = run_check(CHECK, ws, prod_job_names=JOBS)
    assert result.outcome is CheckOutcome.ERROR and "list service principals" in result.message
