from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

CHECK = "mlflow_artifact_storage"
PARAMS = {"experiment_paths": "/Shared/churn", "model_names": "prod_ml.models.churn"}


def test_locations_are_reported_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert result.facts["experiments"]["/Shared/churn"] == {
        "artifact_location": "dbfs:/databricks/mlflow-tracking/3141592653589793",
        "scheme": "dbfs:/",
        "lifecycle_stage": "active",
    }
    model = result.facts["models"]["prod_ml.models.churn"]
    assert model["latest_version"] == 13 and model["scheme"] == "s3:/"


def test_missing_experiment_or_personal_location_fails(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    missing = run_check(CHECK, "non-compliant", experiment_paths="/Shared/nope")
    assert missing.outcome is CheckOutcome.FAIL and "/Shared/nope does not exist" in missing.message
    scenario = load_scenario("compliant").model_copy(deep=True)
    scenario.resources.experiments[0]["artifact_location"] = "dbfs:/Users/alice@corp.com/churn"
    personal = run_check(CHECK, fake(scenario), experiment_paths="/Shared/churn")
    assert personal.outcome is CheckOutcome.FAIL and "personal location" in personal.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/models/*", {"status": 403})
    assert run_check(CHECK, ws, **PARAMS).outcome is CheckOutcome.ERROR
