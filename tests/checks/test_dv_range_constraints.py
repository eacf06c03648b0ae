from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "dv_range_constraints"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_covered_numeric_features_are_evidence(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    covered = result.facts["numeric_features_covered"]["prod_ml.features.customer_features"]
    assert covered == [
        "tenure_months",
        "monthly_spend",
        "support_tickets_30d",
        "sessions_7d",
    ]  # key excluded
    assert "All 7 numeric feature(s)" in result.message


def test_uncovered_features_are_listed(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant")
    table = next(t for t in scenario.resources.tables if t["name"] == "customer_daily_activity")
    del table["properties"]["delta.constraints.minutes_range"]
    result = run_check(CHECK, fake(scenario), feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "customer_daily_activity: minutes_active" in result.message
    assert result.facts["numeric_features_without_constraint"][
        "prod_ml.features.customer_daily_activity"
    ] == ["minutes_active"]


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables="prod_ml.features.nope")
    assert result.outcome is CheckOutcome.FAIL and "prod_ml.features.nope" in result.message
