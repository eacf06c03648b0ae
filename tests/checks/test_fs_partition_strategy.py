from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, StatementRule, load_scenario

CHECK = "fs_partition_strategy"
TABLE = "prod_ml.features.customer_features"
WAREHOUSE = "abcdef0123456789"


def test_layout_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLE, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["tables"][TABLE] == {
        "size_gb": 5.0,
        "partition_columns": [],
        "clustering_columns": ["customer_id"],
    }


def test_without_warehouse_size_is_unknown(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLE)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert "size unknown" in result.message and "Set warehouse_id" in result.message


def test_large_unorganised_table_fails(run_check: RunCheck) -> None:
    # non-compliant: DESCRIBE DETAIL reports 250 GB with no partition or clustering columns
    result = run_check(CHECK, "non-compliant", feature_tables=TABLE, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.features.customer_features (250 GB)" in result.message


def test_threshold_is_a_parameter(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "non-compliant", feature_tables=TABLE, warehouse_id=WAREHOUSE, large_table_gb="500"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW


def test_failed_describe_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    scenario = load_scenario("compliant")
    scenario.resources.statements.insert(
        0,
        StatementRule(
            match=r"DESCRIBE\s+DETAIL", state="FAILED", error="[PERMISSION_DENIED] no SELECT"
        ),
    )
    result = run_check(CHECK, fake(scenario), feature_tables=TABLE, warehouse_id=WAREHOUSE)
    assert result.outcome is CheckOutcome.ERROR and "PERMISSION_DENIED" in result.message
