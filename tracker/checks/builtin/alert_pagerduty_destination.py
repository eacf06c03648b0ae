"""A PagerDuty notification destination exists, when the team pages through PagerDuty
(docs/checks.md#alert_pagerduty_destination)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="alert_pagerduty_destination",
    title="PagerDuty notification destination configured",
    items=("alert-pagerduty",),
    params=(
        Param(
            "required",
            "bool",
            "Whether the team pages through PagerDuty (false: not applicable)",
            required=False,
            default=True,
        ),
    ),
    severity="medium",
    permission="workspace user (destinations are listed; admins create them)",
    remediation=(
        "Create a PagerDuty notification destination with the service's integration key and add "
        "it to the critical jobs' and alerts' notifications."
    ),
    docs="https://docs.databricks.com/en/admin/workspace-settings/notification-destinations.html",
    resources=("GET /api/2.0/notification-destinations",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    link = ctx.ui_link("/settings/workspace/notifications")
    if not params["required"]:
        return Result.skipped(
            "Not applicable: PagerDuty is not required (required=false).", link=link
        )
    destinations = resources.notification_destinations(ctx)
    pagerduty = [
        d.display_name or d.id or "?"
        for d in destinations
        if d.destination_type is not None and d.destination_type.value == "PAGERDUTY"
    ]
    if not pagerduty:
        return Result.failed(
            f"No PagerDuty notification destination among {len(destinations)} destination(s).",
            link=link,
            destinations=[d.display_name for d in destinations],
        )
    return Result.passed(
        f"PagerDuty notification destination(s): {', '.join(pagerduty)}.",
        examined=pagerduty,
        link=link,
        pagerduty=pagerduty,
    )
