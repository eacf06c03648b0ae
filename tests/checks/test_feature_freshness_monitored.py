from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, Scenario, StatementRule, load_scenario

TABLE = "prod_ml.features.customer_features"
PARAMS = {
    "feature_tables": TABLE,
    "feature_schema": "prod_ml.features",
    "warehouse_id": "abcdef0123456789",
    "max_staleness_hours": "24",
}


def with_rule(rule: StatementRule) -> Scenario:
    base = load_scenario("compliant")
    statements = [rule, *base.resources.statements]
    return base.model_copy(
        update={"resources": base.resources.model_copy(update={"statements": statements})}
    )


def test_compliant_reviews_monitoring_facts(run_check: RunCheck) -> None:
    result = run_check("feature_freshness_monitored", "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["anomaly_detection"] == {"prod_ml.features": "configured"}
    assert result.facts["alerts"][TABLE] == ["customer_features staleness above 26 hours"]
    assert 1.5 <= result.facts["last_write_hours"][TABLE] <= 2.5
    assert "(SLA 24 h)" in result.message


def test_stale_table_fails(run_check: RunCheck) -> None:
    result = run_check("feature_freshness_monitored", "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert TABLE in result.message and "24 h SLA" in result.message
    assert result.facts["anomaly_detection"] == {"prod_ml.features": "not configured"}


def test_without_warehouse_the_last_write_is_not_measured(run_check: RunCheck) -> None:
    result = run_check("feature_freshness_monitored", "non-compliant", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "not measured" in result.message


def test_missing_table_and_bad_name(run_check: RunCheck) -> None:
    missing = run_check(
        "feature_freshness_monitored", "compliant", feature_tables="prod_ml.features.nope"
    )
    assert missing.outcome is CheckOutcome.FAIL and "prod_ml.features.nope" in missing.message
    injected = run_check(
        "feature_freshness_monitored", "compliant", feature_tables="a.b.c; DROP TABLE x"
    )
    assert injected.outcome is CheckOutcome.ERROR and "Bad parameter" in injected.message


def test_failed_statement_is_error_with_sql_message(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    rule = StatementRule(
        name="no_select",
        match=r"DESCRIBE\s+HISTORY",
        state="FAILED",
        error="[INSUFFICIENT_PERMISSIONS] User does not have SELECT on table",
        error_code="PERMISSION_DENIED",
    )
    result = run_check("feature_freshness_monitored", fake(with_rule(rule)), **PARAMS)
    assert result.outcome is CheckOutcome.ERROR
    assert "INSUFFICIENT_PERMISSIONS" in result.message


def test_apis_not_available_still_measure_freshness(run_check: RunCheck) -> None:
    result = run_check("feature_freshness_monitored", "features-disabled", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["anomaly_detection"] == {"prod_ml.features": "unavailable"}
