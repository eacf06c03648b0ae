"""Served models report ready and endpoint update failures notify the team (docs/checks.md#serving_deployment_health;
external probes are manual)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_deployment_health",
    title="Serving health checks configured (deployments ready, failure notifications)",
    items=("serving-health-checks",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Fix served entities that are not DEPLOYMENT_READY, add email_notifications.on_update_failure "
        "to the endpoint, and run an external probe against it."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/monitor-diagnose-endpoints.html",
    kind="partial",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    endpoints: dict[str, Any] = {}
    problems: list[str] = []
    found, _ = resources.endpoints_found(ctx, names)
    for name in names:
        ep = found.get(name)
        if ep is None:
            endpoints[name] = None
            problems.append(f"{name} does not exist")
            continue
        served = resources.served_entities(ep)
        deployments: dict[str, str] = {}
        for entity in served:
            state = (
                entity.state.deployment.value
                if entity.state and entity.state.deployment
                else "UNKNOWN"
            )
            deployments[entity.name or "?"] = state
            if state != "DEPLOYMENT_READY":
                message = entity.state.deployment_state_message if entity.state else None
                problems.append(
                    f"{name}/{entity.name} is {state}" + (f" ({message})" if message else "")
                )
        if not served:
            problems.append(f"{name} serves no model")
        notify = list(
            (ep.email_notifications.on_update_failure if ep.email_notifications else None) or []
        )
        endpoints[name] = {"deployments": deployments, "on_update_failure": notify}
        if not notify:
            problems.append(f"{name} notifies no one when an update fails")
    link = resources.endpoints_link(ctx, names)
    facts = {"endpoints": endpoints}
    if failed := Result.failure("Serving health", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{n}: {len(e['deployments'])} served entities DEPLOYMENT_READY, update failures e-mail "
        f"{', '.join(e['on_update_failure'])}"
        for n, e in endpoints.items()
    )
    return Result.review(
        f"{summary}; confirm an external probe calls the endpoint regularly.", link=link, **facts
    )
