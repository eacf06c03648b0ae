"""Business metrics (conversion, revenue...) are tracked as monitor custom metrics on the
inference tables (docs/checks.md#business_metrics_tracked, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import INFERENCE_TABLES

META = CheckMeta(
    id="business_metrics_tracked",
    title="Business metrics tracked as monitor custom metrics",
    items=("mpm-business-metrics",),
    params=(
        INFERENCE_TABLES,
        Param(
            "business_metric_names",
            "list",
            "Business metric names expected as custom metrics (comma-separated)",
            required=False,
        ),
    ),
    severity="medium",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the inference tables",
    remediation=(
        "Add the business metrics as custom metrics of the inference-log monitor (aggregate "
        "metrics over the prediction and outcome columns), or put them on the model's dashboard."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/custom-metrics.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["inference_tables"]
    wanted: list[str] = params.get("business_metric_names") or []
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Inference table(s) {', '.join(missing)} do not exist, so no business metric is "
            "computed on them.",
            link=link,
            missing=missing,
        )
    metrics: dict[str, list[str]] = {}
    for name, monitor in resources.table_monitors(ctx, found).items():
        metrics[name] = list(monitor.custom_metrics) if monitor is not None else []
    present = {m.lower() for ms in metrics.values() for m in ms}
    absent = [m for m in wanted if m.lower() not in present]
    listed = "; ".join(f"{n}: {', '.join(ms) or 'none'}" for n, ms in metrics.items())
    if wanted:
        verdict = (
            f"all of {', '.join(wanted)} are custom metrics"
            if not absent
            else f"not found as custom metrics: {', '.join(absent)} (track them on a dashboard instead?)"
        )
    else:
        verdict = "no business_metric_names given to look for"
    return Result.review(
        f"Monitor custom metrics ({listed}); {verdict}. Confirm the business metrics are "
        "reviewed next to the model metrics.",
        link=link,
        custom_metrics=metrics,
        expected=wanted,
        not_found=absent,
    )
