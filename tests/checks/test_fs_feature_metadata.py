from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "fs_feature_metadata"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_documented_tables_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert result.facts["coverage"]["prod_ml.features.customer_features"] == "7/7 columns described"


def test_undocumented_table_fails(run_check: RunCheck) -> None:
    # non-compliant: customer_features lost its comment and 4 of 5 column comments
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.FAIL
    assert "customer_features has no table comment" in result.message
    assert "describes 20% of its columns" in result.message


def test_threshold_is_a_parameter(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    from tracker.fakeworkspace import load_scenario

    scenario = load_scenario("non-compliant")
    table = next(t for t in scenario.resources.tables if t["name"] == "customer_features")
    table["comment"] = "Customer features."
    result = run_check(
        CHECK,
        fake(scenario),
        feature_tables="prod_ml.features.customer_features",
        min_column_comment_ratio="0.2",
    )
    assert result.outcome is CheckOutcome.PASS, result.message
