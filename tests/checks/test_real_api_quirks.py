"""Issue 9, "Checks that can pass / fail / error wrongly": each test runs a check against the
``real-api-quirks`` fake scenario (or a fault on the compliant one) that reproduces what the real
API does, and would fail on the old code (the bullet it pins is named in each docstring)."""

from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

QUIRKS = "real-api-quirks"
FEATURES = "prod_ml.features.customer_features"


def test_sp_owned_token_created_by_an_admin_fails(run_check: RunCheck) -> None:
    """deploy_sp_no_pats lists tokens by created_by_id rather than owner_id."""
    result = run_check("deploy_sp_no_pats", QUIRKS, deploy_sp_id="4200000000000001")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "owns 1 personal access token(s)" in result.message


def test_monitor_judged_by_its_newest_finished_refresh(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """dv_quality_monitors_active FAILs whenever the newest refresh is PENDING or RUNNING; the
    refreshes are read from the Data Quality API (quality_monitors is deprecated)."""
    ws = fake(QUIRKS)
    result = run_check("dv_quality_monitors_active", ws, feature_tables=FEATURES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"][FEATURES]["latest_refresh"] == "SUCCESS"
    assert ws.request_count("/api/2.1/unity-catalog/tables/" + FEATURES + "/monitor/refreshes") == 0
    [dq] = [r for r in ws.requests if r.path.endswith("/refreshes")]
    assert dq.path.startswith("/api/data-quality/v1/monitors/table/")


def test_a_running_legacy_refresh_is_not_a_failure(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    """Same bullet, on a workspace without the Data Quality API (legacy refreshes)."""
    ws = fake(QUIRKS)
    ws.set_fault("GET /api/data-quality/*", {"status": 404, "error_code": "ENDPOINT_NOT_FOUND"})
    table = "prod_ml.features.customer_daily_activity"
    result = run_check("dv_quality_monitors_active", ws, feature_tables=table)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"][table]["latest_refresh"] == "SUCCESS"


def test_secret_scope_names_are_case_insensitive(run_check: RunCheck) -> None:
    """Secret scope names are compared case-sensitively (Databricks: case-insensitive)."""
    result = run_check("secret_scopes_configured", QUIRKS, secret_scopes="production")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["secret_counts"]["production"] > 0


def test_lineage_names_are_case_insensitive(run_check: RunCheck) -> None:
    """The lineage SQL compares names case-sensitively."""
    result = run_check(
        "uc_lineage_enabled", QUIRKS, catalog="PROD_ML", warehouse_id="abcdef0123456789"
    )
    assert result.outcome is CheckOutcome.PASS, result.message
