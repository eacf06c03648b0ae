from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "fs_data_types"
TABLES = "prod_ml.features.customer_features,prod_ml.features.customer_daily_activity"


def test_types_are_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert (
        result.facts["column_types"]["prod_ml.features.customer_features"]["monthly_spend"]
        == "double"
    )
    assert result.facts["flagged"] == {}
    assert "No suspicious types among 12 column(s)" in result.message


def test_numeric_strings_are_flagged(run_check: RunCheck) -> None:
    # non-compliant: tenure_months, monthly_spend and support_tickets_30d are STRING
    result = run_check(CHECK, "non-compliant", feature_tables=TABLES)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW
    assert result.facts["flagged"] == {
        "prod_ml.features.customer_features": [
            "tenure_months is STRING but looks numeric",
            "monthly_spend is STRING but looks numeric",
            "support_tickets_30d is STRING but looks numeric",
        ]
    }


def test_missing_table_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", feature_tables="prod_ml.features.nope")
    assert result.outcome is CheckOutcome.FAIL
