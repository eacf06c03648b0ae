from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "fsi_timeseries_keys"
TABLE = "prod_ml.features.customer_daily_activity"


def test_timeseries_key_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", timeseries_feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["tables"][TABLE] == {
        "primary_key": ["customer_id", "event_date"],
        "timeseries_columns": ["event_date"],
    }
    assert result.link and result.link.endswith(
        "/explore/data/prod_ml/features/customer_daily_activity"
    )


def test_key_without_timeseries_column_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", timeseries_feature_tables=TABLE)
    assert result.outcome is CheckOutcome.FAIL
    assert "declares no TIMESERIES column" in result.message


def test_no_primary_key_or_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "non-compliant",
        timeseries_feature_tables="prod_ml.features.customer_features,prod_ml.features.nope",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.features.customer_features has no primary key" in result.message
    assert "prod_ml.features.nope does not exist" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/tables/*", {"status": 403})
    result = run_check(CHECK, ws, timeseries_feature_tables=TABLE)
    assert result.outcome is CheckOutcome.ERROR and "SELECT on the tables" in result.message
