from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome


def test_passes_on_compliant(run_check: RunCheck) -> None:
    result = run_check("uc_catalog_exists", "compliant", catalog="prod_ml")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "prod_ml" in result.message
    assert result.link and result.link.endswith("/explore/data/prod_ml")


def test_missing_catalog_fails(run_check: RunCheck) -> None:
    result = run_check("uc_catalog_exists", "compliant", catalog="prod_nope")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "prod_nope" in result.message
