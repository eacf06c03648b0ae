"""Evidence for 'data lineage documented' on the generated tables: their upstream sources in
``system.access.table_lineage`` (docs/checks.md#synth_lineage). The documentation itself is a person's."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import GENERATED_TABLES

META = CheckMeta(
    id="synth_lineage",
    title="Lineage of generated tables (documentation reviewed by a person)",
    items=("synth-lineage-documented",),
    params=(
        GENERATED_TABLES,
        Param("warehouse_id", "str", "SQL warehouse that queries system.access.table_lineage"),
        Param("days", "int", "Look-back window in days", required=False, default=365),
    ),
    severity="low",
    permission="CAN USE on the SQL warehouse and SELECT on system.access.table_lineage",
    remediation=(
        "Document which sources and generator jobs produce each table (table comment or the "
        "project docs); the Lineage tab in Catalog Explorer shows what Unity Catalog captured."
    ),
    docs="https://docs.databricks.com/en/data-governance/unity-catalog/data-lineage.html",
    kind="partial",
    resources=("POST /api/2.0/sql/statements",),
)

LINEAGE_BY_TABLE_SQL = (
    "SELECT target_table_full_name AS table_name, count(*) AS events, "
    "count(DISTINCT source_table_full_name) AS sources, max(event_time) AS last_seen "
    "FROM system.access.table_lineage "
    "WHERE array_contains(split(lower(:tables), ','), lower(target_table_full_name)) "
    "AND event_date >= date_sub(current_date(), CAST(:days AS INT)) "
    "GROUP BY target_table_full_name"
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["tables"]
    warehouse: str = params["warehouse_id"]
    days: int = params["days"]
    link = resources.explore_link(ctx, names)
    outcome = resources.run_statement(
        ctx, LINEAGE_BY_TABLE_SQL, warehouse, {"tables": ",".join(names), "days": days}
    )
    if not outcome.succeeded:
        return Result.error(
            outcome.failure(f"Lineage query on warehouse {warehouse}"),
            link=link,
        )
    columns = [c.lower() for c in outcome.columns]

    def cell(row: list[Any], column: str) -> Any:
        return row[columns.index(column)] if column in columns else None

    lineage: dict[str, dict[str, Any]] = {}
    for row in outcome.rows:
        table = str(cell(row, "table_name") or "")
        if table:
            lineage[table.lower()] = {
                "events": cell(row, "events"),
                "sources": cell(row, "sources"),
                "last_seen": cell(row, "last_seen"),
            }
    by_name = {n: lineage.get(n.lower()) for n in names}
    without = [n for n, v in by_name.items() if v is None]
    facts = {"lineage": by_name, "without_lineage": without, "days": days}
    seen = "; ".join(
        f"{n}: {v['sources']} upstream source(s), last {v['last_seen']}"
        for n, v in by_name.items()
        if v
    )
    if without:
        head = f"No lineage captured in {days} days for {', '.join(without)}" + (
            f"; {seen}" if seen else ""
        )
    else:
        head = f"Lineage captured for every generated table: {seen}"
    return Result.review(
        head + ". Confirm the sources and generators of each table are documented.",
        link=link,
        **facts,
    )
