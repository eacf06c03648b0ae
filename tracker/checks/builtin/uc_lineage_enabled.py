"""Lineage is captured for the production catalog: the ``access`` system schema is enabled and
``system.access.table_lineage`` has recent rows for the catalog (docs/checks.md#uc_lineage_enabled)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import CATALOG

META = CheckMeta(
    id="uc_lineage_enabled",
    title="Data lineage captured for the production catalog",
    items=("uc-data-lineage",),
    params=(
        CATALOG,
        Param("warehouse_id", "str", "SQL warehouse that queries system.access.table_lineage"),
        Param(
            "days", "int", "Look-back window for lineage rows, in days", required=False, default=30
        ),
    ),
    severity="medium",
    permission=(
        "CAN USE on the SQL warehouse and SELECT on system.access.table_lineage "
        "(metastore admin for the system-schema state)"
    ),
    remediation=(
        "Enable the access system schema (databricks system-schemas enable <metastore-id> access) "
        "and grant SELECT on system.access to the team; lineage is captured for every Unity "
        "Catalog read and write from then on."
    ),
    docs="https://docs.databricks.com/en/data-governance/unity-catalog/data-lineage.html",
    resources=(
        "GET /api/2.1/unity-catalog/current-metastore-assignment",
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "POST /api/2.0/sql/statements",
    ),
)


LINEAGE_SQL = (
    "SELECT count(*) AS n FROM system.access.table_lineage "
    "WHERE lower(target_table_catalog) = lower(:catalog) "  # names are case-insensitive
    "AND event_date >= date_sub(current_date(), CAST(:days AS INT))"
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors import PermissionDenied

    catalog: str = params["catalog"]
    warehouse: str = params["warehouse_id"]
    days: int = params["days"]
    link = ctx.ui_link(f"/explore/data/{catalog}")
    try:
        state: str | None = resources.metastore_system_schemas(ctx).get("access")
        state_note = state or "not listed"
    except PermissionDenied:  # not a metastore admin: the query below still tells
        state, state_note = None, "unknown (needs metastore admin)"
    facts: dict[str, Any] = {"catalog": catalog, "access_schema_state": state_note, "days": days}
    if state is not None and state not in resources.SYSTEM_SCHEMA_ENABLED:
        return Result.failed(
            f"The access system schema is {state}, not enabled: system.access.table_lineage "
            "cannot be queried.",
            link=link,
            **facts,
        )
    outcome = resources.run_statement(
        ctx, LINEAGE_SQL, warehouse, {"catalog": catalog, "days": days}
    )
    facts["statement_id"] = outcome.statement_id
    if not outcome.succeeded:
        return Result.error(
            outcome.failure(f"Lineage query on warehouse {warehouse}"),
            link=link,
            **facts,
        )
    try:
        rows = outcome.scalar_int()
    except (TypeError, ValueError):
        return Result.error(
            f"Lineage query returned {outcome.rows[:1]!r}, not a count.", link=link, **facts
        )
    facts["lineage_rows"] = rows
    if rows <= 0:
        return Result.failed(
            f"No lineage recorded for tables of catalog {catalog} in the last {days} days "
            f"(access system schema: {state_note}).",
            link=link,
            **facts,
        )
    return Result.passed(
        f"Lineage is captured for catalog {catalog}: {rows} lineage row(s) in the last {days} days "
        f"(access system schema: {state_note}).",
        examined=[catalog],
        link=link,
        **facts,
    )
