"""Serving endpoints have AI Gateway rate limits (docs/checks.md#serving_rate_limits)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_rate_limits",
    title="Rate limiting configured on serving endpoints",
    items=("serving-rate-limiting",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Add AI Gateway rate limits to the endpoint (Serving UI > Edit AI Gateway, or "
        "ai_gateway.rate_limits: [{calls: 6000, key: endpoint, renewal_period: minute}] in the bundle)."
    ),
    docs="https://docs.databricks.com/en/ai-gateway/configure-ai-gateway-endpoints.html",
    resources=("GET /api/2.0/serving-endpoints/{name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["endpoint_names"]
    limits: dict[str, Any] = {}
    problems: list[str] = []
    for name in names:
        ep = resources.if_exists(resources.serving_endpoint, ctx, name)
        if ep is None:
            limits[name] = None
            problems.append(f"{name} does not exist")
            continue
        rules = []
        for rl in (ep.ai_gateway.rate_limits if ep.ai_gateway else None) or []:
            if (rl.calls or 0) > 0 or (rl.tokens or 0) > 0:
                amount = f"{rl.calls} calls" if rl.calls else f"{rl.tokens} tokens"
                key = getattr(rl.key, "value", rl.key) or "endpoint"
                period = getattr(rl.renewal_period, "value", rl.renewal_period) or "minute"
                rules.append(f"{amount}/{period} per {key}")
        limits[name] = rules
        if not rules:
            problems.append(f"{name} has no rate limit")
    link = resources.endpoints_link(ctx, names)
    facts = {"rate_limits": limits}
    if failed := Result.failure("Rate limiting", problems, link=link, **facts):
        return failed
    summary = "; ".join(f"{n}: {', '.join(r)}" for n, r in limits.items())
    return Result.passed(
        f"Serving endpoints are rate-limited ({summary}).",
        examined=list(limits),
        link=link,
        **facts,
    )
