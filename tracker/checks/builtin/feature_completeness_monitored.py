"""Feature completeness (null rates per feature) is tracked by a profiling monitor on each feature
table (docs/checks.md#feature_completeness_monitored, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="feature_completeness_monitored",
    title="Feature completeness tracked by profiling monitors",
    items=("dqm-feature-completeness",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the feature tables",
    remediation=(
        "Create a profiling monitor (snapshot or time series) on each feature table: its profile "
        "metrics table holds null counts per column over time; put the completeness query on a "
        "dashboard with an alert."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/index.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist, so their completeness cannot be "
            "tracked.",
            link=link,
            missing=missing,
        )
    monitors: dict[str, Any] = {}
    profiled: list[str] = []
    unmonitored: list[str] = []
    inactive: list[str] = []
    for name, monitor in resources.table_monitors(ctx, found).items():
        if monitor is None:
            monitors[name] = None
            unmonitored.append(name)
            continue
        monitors[name] = {
            "status": monitor.status,
            "profile_metrics_table": monitor.profile_metrics_table,
            "scheduled": monitor.scheduled,
            "api": monitor.api,
        }
        if monitor.active and monitor.profile_metrics_table:
            profiled.append(f"{name} (-> {monitor.profile_metrics_table})")
        else:
            inactive.append(f"{name} ({monitor.status or 'unknown status'})")
    parts = []
    if profiled:
        parts.append(f"ACTIVE profiling monitors record null counts for {', '.join(profiled)}")
    if inactive:
        parts.append(f"monitors not active on {', '.join(inactive)}")
    if unmonitored:
        parts.append(
            f"no monitor on {', '.join(unmonitored)} (completeness must be tracked elsewhere)"
        )
    text = "; ".join(parts)
    return Result.review(
        text[:1].upper()
        + text[1:]
        + ". Confirm someone reviews the completeness trend (dashboard or alert).",
        link=link,
        monitors=monitors,
        unmonitored=unmonitored,
    )
