from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("feature_drift_monitor", "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "no baseline table on prod_ml.features.customer_daily_activity" in result.message
    facts = result.facts["monitors"]["prod_ml.features.customer_features"]
    assert facts["status"] == "ACTIVE" and facts["schedule"] == "0 0 6 * * ?"


def test_non_compliant_fails_for_each_reason(run_check: RunCheck) -> None:
    result = run_check("feature_drift_monitor", "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "prod_ml.features.customer_features: no monitor" in result.message
    assert "prod_ml.features.customer_daily_activity: monitor ERROR" in result.message


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check("feature_drift_monitor", "compliant", feature_tables="prod_ml.features.nope")
    assert result.outcome is CheckOutcome.FAIL and "table does not exist" in result.message


def test_new_data_quality_api_is_used_when_the_legacy_one_is_disabled(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "^GET /api/2\\.1/unity-catalog/tables/[^/]+/monitor$",
        {"status": 400, "error_code": "FEATURE_DISABLED"},
    )
    result = run_check(
        "feature_drift_monitor", ws, feature_tables="prod_ml.features.customer_features"
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["monitors"]["prod_ml.features.customer_features"]["api"] == "data_quality"


def test_table_without_monitor_fails_when_only_the_new_api_is_missing(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/data-quality/*", {"status": 404, "error_code": "ENDPOINT_NOT_FOUND"})
    result = run_check("feature_drift_monitor", ws, feature_tables="prod_ml.raw.events")
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "prod_ml.raw.events: no monitor" in result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    assert (
        run_check("feature_drift_monitor", "features-disabled", feature_tables=TABLES).outcome
        is CheckOutcome.SKIPPED
    )


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*/monitor", {"status": 403})
    result = run_check("feature_drift_monitor", ws, feature_tables=TABLES)
    assert result.outcome is CheckOutcome.ERROR and "Insufficient permission" in result.message
