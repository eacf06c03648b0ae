from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "mlflow_registry_aliases"


def test_uc_model_with_aliases_passes(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", model_names="prod_ml.models.churn")
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "champion=v12" in result.message and "challenger=v13" in result.message
    assert result.link and result.link.endswith("/explore/data/models/prod_ml/models/churn")


def test_model_without_aliases_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", model_names="prod_ml.models.churn")
    assert result.outcome is CheckOutcome.FAIL
    assert "no alias champion, challenger" in result.message


def test_missing_model_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", model_names="prod_ml.models.nope")
    assert (
        result.outcome is CheckOutcome.FAIL
        and "prod_ml.models.nope does not exist" in result.message
    )


def test_legacy_registry_stages(run_check: RunCheck) -> None:
    ok = run_check(CHECK, "compliant", model_names="churn-legacy")
    assert ok.outcome is CheckOutcome.PASS, ok.message
    assert ok.facts["models"]["churn-legacy"]["stages"] == {"Staging": "5", "Production": "4"}
    missing = run_check(CHECK, "non-compliant", model_names="churn-legacy")
    assert missing.outcome is CheckOutcome.FAIL and "no version in stage Staging" in missing.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.1/unity-catalog/models/*", {"status": 403})
    result = run_check(CHECK, ws, model_names="prod_ml.models.churn")
    assert result.outcome is CheckOutcome.ERROR and "EXECUTE on the model" in result.message
