from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "network_vnet_injection"
ACCOUNT = "0d6f1f8a-5b2c-4cde-9abc-def012345678"


def test_aws_workspace_points_to_the_account_console(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", account_id=ACCOUNT)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["workspace_id"] == "1234567890123456"  # from the metastore assignment
    assert result.facts["cloud"] == "aws"
    assert result.link == "https://accounts.cloud.databricks.com/workspaces/1234567890123456"
    assert "network_id" in result.message


def test_azure_workspace_points_to_the_portal(run_check: RunCheck) -> None:
    result = run_check(CHECK, "azure", account_id=ACCOUNT, workspace_id="2345678901234567")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "Azure portal" in result.message and result.facts["cloud"] == "azure"


def test_unset_account_id_skips_the_optional_item(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", optional=True, account_id="${account_id}")
    assert result.outcome is CheckOutcome.SKIPPED and "account_id" in result.message


def test_forbidden_metastore_assignment_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/current-metastore-assignment", {"status": 403})
    assert run_check(CHECK, ws, account_id=ACCOUNT).outcome is CheckOutcome.ERROR
