"""Data drift detection: an ACTIVE, scheduled monitor with a drift metrics table on every feature
table (docs/checks.md#feature_drift_monitor)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="feature_drift_monitor",
    title="Data drift monitors active and scheduled on the feature tables",
    items=("dqm-data-drift",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the feature tables",
    remediation=(
        "Create a monitor on each feature table (Catalog Explorer > Quality, or "
        "w.quality_monitors.create) with a refresh schedule and, ideally, a baseline table; fix "
        "or unpause monitors that are not ACTIVE."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/create-monitor-api.html",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def problem(monitor: resources.TableMonitor | None) -> str | None:
    """Why a monitor does not detect drift on a schedule (``None``: it does)."""
    if monitor is None:
        return "no monitor"
    if not monitor.active:
        return f"monitor {monitor.status or 'in an unknown state'}"
    if not monitor.drift_metrics_table:
        return "no drift metrics table"
    if not monitor.schedule:
        return "no refresh schedule"
    if monitor.schedule_paused:
        return "schedule paused"
    return None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    problems = [f"{n}: table does not exist" for n in missing]
    monitors: dict[str, Any] = {}
    without_baseline: list[str] = []
    for name, monitor in resources.table_monitors(ctx, found).items():
        monitors[name] = monitor.facts() if monitor is not None else None
        if monitor is not None and not monitor.baseline_table:
            without_baseline.append(name)
        why = problem(monitor)
        if why:
            problems.append(f"{name}: {why}")
    if failed := Result.failure(
        "Drift detection is not in place",
        problems,
        link=link,
        monitors=monitors,
        missing=missing,
    ):
        return failed
    note = (
        f" (no baseline table on {', '.join(without_baseline)}: drift is measured against the "
        "previous time window)"
        if without_baseline
        else ""
    )
    return Result.passed(
        f"ACTIVE scheduled monitors compute drift for {', '.join(found)}{note}.",
        examined=found,
        link=link,
        monitors=monitors,
    )
