from __future__ import annotations

from collections.abc import Callable

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace

CHECK = "mlflow_kpi_metrics_logged"
PARAMS = {"experiment_paths": "/Shared/churn", "kpi_metric_names": "revenue_uplift,retention_rate"}


def test_latest_finished_run_logs_the_kpis(run_check: RunCheck) -> None:
    result = run_check(CHECK, "compliant", **PARAMS)
    assert result.outcome is CheckOutcome.PASS, result.message
    run = result.facts["runs"]["/Shared/churn"]
    assert run["latest_finished_run"] == "churn-gbt-v13" and run["missing_kpis"] == []


def test_latest_run_without_the_kpi_fails(run_check: RunCheck) -> None:
    result = run_check(CHECK, "non-compliant", **PARAMS)
    assert result.outcome is CheckOutcome.FAIL
    assert "churn-gbt-v13" in result.message and "revenue_uplift" in result.message
    assert result.facts["runs"]["/Shared/churn"]["missing_kpis"] == [
        "revenue_uplift",
        "retention_rate",
    ]


def test_no_finished_run_or_experiment_fails(run_check: RunCheck) -> None:
    result = run_check(
        CHECK,
        "compliant",
        experiment_paths="/Shared/churn-retraining,/Shared/nope",
        kpi_metric_names="revenue_uplift",
    )
    assert result.outcome is CheckOutcome.FAIL
    assert "no FINISHED run" in result.message and "/Shared/nope does not exist" in result.message


def test_search_failure_is_error(run_check: RunCheck, fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant")
    ws.set_fault("POST /api/2.0/mlflow/runs/search", {"status": 403})
    assert run_check(CHECK, ws, **PARAMS).outcome is CheckOutcome.ERROR
