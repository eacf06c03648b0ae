from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "dv_null_policies"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_nullability_is_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(
        CHECK, "compliant", feature_tables=TABLES, required_non_null_columns="customer_id"
    )
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "12 of 12 feature column(s) are NOT NULL" in result.message
    assert result.facts["nullable_columns"]["prod_ml.features.customer_features"] == []


def test_nullable_columns_are_listed(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert (
        "nullable: prod_ml.features.customer_features: customer_id, tenure_months" in result.message
    )


def test_required_column_accepting_nulls_fails(run_check: RunCheck) -> None:
    # non-compliant: every customer_features column is nullable
    result = run_check(
        CHECK,
        "non-compliant",
        feature_tables=TABLES,
        required_non_null_columns="customer_id,prod_ml.features.customer_daily_activity.logins,no_such_col",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "accept nulls: prod_ml.features.customer_features.customer_id" in result.message
    assert "not found: no_such_col" in result.message
