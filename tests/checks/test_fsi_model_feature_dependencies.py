from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "fsi_model_feature_dependencies"
PARAMS = {
    "model_names": "prod_ml.models.churn",
    "feature_tables": "prod_ml.features.customer_features",
}


def test_aliased_versions_record_feature_tables(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    versions = result.facts["models"]["prod_ml.models.churn"]
    assert set(versions) == {"v12", "v13"}
    assert versions["v12"]["aliases"] == ["champion"]
    assert "prod_ml.features.customer_features" in versions["v12"]["feature_tables"]


def test_version_without_dependencies_fails(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    # non-compliant: v12 lost its dependencies; give it back the champion alias to look at it
    scenario = load_scenario("non-compliant").model_copy(deep=True)
    scenario.resources.registered_models[0]["aliases"] = [
        {"alias_name": "champion", "version_num": 12}
    ]
    result = run_check(CHECK, fake(scenario), **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.models.churn v12 (champion) records no feature table" in result.message


def test_unused_feature_table_and_missing_model_fail(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        model_names="prod_ml.models.churn,prod_ml.models.nope",
        feature_tables="prod_ml.features.customer_features,prod_ml.features.other",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "model prod_ml.models.nope does not exist" in result.message
    assert result.facts["unused_feature_tables"] == ["prod_ml.features.other"]


def test_server_error_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "GET /api/2.1/unity-catalog/models/*/versions/*", {"status": 500, "message": "boom"}
    )
    result = run_check(CHECK, ws, **PARAMS)
    assert result.outcome is CheckOutcome.ERROR and "boom" in result.message
