"""Cost monitoring dashboards exist (docs/checks.md#cost_dashboards, PARTIAL)."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.context import note_unmatched
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="cost_dashboards",
    title="Cost monitoring dashboard exists",
    items=("ops-cost-dashboards",),
    params=(
        Param(
            "cost_dashboard_regex",
            "regex",
            "Pattern matching the cost dashboard names",
            required=False,
            default="(?i)cost",
        ),
    ),
    severity="medium",
    permission="CAN_READ on the dashboards",
    remediation=(
        "Create a cost dashboard over system.billing.usage (or import the account usage "
        "dashboard) and schedule it to the owners; add an account budget with alerts."
    ),
    docs="https://docs.databricks.com/en/admin/usage/usage-dashboards.html",
    kind="partial",
    resources=(
        "GET /api/2.0/lakeview/dashboards",
        "GET /api/2.0/lakeview/dashboards/{dashboard_id}/schedules",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    pattern: str = params["cost_dashboard_regex"]
    matches = [
        d
        for d in resources.lakeview_dashboards(ctx)
        if d.dashboard_id and re.search(pattern, d.display_name or "")
    ]
    if not matches:
        note_unmatched("cost_dashboard_regex", "0 dashboards")
        return Result.failed(
            f"No dashboard name matches {pattern} (account budgets are account-level and not "
            "checked here).",
            link=ctx.ui_link("/dashboards"),
            cost_dashboard_regex=pattern,
        )
    found: dict[str, Any] = {}
    for dash in matches:
        schedules = resources.dashboard_schedules(ctx, dash.dashboard_id or "")
        found[dash.display_name or dash.dashboard_id or "?"] = {
            "dashboard_id": dash.dashboard_id,
            "updated": dash.update_time,
            "schedules": [
                f"{s.display_name or s.schedule_id} "
                f"({s.pause_status.value if s.pause_status else 'UNPAUSED'})"
                for s in schedules
            ],
        }
    described = "; ".join(
        f"'{name}' ({', '.join(info['schedules']) or 'not scheduled'})"
        for name, info in found.items()
    )
    return Result.review(
        f"Cost dashboard(s): {described}. Confirm they show DBUs and cost per cluster or job "
        "over time and someone reads them.",
        link=ctx.ui_link(f"/dashboardsv3/{matches[0].dashboard_id}"),
        dashboards=found,
    )
