"""The production serving endpoints exist and are READY (docs/checks.md#serving_endpoint_ready)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_endpoint_ready",
    title="Model serving endpoint created and ready",
    items=("serving-endpoint-created",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Create the endpoint (bundle resource model_serving_endpoints or the Serving UI) and fix "
        "the failed config update shown on its page until it is READY."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/create-manage-serving-endpoints.html",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    states: dict[str, str] = {}
    problems: list[str] = []
    found, _ = resources.endpoints_found(ctx, names)
    for name in names:
        ep = found.get(name)
        if ep is None:
            states[name] = "MISSING"
            problems.append(f"{name} does not exist")
            continue
        ready = ep.state.ready.value if ep.state and ep.state.ready else None
        update = ep.state.config_update.value if ep.state and ep.state.config_update else None
        states[name] = f"{ready or 'UNKNOWN'}/{update or 'UNKNOWN'}"
        if ready != "READY":
            problems.append(f"{name} is {ready or 'in an unknown state'}")
        elif update == "UPDATE_FAILED":
            problems.append(f"{name}'s last config update failed")
    link = resources.endpoints_link(ctx, names)
    facts = {"endpoints": states}
    return Result.from_problems(
        problems,
        failure="Serving endpoint(s) not ready",
        success=f"Serving endpoint(s) {', '.join(names)} READY.",
        examined=names,
        link=link,
        **facts,
    )
