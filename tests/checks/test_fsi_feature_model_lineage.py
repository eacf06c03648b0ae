from __future__ import annotations

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome

CHECK = "fsi_feature_model_lineage"
PARAMS = {
    "feature_tables": "prod_ml.features.customer_features",
    "model_names": "prod_ml.models.churn",
}


def test_lineage_links_features_to_models(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    lineage = result.facts["lineage"]["prod_ml.features.customer_features"]
    assert lineage["models"] == ["prod_ml.models.churn"]
    assert lineage["features_asked"] == 1  # stops at the first feature linked to the model
    assert lineage["features_with_models"]["tenure_months"] == [
        "prod_ml.models.churn v12",
        "prod_ml.models.churn v13",
    ]


def test_no_lineage_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert (
        "no model version is linked to the features of prod_ml.features.customer_features"
        in result.message
    )
    assert (
        result.facts["lineage"]["prod_ml.features.customer_features"]["features_asked"] == 5
    )  # every non-key column (the PK is gone too)


def test_missing_table_or_other_model_fails(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        feature_tables="prod_ml.features.customer_features,prod_ml.features.nope",
        model_names="prod_ml.models.other",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.models.other not linked" in result.message
    assert "feature table prod_ml.features.nope does not exist" in result.message


def test_feature_store_disabled_is_skipped(run_check: RunCheck) -> None:
    assert run_check(CHECK, "features-disabled", **PARAMS).outcome is CheckOutcome.SKIPPED
