"""Data quality metrics are tracked over time: each feature table has an ACTIVE, scheduled quality
monitor whose latest refresh succeeded (docs/checks.md#dv_quality_monitors_active). Reads Lakehouse Monitoring
(``quality_monitors``, deprecated) first for its refresh history, then the Data Quality Monitors
API."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="dv_quality_monitors_active",
    title="Quality monitors active and refreshing on feature tables",
    items=("dv-quality-metrics-tracked",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="owner of the catalog, or USE_CATALOG + USE_SCHEMA + SELECT on the tables",
    remediation=(
        "Create a data profiling (quality) monitor on each feature table with a schedule "
        "(Catalog Explorer > table > Quality), fix failed refreshes, and unpause paused schedules."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}/refreshes",
    ),
)


def latest_finished_refresh(ctx: CheckContext, monitor: resources.TableMonitor) -> str:
    """State of the newest *finished* refresh ("none" when none finished): a refresh still
    PENDING or RUNNING says nothing yet, so it is judged by the one before it."""
    for state, _started in resources.monitor_refresh_states(ctx, monitor):
        if state in resources.FINISHED_REFRESH_STATES:
            return state
    return "none"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    monitors: dict[str, dict[str, Any]] = {}
    problems: list[str] = [f"{n} does not exist" for n in missing]
    for name, m in resources.table_monitors(ctx, found).items():
        if m is None:
            monitors[name] = {"api": None}
            problems.append(f"{name} has no quality monitor")
            continue
        refresh = latest_finished_refresh(ctx, m)
        monitors[name] = {
            "api": m.api,
            "status": m.status,
            "schedule": m.schedule,
            "schedule_paused": m.schedule_paused,
            "latest_refresh": refresh,
        }
        if not m.active:
            problems.append(
                f"{name}'s monitor is {m.status or 'in an unknown state'}"
                + (f" ({m.failure})" if m.failure else "")
            )
        if not m.schedule:
            problems.append(f"{name}'s monitor has no schedule")
        elif m.schedule_paused:
            problems.append(f"{name}'s monitor schedule is paused")
        if refresh == "none":
            problems.append(f"{name}'s monitor has no finished refresh yet")
        elif refresh != "SUCCESS":
            problems.append(f"{name}'s latest finished refresh is {refresh}")
    facts = {"monitors": monitors, "missing_tables": missing}
    if failed := Result.failure("Quality monitoring", problems, link=link, **facts):
        return failed
    listed = ", ".join(
        f"{n} ({m['schedule']}" + f", last refresh {m['latest_refresh']})"
        for n, m in monitors.items()
    )
    return Result.passed(
        f"Quality monitors are active and scheduled: {listed}.",
        examined=list(monitors),
        link=link,
        **facts,
    )
