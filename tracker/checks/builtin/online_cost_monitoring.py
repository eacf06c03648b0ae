"""Cost of the online serving stack is visible: billing system tables (workspace) and budgets
(account console) (docs/checks.md#online_cost_monitoring; evidence only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="online_cost_monitoring",
    title="Cost monitoring enabled (billing system tables, budgets)",
    items=("online-cost-monitoring",),
    params=(
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse to read system.billing.usage (usage facts when set)",
            required=False,
        ),
    ),
    severity="medium",
    permission="metastore admin (system schemas); CAN USE on the warehouse and SELECT on system.billing",
    remediation=(
        "Enable the billing system schema, build a cost dashboard on system.billing.usage, and create "
        "an account budget with an alert covering the workspace (account console > Usage > Budgets)."
    ),
    docs="https://docs.databricks.com/en/admin/usage/budgets.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/current-metastore-assignment",
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "POST /api/2.0/sql/statements",
    ),
)

USAGE_SQL = (
    "SELECT sku_name, sum(usage_quantity) AS dbus FROM system.billing.usage "
    "WHERE usage_date >= current_date() - INTERVAL 30 DAYS GROUP BY sku_name ORDER BY dbus DESC"
)
BUDGET_NOTE = (
    "budgets live in the account console, which this workspace-level check cannot read: confirm a "
    "budget with an alert covers the online store and serving cost"
)


def _usage(ctx: CheckContext, warehouse: str) -> dict[str, float] | Result:
    outcome = resources.run_statement(ctx, USAGE_SQL, warehouse)
    if not outcome.succeeded:
        return Result.error(
            f"Billing usage query on {warehouse} {outcome.state}: {outcome.error or 'no details'}",
            link=resources.warehouse_link(ctx, warehouse),
            statement_id=outcome.statement_id,
        )
    cols = [c.lower() for c in outcome.columns]
    sku_i = cols.index("sku_name") if "sku_name" in cols else 0
    dbu_i = cols.index("dbus") if "dbus" in cols else len(cols) - 1
    totals: dict[str, float] = {}
    for row in outcome.rows:
        try:
            totals[str(row[sku_i])] = totals.get(str(row[sku_i]), 0.0) + float(row[dbu_i])
        except (TypeError, ValueError, IndexError):
            continue
    return {k: round(v, 2) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    warehouse: str | None = params.get("warehouse_id")
    billing = resources.metastore_system_schemas(ctx).get("billing")
    enabled = billing in resources.SYSTEM_SCHEMA_ENABLED
    facts: dict[str, Any] = {"billing_system_schema": billing or "NOT_LISTED"}
    link = ctx.ui_link("/explore/data/system/billing")
    if enabled and warehouse:
        usage = _usage(ctx, warehouse)
        if isinstance(usage, Result):
            return usage
        facts["dbus_last_30_days_by_sku"] = usage
        total = sum(usage.values())
        return Result.review(
            f"The billing system schema is enabled and system.billing.usage shows {total:g} DBUs over "
            f"{len(usage)} SKUs in 30 days; {BUDGET_NOTE}.",
            link=link,
            **facts,
        )
    if enabled:
        return Result.review(
            f"The billing system schema is enabled; {BUDGET_NOTE}.", link=link, **facts
        )
    return Result.review(
        f"The billing system schema is {billing or 'not listed'} (not enabled), so cost is not "
        f"queryable in system.billing.usage; {BUDGET_NOTE}.",
        link=link,
        **facts,
    )
