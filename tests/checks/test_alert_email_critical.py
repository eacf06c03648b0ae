from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

JOBS = "churn-feature-pipeline,churn-batch-inference"


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("alert_email_critical", "compliant", prod_job_names=JOBS)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["recipients"]["churn-batch-inference"] == ["ml-oncall@corp.com"]


def test_by_tag(run_check: RunCheck) -> None:
    result = run_check("alert_email_critical", "compliant", prod_job_tag="env=prod")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "dpo@corp.com" in result.message


def test_job_without_failure_email_fails(run_check: RunCheck) -> None:
    result = run_check("alert_email_critical", "non-compliant", prod_job_names=JOBS)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "no on-failure e-mail on churn-batch-inference" in result.message


def test_missing_job_and_no_selector(run_check: RunCheck) -> None:
    missing = run_check("alert_email_critical", "compliant", prod_job_names="nope")
    assert missing.outcome is CheckOutcome.FAIL and "no job named nope" in missing.message
    unset = run_check("alert_email_critical", "compliant")
    assert unset.outcome is CheckOutcome.ERROR and "Bad parameter" in unset.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.2/jobs/get", {"status": 403})
    assert run_check("alert_email_critical", ws, prod_job_names=JOBS).outcome is CheckOutcome.ERROR
