from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "network_private_endpoints_storage"
ACCOUNT = "0d6f1f8a-5b2c-4cde-9abc-def012345678"


def test_skipped_outside_azure(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", account_id=ACCOUNT, catalog="prod_ml")
    assert result.outcome is CheckOutcome.SKIPPED and "azure" in result.message


def test_azure_reports_the_catalog_storage_accounts(run_check: RunCheck) -> None:
    result = run_check(CHECK, "azure", account_id=ACCOUNT, catalog="prod_ml")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["storage_accounts"] == ["corpmlprodlake"]
    assert "corpmlprodlake" in result.message


def test_missing_catalog_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "azure", account_id=ACCOUNT, catalog="prod_nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_nope" in result.message


def test_forbidden_catalog_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("azure")
    ws.set_fault("GET /api/2.1/unity-catalog/catalogs/*", {"status": 403})
    result = run_check(CHECK, ws, account_id=ACCOUNT, catalog="prod_ml")
    assert result.outcome is CheckOutcome.ERROR and "USE_CATALOG" in result.message
