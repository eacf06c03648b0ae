"""Serving endpoint health is monitored: state, update-failure notifications and SQL alerts on
the endpoint's inference table (docs/checks.md#serving_endpoint_health, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.builtin.serving_prediction_logging import inference_tables
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_endpoint_health",
    title="Serving endpoint health monitored (notifications, alerts)",
    items=("ops-endpoint-health",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints and the SQL alerts",
    remediation=(
        "Add on-update-failure e-mail notifications to the endpoint, and SQL alerts on its "
        "inference table (error rate, latency), or export its metrics to your monitoring tool."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/monitor-diagnose-endpoints.html",
    kind="partial",
    resources=("GET /api/2.0/serving-endpoints/{name}", "GET /api/2.0/alerts"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors.base import DatabricksError

    names: list[str] = params["endpoint_names"]
    link = resources.endpoints_link(ctx, names)
    try:
        alert_list = resources.alerts(ctx)
    except DatabricksError as exc:
        if not resources.unavailable(exc):
            raise
        alert_list = None
    endpoints: dict[str, Any] = {}
    lines: list[str] = []
    found, missing = resources.endpoints_found(ctx, names)
    for name, ep in found.items():
        ready = ep.state.ready.value if ep.state and ep.state.ready else "UNKNOWN"
        update = ep.state.config_update.value if ep.state and ep.state.config_update else "UNKNOWN"
        emails = (
            list(ep.email_notifications.on_update_failure or []) if ep.email_notifications else []
        )
        needles = [name] + [t.split(".")[-1] for t, _ in inference_tables(ep)]
        watching = sorted(
            a.display_name or a.id or "?"
            for a in alert_list or []
            if any(resources.mentions(f"{a.display_name} {a.query_text}", n) for n in needles)
        )
        endpoints[name] = {
            "state": f"{ready}/{update}",
            "on_update_failure": emails,
            "alerts": watching if alert_list is not None else "alerts API unavailable",
        }
        alerts_text = (
            "alerts API unavailable"
            if alert_list is None
            else (
                f"SQL alerts {', '.join(repr(a) for a in watching)}" if watching else "no SQL alert"
            )
        )
        lines.append(
            f"{name} is {ready}/{update}, update failures notify "
            f"{', '.join(emails) or 'nobody'}, {alerts_text}"
        )
    if missing:
        return Result.failed(
            f"Serving endpoint(s) {', '.join(missing)} do not exist.",
            link=link,
            endpoints=endpoints,
        )
    return Result.review(
        "; ".join(lines) + ". Confirm error rate and latency are on a dashboard with alerts.",
        link=link,
        endpoints=endpoints,
    )
