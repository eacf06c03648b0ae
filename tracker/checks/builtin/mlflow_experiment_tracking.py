"""Production training runs are tracked in MLflow experiments (docs/checks.md#mlflow_experiment_tracking)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import EXPERIMENT_PATHS

META = CheckMeta(
    id="mlflow_experiment_tracking",
    title="MLflow experiment tracking configured",
    items=("mlflow-experiment-tracking",),
    params=(EXPERIMENT_PATHS,),
    severity="high",
    permission="CAN_READ on the experiments",
    remediation=(
        "Create the experiment in a shared folder (mlflow.set_experiment('/Shared/<model>')) and "
        "log every training run to it (mlflow.autolog() or mlflow.start_run())."
    ),
    docs="https://docs.databricks.com/en/mlflow/experiments.html",
    resources=("GET /api/2.0/mlflow/experiments/get-by-name", "POST /api/2.0/mlflow/runs/search"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    paths: list[str] = params["experiment_paths"]
    experiments: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    first_id: str | None = None
    for path in paths:
        exp = resources.if_exists(resources.experiment_by_name, ctx, path)
        if exp is None or not exp.experiment_id:
            experiments[path] = {"exists": False}
            problems.append(f"{path} does not exist")
            continue
        first_id = first_id or exp.experiment_id
        stage = exp.lifecycle_stage or "unknown"
        latest = resources.latest_run(ctx, exp.experiment_id)
        info = latest.info if latest is not None else None
        experiments[path] = {
            "exists": True,
            "experiment_id": exp.experiment_id,
            "lifecycle_stage": stage,
            "latest_run": (info.run_name or info.run_id) if info else None,
            "latest_run_start_ms": info.start_time if info else None,
        }
        if stage != "active":
            problems.append(f"{path} is {stage}")
        elif latest is None:
            problems.append(f"{path} has no runs")
    link = resources.experiment_link(ctx, first_id if len(paths) == 1 else None)
    facts = {"experiments": experiments}
    if failed := Result.failure("MLflow experiment tracking", problems, link=link, **facts):
        return failed
    runs = ", ".join(f"{p} (latest run {experiments[p]['latest_run']})" for p in paths)
    return Result.passed(
        f"MLflow experiments are active and have runs: {runs}.", examined=paths, link=link, **facts
    )
