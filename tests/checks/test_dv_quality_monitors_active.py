from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "dv_quality_monitors_active"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_active_scheduled_monitors_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"]["prod_ml.features.customer_features"] == {
        "api": "quality_monitors",
        "status": "ACTIVE",
        "schedule": "0 0 6 * * ?",
        "schedule_paused": False,
        "latest_refresh": "SUCCESS",
    }


def test_missing_failed_and_paused_monitors_fail(run_check: RunCheck) -> None:
    # non-compliant: no monitor on customer_features; customer_daily_activity ERROR, paused, refresh FAILED
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.FAIL
    assert "customer_features has no quality monitor" in result.message
    assert "customer_daily_activity's monitor is ERROR" in result.message
    assert "schedule is paused" in result.message
    assert "latest finished refresh is FAILED" in result.message


def test_data_quality_api_is_the_fallback(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*/monitor", {"status": 404})
    result = run_check(CHECK, ws, feature_tables="prod_ml.features.customer_features")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"]["prod_ml.features.customer_features"]["api"] == "data_quality"


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    result = run_check(CHECK, "features-disabled", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.SKIPPED, result.message


def test_forbidden_monitor_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*/monitor", {"status": 403})
    result = run_check(CHECK, ws, feature_tables=TABLES)
    assert result.outcome is CheckOutcome.ERROR and "USE_SCHEMA" in result.message
