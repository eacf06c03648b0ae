from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "mlflow_experiment_tracking"


def test_active_experiment_with_runs_passes(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        experiment_paths="${experiment_paths}",
        variables={"experiment_paths": "/Shared/churn"},
    )
    assert result.outcome is CheckOutcome.PASS, result.message
    assert "churn-gbt-v13" in result.message
    assert result.link and result.link.endswith("/ml/experiments/3141592653589793")
    assert result.facts["experiments"]["/Shared/churn"]["lifecycle_stage"] == "active"


def test_deleted_experiment_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", experiment_paths="/Shared/churn")
    assert result.outcome is CheckOutcome.FAIL
    assert "/Shared/churn is deleted" in result.message


def test_missing_experiment_and_experiment_without_runs_fail(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", experiment_paths="/Shared/churn-retraining,/Shared/nope")
    assert result.outcome is CheckOutcome.FAIL
    assert "/Shared/churn-retraining has no runs" in result.message
    assert "/Shared/nope does not exist" in result.message


def test_permission_denied_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/mlflow/experiments/get-by-name", {"status": 403})
    result = run_check(CHECK, ws, experiment_paths="/Shared/churn")
    assert result.outcome is CheckOutcome.ERROR
    assert "CAN_READ on the experiments" in result.message
