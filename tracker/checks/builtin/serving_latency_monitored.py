"""Endpoint latency is measurable and alerted on (docs/checks.md#serving_latency_monitored; the SLA itself is manual)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

if TYPE_CHECKING:
    from databricks.sdk.service.serving import ServingEndpointDetailed
    from databricks.sdk.service.sql import AlertV2

META = CheckMeta(
    id="serving_latency_monitored",
    title="Latency SLAs defined and monitored",
    items=("serving-latency-slas",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW/CAN_QUERY on the serving endpoints; permission to list SQL alerts",
    remediation=(
        "Agree the latency SLA (p95/p99) with the consumers and create a SQL alert on the endpoint's "
        "inference table, e.g. percentile(execution_time_ms, 0.99) > SLA, notifying the on-call."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/metrics-export-serving-endpoint.html",
    kind="partial",
    resources=(
        "GET /api/2.0/serving-endpoints/{name}",
        "GET /api/2.0/serving-endpoints/{name}/metrics",
        "GET /api/2.0/alerts",
    ),
)

LATENCY_WORDS = re.compile(r"latency|p9[059]|percentile|execution_time", re.IGNORECASE)
METRIC_NAME = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)", re.MULTILINE)


def _targets(ep: ServingEndpointDetailed, name: str) -> list[str]:
    """Words that tie an alert to the endpoint: its name and its inference table prefixes."""
    words = [name.lower()]
    if (
        ep.config
        and ep.config.auto_capture_config
        and ep.config.auto_capture_config.table_name_prefix
    ):
        words.append(ep.config.auto_capture_config.table_name_prefix.lower() + "_payload")
    gateway = ep.ai_gateway.inference_table_config if ep.ai_gateway else None
    if gateway and gateway.table_name_prefix:
        words.append(gateway.table_name_prefix.lower() + "_payload")
    return words


def _latency_alerts(alerts: list[AlertV2], words: list[str]) -> list[str]:
    found = []
    for alert in alerts:
        if getattr(alert.lifecycle_state, "value", alert.lifecycle_state) == "DELETED":
            continue
        if alert.schedule and getattr(alert.schedule.pause_status, "value", None) == "PAUSED":
            continue
        text = f"{alert.display_name or ''}\n{alert.query_text or ''}".lower()
        if LATENCY_WORDS.search(text) and any(resources.mentions(text, w) for w in words):
            found.append(alert.display_name or alert.id or "?")
    return found


def _metric_names(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return sorted({m.group(1) for ln in lines if (m := METRIC_NAME.match(ln))})


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
        latency_metrics = [
            m for m in _metric_names(resources.serving_metrics_text(ctx, name)) if "latency" in m
        ]
        alerts = _latency_alerts(resources.alerts(ctx), _targets(ep, name))
        endpoints[name] = {"latency_metrics": latency_metrics, "latency_alerts": alerts}
        if not latency_metrics:
            problems.append(f"{name} exports no latency metric")
        if not alerts:
            problems.append(f"no active SQL alert watches the latency of {name}")
    link = resources.endpoints_link(ctx, names)
    facts = {"endpoints": endpoints}
    if failed := Result.failure("Latency monitoring", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{n} exports {', '.join(sorted({m.removesuffix('_bucket').removesuffix('_sum').removesuffix('_count') for m in e['latency_metrics']}))} "
        f"and is watched by alert(s) {', '.join(repr(a) for a in e['latency_alerts'])}"
        for n, e in endpoints.items()
    )
    return Result.review(
        f"{summary}; confirm the SLA targets are agreed with the consumers.", link=link, **facts
    )
