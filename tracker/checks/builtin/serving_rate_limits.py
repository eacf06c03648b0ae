"""Serving endpoints have AI Gateway rate limits (reference §3 item 63)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="serving_rate_limits",
    title="Rate limiting configured on serving endpoints",
    items=("serving-rate-limiting",),
    params=(
        Param("endpoint_names", "list", "Production Model Serving endpoints (comma-separated)"),
    ),
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
    from databricks.sdk.errors import NotFound

    names: list[str] = params["endpoint_names"]
    limits: dict[str, Any] = {}
    problems: list[str] = []
    for name in names:
        try:
            ep = resources.serving_endpoint(ctx, name)
        except NotFound as exc:
            if resources.unavailable(exc):
                raise
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
    link = (
        ctx.ui_link(f"/ml/endpoints/{names[0]}")
        if len(names) == 1
        else ctx.ui_link("/ml/endpoints")
    )
    facts = {"rate_limits": limits}
    if problems:
        return Result.failed("Rate limiting: " + "; ".join(problems) + ".", link=link, **facts)
    summary = "; ".join(f"{n}: {', '.join(r)}" for n, r in limits.items())
    return Result.passed(f"Serving endpoints are rate-limited ({summary}).", link=link, **facts)
