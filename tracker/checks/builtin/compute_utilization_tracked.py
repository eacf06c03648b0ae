"""Compute utilization is tracked: the ``compute`` system schema is enabled and
``system.compute.node_timeline`` has CPU/memory rows to right-size from
(docs/checks.md#compute_utilization_trackedPARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="compute_utilization_tracked",
    title="Compute utilization recorded in system.compute.node_timeline",
    items=("ops-compute-utilization", "right-size-compute"),
    params=(
        Param("warehouse_id", "str", "SQL warehouse that reads the system table"),
        Param(
            "days",
            "int",
            "Look-back window in days (node_timeline keeps 30)",
            required=False,
            default=7,
        ),
    ),
    severity="medium",
    permission="metastore admin (system schemas), SELECT on system.compute, CAN USE on the warehouse",
    remediation=(
        "Enable the compute system schema (w.system_schemas.enable(metastore_id, 'compute')), "
        "grant SELECT on system.compute to the team, and review node_timeline utilization per "
        "cluster before resizing."
    ),
    docs="https://docs.databricks.com/en/admin/system-tables/compute.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/current-metastore-assignment",
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "POST /api/2.0/sql/statements",
    ),
)


STATEMENT = """\
SELECT cluster_id,
       round(avg(cpu_user_percent + cpu_system_percent), 1) AS avg_cpu_pct,
       round(avg(mem_used_percent), 1) AS avg_mem_pct,
       round(max(cpu_user_percent + cpu_system_percent), 1) AS max_cpu_pct,
       count(*) AS rows_seen
FROM system.compute.node_timeline
WHERE start_time >= current_timestamp() - make_interval(0, 0, 0, CAST(:days AS INT), 0, 0, 0)
GROUP BY cluster_id
ORDER BY avg_cpu_pct DESC
LIMIT 50"""


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    warehouse: str = params["warehouse_id"]
    days: int = params["days"]
    from databricks.sdk.errors import PermissionDenied

    link = ctx.ui_link("/explore/data/system/compute")
    try:
        state: str | None = resources.metastore_system_schemas(ctx).get("compute")
    except PermissionDenied:  # listing system schemas needs a metastore admin; the query tells
        state = "unknown (listing system schemas needs a metastore admin)"
    if state is None or (
        state not in resources.SYSTEM_SCHEMA_ENABLED and not state.startswith("unknown")
    ):
        return Result.failed(
            f"The compute system schema is {state or 'not listed'}, not enabled: node_timeline "
            "utilization is not recorded.",
            link=link,
            compute_schema=state,
        )
    outcome = resources.run_statement(ctx, STATEMENT, warehouse, {"days": days})
    if not outcome.succeeded:
        return Result.error(
            outcome.failure("SQL on system.compute.node_timeline"),
            link=resources.warehouse_link(ctx, warehouse),
            compute_schema=state,
        )
    clusters = outcome.records()
    if not clusters:
        return Result.failed(
            f"system.compute.node_timeline has no rows in the last {days} days: no utilization "
            "is recorded for any cluster.",
            link=link,
            compute_schema=state,
            days=days,
        )
    top = ", ".join(
        f"{c.get('cluster_id')} avg CPU {c.get('avg_cpu_pct')}% / mem {c.get('avg_mem_pct')}%"
        for c in clusters[:5]
    )
    return Result.review(
        f"Utilization of {len(clusters)} cluster(s) over {days} days is recorded ({top}). Confirm "
        "someone reviews it and right-sizes the clusters.",
        link=link,
        compute_schema=state,
        days=days,
        clusters=clusters[:20],
    )
