from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def test_compliant_passes(run_check: RunCheck) -> None:
    result = run_check("feature_anomaly_detection", "compliant", feature_schema="prod_ml.features")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["notify"] == ["ml-oncall@corp.com"]
    assert result.link and result.link.endswith("/explore/data/prod_ml/features")


def test_no_monitor_fails(run_check: RunCheck) -> None:
    result = run_check(
        "feature_anomaly_detection", "non-compliant", feature_schema="prod_ml.features"
    )
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert "no data quality monitor" in result.message


def test_missing_schema_fails(run_check: RunCheck) -> None:
    result = run_check("feature_anomaly_detection", "compliant", feature_schema="prod_ml.nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_ml.nope does not exist" in result.message


def test_api_not_available_is_skipped(run_check: RunCheck) -> None:
    result = run_check(
        "feature_anomaly_detection", "features-disabled", feature_schema="prod_ml.features"
    )
    assert result.outcome is CheckOutcome.SKIPPED, result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/data-quality/*", {"status": 403})
    result = run_check("feature_anomaly_detection", ws, feature_schema="prod_ml.features")
    assert result.outcome is CheckOutcome.ERROR
