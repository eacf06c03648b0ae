"""The latest finished training run logs the business KPI metrics (docs/checks.md#mlflow_kpi_metrics_logged)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import EXPERIMENT_PATHS

META = CheckMeta(
    id="mlflow_kpi_metrics_logged",
    title="Business KPI metrics logged to MLflow",
    items=("mlflow-business-kpi-metrics",),
    params=(
        EXPERIMENT_PATHS,
        Param("kpi_metric_names", "list", "Business KPI metric names every training run must log"),
    ),
    severity="medium",
    permission="CAN_READ on the experiments",
    remediation=(
        "Log the business KPIs next to the ML metrics in every training/evaluation run "
        "(mlflow.log_metric('revenue_uplift', value))."
    ),
    docs="https://docs.databricks.com/en/mlflow/tracking.html",
    resources=("GET /api/2.0/mlflow/experiments/get-by-name", "POST /api/2.0/mlflow/runs/search"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    paths: list[str] = params["experiment_paths"]
    kpis: list[str] = params["kpi_metric_names"]
    if not kpis:
        return Result.error("Bad parameter: kpi_metric_names is empty")
    runs: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    first_id: str | None = None
    for path in paths:
        exp = resources.if_exists(resources.experiment_by_name, ctx, path)
        if exp is None or not exp.experiment_id:
            runs[path] = {"exists": False}
            problems.append(f"experiment {path} does not exist")
            continue
        first_id = first_id or exp.experiment_id
        latest = resources.latest_run(ctx, exp.experiment_id, finished_only=True)
        if latest is None or latest.info is None:
            runs[path] = {"exists": True, "latest_finished_run": None}
            problems.append(f"{path} has no FINISHED run")
            continue
        logged = sorted(
            {m.key for m in (latest.data.metrics if latest.data else None) or [] if m.key}
        )
        missing = [k for k in kpis if k not in logged]
        name = latest.info.run_name or latest.info.run_id
        runs[path] = {
            "exists": True,
            "latest_finished_run": name,
            "run_id": latest.info.run_id,
            "metrics": logged,
            "missing_kpis": missing,
        }
        if missing:
            problems.append(
                f"latest finished run {name} of {path} does not log {', '.join(missing)}"
            )
    link = resources.experiment_link(ctx, first_id if len(paths) == 1 else None)
    facts = {"kpi_metric_names": kpis, "runs": runs}
    return Result.from_problems(
        problems,
        failure="Business KPI metrics",
        success=f"The latest finished run of {', '.join(paths)} logs the KPI metric(s) {', '.join(kpis)}.",
        examined=paths,
        link=link,
        **facts,
    )
