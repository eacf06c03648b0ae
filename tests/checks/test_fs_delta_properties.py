from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "fs_delta_properties"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_optimize_write_and_auto_compact_pass(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "optimize write + auto compact" in result.message


def test_untuned_table_fails(run_check: RunCheck) -> None:
    # non-compliant: optimizeWrite false, autoCompact unset, predictive optimization DISABLE
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.FAIL
    assert (
        "optimizeWrite=false, autoCompact=unset, predictive optimization DISABLE" in result.message
    )


def test_predictive_optimization_counts_unless_refused(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant")
    table = next(t for t in scenario.resources.tables if t["name"] == "customer_features")
    del table["properties"]["delta.autoOptimize.autoCompact"]
    ws = fake(scenario)
    result = run_check(CHECK, ws, feature_tables="prod_ml.features.customer_features")
    assert result.outcome is CheckOutcome.PASS and "predictive optimization" in result.message
    refused = run_check(
        CHECK,
        ws,
        feature_tables="prod_ml.features.customer_features",
        accept_predictive_optimization="false",
    )
    assert refused.outcome is CheckOutcome.FAIL
