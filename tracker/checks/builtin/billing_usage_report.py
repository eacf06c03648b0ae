"""Cost consumption: DBUs per day and SKU from ``system.billing.usage`` for a review
(docs/checks.md#billing_usage_reportPARTIAL: report only)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="billing_usage_report",
    title="Cost consumption report from system.billing.usage",
    items=("review-cost-consumption", "analyze-cost-trends"),
    params=(
        Param("warehouse_id", "str", "SQL warehouse that reads the system table"),
        Param(
            "days",
            "int",
            "Look-back window in days (7 for week 1, 30-90 for trends)",
            required=False,
            default=7,
        ),
    ),
    severity="low",
    permission="SELECT on system.billing.usage and CAN USE on the warehouse",
    remediation=(
        "Enable the billing system schema and grant SELECT on system.billing to the owners; "
        "compare the consumption with the estimate and act on growth."
    ),
    docs="https://docs.databricks.com/en/admin/system-tables/billing.html",
    kind="partial",
    resources=("POST /api/2.0/sql/statements",),
)

STATEMENT = """\
SELECT usage_date, sku_name, sum(usage_quantity) AS dbus
FROM system.billing.usage
WHERE usage_date >= date_sub(current_date(), CAST(:days AS INT))
GROUP BY ALL
ORDER BY usage_date"""


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    warehouse: str = params["warehouse_id"]
    days: int = params["days"]
    link = ctx.ui_link("/explore/data/system/billing/usage")
    outcome = resources.run_statement(ctx, STATEMENT, warehouse, {"days": days})
    if not outcome.succeeded:
        return Result.error(
            outcome.failure("SQL on system.billing.usage"),
            link=resources.warehouse_link(ctx, warehouse),
            days=days,
        )
    rows = outcome.records()
    by_sku: dict[str, float] = defaultdict(float)
    by_day: dict[str, float] = defaultdict(float)
    for row in rows:
        by_sku[str(row.get("sku_name"))] += _number(row.get("dbus"))
        by_day[str(row.get("usage_date"))] += _number(row.get("dbus"))
    total = round(sum(by_sku.values()), 2)
    top = sorted(by_sku.items(), key=lambda kv: kv[1], reverse=True)
    facts = {
        "days": days,
        "total_dbus": total,
        "dbus_by_sku": {k: round(v, 2) for k, v in top},
        "dbus_by_day": {k: round(v, 2) for k, v in sorted(by_day.items())},
    }
    if not rows:
        return Result.review(
            f"system.billing.usage has no usage in the last {days} days: check that the billing "
            "schema is enabled and the workspace is in scope.",
            link=link,
            **facts,
        )
    top_text = ", ".join(f"{k} {v:.1f}" for k, v in top[:3])
    return Result.review(
        f"{total:.1f} DBUs over the last {days} days on {len(by_day)} day(s) (top SKUs: {top_text}). "
        "Compare with the estimate and explain growth.",
        link=link,
        **facts,
    )
