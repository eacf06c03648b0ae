"""Serving endpoints can split traffic between champion and challenger (docs/checks.md#serving_traffic_split;
evidence only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_traffic_split",
    title="A/B traffic split on the serving endpoint",
    items=("mv-ab-testing",),
    params=(ENDPOINT_NAMES,),
    severity="low",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Serve champion and challenger from the same endpoint with a traffic split "
        "(traffic_config.routes, e.g. 90/10) and compare their outcomes from the inference table."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/serve-multiple-models-to-serving-endpoint.html",
    kind="partial",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    splits: dict[str, Any] = {}
    missing: list[str] = []
    for name in names:
        ep = resources.if_exists(resources.serving_endpoint, ctx, name)
        if ep is None:
            splits[name] = None
            missing.append(name)
            continue
        routes = (
            ep.config.traffic_config.routes if ep.config and ep.config.traffic_config else None
        ) or []
        splits[name] = {
            (r.served_entity_name or r.served_model_name or "?"): r.traffic_percentage
            for r in routes
        }
    link = resources.endpoints_link(ctx, names)
    facts = {"traffic": splits}
    if missing:
        return Result.failed(
            f"Serving endpoint(s) {', '.join(missing)} do not exist.", link=link, **facts
        )

    def describe(name: str) -> str:
        live = {k: v for k, v in splits[name].items() if v}
        if len(live) >= 2:
            return f"{name} splits traffic " + "/".join(f"{k} {v}%" for k, v in live.items())
        return f"{name} sends all traffic to one served entity (no split now)"

    return Result.review(
        "; ".join(describe(n) for n in names)
        + "; confirm the A/B framework measures each variant's "
        "outcome before full rollout.",
        link=link,
        **facts,
    )
