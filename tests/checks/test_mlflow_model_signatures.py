from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "mlflow_model_signatures"


def test_uc_models_are_evidence_for_review(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", model_names="prod_ml.models.churn")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    assert "Unity Catalog" in result.message
    assert result.facts["models"]["prod_ml.models.churn"] == {
        "registry": "unity_catalog",
        "versions": 3,
        "latest_version": 13,
        "signature_enforced_by_registry": True,
    }


def test_legacy_models_report_mlmodel_files(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", model_names="churn-legacy")
    assert result.outcome is CheckOutcome.MANUAL_REVIEW, result.message
    facts = result.facts["models"]["churn-legacy"]
    assert facts["registry"] == "workspace" and "does not enforce signatures" in result.message
    assert facts["versions_without_mlmodel"]  # the fake has no MLmodel for the legacy versions


def test_missing_model_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", model_names="prod_ml.models.nope,ghost-model")
    assert result.outcome is CheckOutcome.FAIL
    assert "prod_ml.models.nope does not exist" in result.message
    assert "ghost-model does not exist in the workspace registry" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/models/*", {"status": 403})
    assert run_check(CHECK, ws, model_names="prod_ml.models.churn").outcome is CheckOutcome.ERROR
