from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "deploy_sp_no_pats"


def test_sp_without_tokens_is_reviewed_for_federation(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", deploy_sp_id="4200000000000001")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert (
        result.facts["service_principal"] == "sp-ml-prod-deployer" and result.facts["tokens"] == 0
    )
    assert (
        "token.actions.githubusercontent.com" in result.message
        and "account console" in result.message
    )
    by_app_id = run_check(CHECK, "compliant", deploy_sp_id="7f3c1a52-9a4e-4b8e-9c1d-2f6a8b3e4d51")
    assert by_app_id.outcome is CheckOutcome.MANUAL_REVIEW


def test_sp_with_a_pat_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", deploy_sp_id="4200000000000001")
    assert result.outcome is CheckOutcome.FAIL
    assert "owns 1 personal access token(s) (1 never expire)" in result.message


def test_unknown_sp_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", deploy_sp_id="999")
    assert result.outcome is CheckOutcome.FAIL and "No service principal" in result.message


def test_non_admin_is_error(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-admin", deploy_sp_id="4200000000000001")
    assert result.outcome is CheckOutcome.ERROR and "workspace admin" in result.message
