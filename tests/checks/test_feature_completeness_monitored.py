from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_compliant_reviews_active_profiling_monitors(run_check: RunCheck) -> None:
    result = run_check("feature_completeness_monitored", "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "ACTIVE profiling monitors" in result.message
    assert result.facts["unmonitored"] == []
    monitors = result.facts["monitors"]
    assert monitors["prod_ml.features.customer_features"]["profile_metrics_table"] == (
        "prod_ml.monitoring.customer_features_profile_metrics"
    )
    assert result.link and result.link.endswith("/explore/data/prod_ml/features")


def test_non_compliant_reports_missing_and_broken_monitors(run_check: RunCheck) -> None:
    result = run_check("feature_completeness_monitored", "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["unmonitored"] == ["prod_ml.features.customer_features"]
    assert "ot active on prod_ml.features.customer_daily_activity (ERROR)" in result.message


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(
        "feature_completeness_monitored", "compliant", feature_tables="prod_ml.features.nope"
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.features.nope" in result.message


def test_monitoring_not_available_is_skipped(run_check: RunCheck) -> None:
    result = run_check("feature_completeness_monitored", "features-disabled", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.SKIPPED, result.message
