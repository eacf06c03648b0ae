"""A Slack notification destination exists (docs/checks.md#alert_slack_destination)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result

META = CheckMeta(
    id="alert_slack_destination",
    title="Slack notification destination configured",
    items=("alert-slack",),
    params=(),
    severity="medium",
    permission="workspace user (destinations are listed; admins create them)",
    remediation=(
        "Create a Slack notification destination (Settings > Notifications > Notification "
        "destinations) and use it in the production jobs' and alerts' notifications."
    ),
    docs="https://docs.databricks.com/en/admin/workspace-settings/notification-destinations.html",
    resources=("GET /api/2.0/notification-destinations",),
)

SLACK_TYPES = frozenset({"SLACK", "DATABRICKS_APP_SLACK"})


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    destinations = resources.notification_destinations(ctx)
    types = {
        d.display_name or d.id or "?": (d.destination_type.value if d.destination_type else None)
        for d in destinations
    }
    slack = [name for name, kind in types.items() if kind in SLACK_TYPES]
    link = ctx.ui_link("/settings/workspace/notifications")
    if not slack:
        kinds = sorted({k or "unknown" for k in types.values()})
        return Result.failed(
            f"No Slack notification destination among {len(types)} destination(s)"
            f"{' (' + ', '.join(kinds) + ')' if kinds else ''}.",
            link=link,
            destinations=types,
        )
    return Result.passed(
        f"Slack notification destination(s): {', '.join(slack)}.",
        examined=slack,
        link=link,
        destinations=types,
        slack=slack,
    )
