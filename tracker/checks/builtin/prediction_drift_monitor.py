"""Prediction drift detection: an ACTIVE, scheduled inference-log monitor on each inference
table (docs/checks.md#prediction_drift_monitor)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import INFERENCE_TABLES

META = CheckMeta(
    id="prediction_drift_monitor",
    title="Prediction drift monitors (inference log) active and scheduled",
    items=("mpm-prediction-drift",),
    params=(INFERENCE_TABLES,),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the inference tables",
    remediation=(
        "Create an InferenceLog monitor on each inference table (problem type, prediction, "
        "model id and timestamp columns) with a refresh schedule, and alert on its drift metrics."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/create-monitor-api.html",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["inference_tables"]
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    problems = [f"{n}: table does not exist" for n in missing]
    monitors: dict[str, Any] = {}
    for name, monitor in resources.table_monitors(ctx, found).items():
        monitors[name] = monitor.facts() if monitor is not None else None
        if monitor is None:
            problems.append(f"{name}: no monitor")
        elif not monitor.inference_log:
            problems.append(f"{name}: monitor is not an inference-log monitor")
        elif not monitor.active:
            problems.append(f"{name}: monitor {monitor.status or 'in an unknown state'}")
        elif not monitor.scheduled:
            problems.append(
                f"{name}: {'schedule paused' if monitor.schedule else 'no refresh schedule'}"
            )
    if failed := Result.failure(
        "Prediction drift is not monitored",
        problems,
        link=link,
        monitors=monitors,
        missing=missing,
    ):
        return failed
    described = ", ".join(
        f"{n} (prediction column {(m or {}).get('inference_log', {}).get('prediction_col')})"
        for n, m in monitors.items()
    )
    return Result.passed(
        f"ACTIVE scheduled inference-log monitors track prediction drift on {described}.",
        examined=list(monitors),
        link=link,
        monitors=monitors,
    )
