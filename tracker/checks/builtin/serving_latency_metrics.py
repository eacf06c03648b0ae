"""Latency p95/p99 tracked: the endpoint exports a latency histogram (Prometheus metrics) and
alerts watch latency (docs/checks.md#serving_latency_metrics, PARTIAL)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import ENDPOINT_NAMES

META = CheckMeta(
    id="serving_latency_metrics",
    title="Serving latency percentiles available (metrics export)",
    items=("ops-latency-percentiles",),
    params=(ENDPOINT_NAMES,),
    severity="high",
    permission="CAN_VIEW on the serving endpoints",
    remediation=(
        "Scrape the endpoint's metrics export into your monitoring tool (or query the inference "
        "table) and chart p95/p99 latency with an alert on the SLA."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-serving/metrics-export-serving-endpoint.html",
    kind="partial",
    resources=(
        "GET /api/2.0/serving-endpoints/{name}",
        "GET /api/2.0/serving-endpoints/{name}/metrics",
        "GET /api/2.0/alerts",
    ),
)

_SAMPLE = re.compile(r"^([A-Za-z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)")
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def latency_percentiles(text: str) -> dict[str, dict[str, float]]:
    """Per served entity, upper bounds (ms) of p95 and p99 from ``*latency*_bucket`` histograms."""
    buckets: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for line in text.splitlines():
        found = _SAMPLE.match(line.strip())
        if (
            found is None
            or "latency" not in found.group(1)
            or not found.group(1).endswith("_bucket")
        ):
            continue
        labels = dict(_LABEL.findall(found.group(2) or ""))
        try:
            bound = (
                math.inf if labels.get("le") in ("+Inf", "Inf") else float(labels.get("le", "nan"))
            )
            count = float(found.group(3))
        except ValueError:
            continue
        entity = labels.get("served_entity_name") or labels.get("served_model_name") or "endpoint"
        buckets[entity].append((bound, count))
    out: dict[str, dict[str, float]] = {}
    for entity, points in buckets.items():
        points.sort()
        total = points[-1][1] if points else 0.0
        if total <= 0:
            continue
        out[entity] = {
            f"p{int(q * 100)}_le_ms": next((b for b, c in points if c >= q * total), math.inf)
            for q in (0.95, 0.99)
        }
        out[entity]["requests"] = total
    return out


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors.base import DatabricksError

    names: list[str] = params["endpoint_names"]
    link = resources.endpoints_link(ctx, names)
    found: dict[str, Any] = {}
    lines: list[str] = []
    endpoints, missing = resources.endpoints_found(ctx, names)
    for name in endpoints:
        percentiles = latency_percentiles(resources.serving_metrics_text(ctx, name))
        found[name] = {
            e: {k: (None if v == math.inf else v) for k, v in p.items()}
            for e, p in percentiles.items()
        }
        if percentiles:
            lines.append(
                f"{name} exports a latency histogram ("
                + ", ".join(
                    f"{e}: p95 <= {p['p95_le_ms']:g} ms, p99 <= {p['p99_le_ms']:g} ms"
                    for e, p in percentiles.items()
                )
                + ")"
            )
        else:
            lines.append(f"{name}'s metrics export has no latency histogram")
    if missing:
        return Result.failed(
            f"Serving endpoint(s) {', '.join(missing)} do not exist.", link=link, latency=found
        )
    try:
        latency_alerts = sorted(
            a.display_name or a.id or "?"
            for a in resources.alerts(ctx)
            if re.search(r"latency|p9[59]|percentile", f"{a.display_name} {a.query_text}", re.I)
        )
        alerts_text = (
            f"latency alerts: {', '.join(latency_alerts)}"
            if latency_alerts
            else "no SQL alert on latency"
        )
    except DatabricksError as exc:
        if not resources.unavailable(exc):
            raise
        latency_alerts, alerts_text = [], "alerts API unavailable"
    return Result.review(
        "; ".join(lines) + f"; {alerts_text}. Confirm p95/p99 are charted and alert on the SLA.",
        link=link,
        latency=found,
        latency_alerts=latency_alerts,
    )
