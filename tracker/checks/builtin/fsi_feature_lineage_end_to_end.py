"""Lineage covers both hops, raw tables -> feature tables -> models (docs/checks.md#fsi_feature_lineage_end_to_end;
evidence only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.builtin.fsi_feature_model_lineage import models_using_table
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="fsi_feature_lineage_end_to_end",
    title="Feature lineage tracked from raw data to model",
    items=("fsi-feature-lineage",),
    params=(
        Param("feature_tables", "list", "Feature tables, full three-part names"),
        Param("warehouse_id", "str", "SQL warehouse that reads system.access.table_lineage"),
    ),
    severity="medium",
    permission="CAN USE on the warehouse, SELECT on system.access.table_lineage, SELECT on the feature tables",
    remediation=(
        "Write feature tables from Unity Catalog tables with Databricks compute (lineage is captured "
        "automatically; enable the system.access schema) and log models with fe.log_model."
    ),
    docs="https://docs.databricks.com/en/data-governance/unity-catalog/data-lineage.html",
    kind="partial",
    resources=(
        "POST /api/2.0/sql/statements",
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.0/feature-store/feature-tables/{table_name}/features/{feature_name}/lineage",
    ),
)

UPSTREAM_SQL = (
    "SELECT count(*) AS n FROM system.access.table_lineage "
    "WHERE lower(target_table_full_name) = lower(:table) AND source_table_full_name IS NOT NULL "
    "AND lower(source_table_full_name) <> lower(:table) "
    "AND event_date >= current_date() - INTERVAL 365 DAYS"
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    tables: list[str] = params["feature_tables"]
    warehouse: str = params["warehouse_id"]
    hops: dict[str, Any] = {}
    problems: list[str] = []
    for name in tables:
        downstream = resources.if_exists(models_using_table, ctx, name)
        if downstream is None:
            hops[name] = None
            problems.append(f"feature table {name} does not exist")
            continue
        outcome = resources.run_statement(ctx, UPSTREAM_SQL, warehouse, {"table": name})
        if not outcome.succeeded:
            return Result.error(
                f"Lineage query on {warehouse} {outcome.state}: {outcome.error or 'no details'}",
                link=resources.warehouse_link(ctx, warehouse),
                statement_id=outcome.statement_id,
            )
        try:
            upstream = outcome.scalar_int()
        except (TypeError, ValueError):
            upstream = 0
        hops[name] = {"upstream_lineage_rows": upstream, "models": downstream["models"]}
        if upstream == 0:
            problems.append(f"no raw -> {name} lineage in system.access.table_lineage (365 days)")
        if not downstream["models"]:
            problems.append(f"no {name} -> model lineage")
    link = resources.explore_link(ctx, tables)
    facts = {"lineage": hops}
    if failed := Result.failure("Feature lineage", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{t}: {h['upstream_lineage_rows']} upstream lineage rows, used by {', '.join(h['models'])}"
        for t, h in hops.items()
    )
    return Result.review(
        f"Lineage covers raw -> features -> models ({summary}); confirm in Catalog Explorer that the "
        "upstream tables are the expected raw sources.",
        link=link,
        **facts,
    )
