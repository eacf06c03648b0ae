"""Evidence for 'outlier detection configured': custom metrics of the feature tables' quality
monitors and anomaly detection on the feature schema (docs/checks.md#dv_outlier_detection). Whether the
metrics catch outliers and someone reviews them is a person's call."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="dv_outlier_detection",
    title="Outlier detection on feature tables (reviewed by a person)",
    items=("dv-outlier-detection",),
    params=(
        FEATURE_TABLES,
        Param(
            "feature_schema",
            "str",
            "Schema (catalog.schema) checked for anomaly detection",
            required=False,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the tables and schema",
    remediation=(
        "Add custom metrics that flag outliers (e.g. share of values beyond a z-score or IQR "
        "fence) to the tables' quality monitors, or enable anomaly detection on the schema, and "
        "route the alerts to a reviewer."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/custom-metrics.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/2.1/unity-catalog/schemas/{full_name}",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors import NotFound
    from databricks.sdk.errors.base import DatabricksError

    names: list[str] = params["feature_tables"]
    schema_name: str | None = params.get("feature_schema")
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    metrics: dict[str, Any] = {}
    monitors = resources.table_monitors(ctx, found, skip_unavailable=True)
    for name in found:
        if name not in monitors:
            metrics[name] = "monitoring not available in this workspace"
            continue
        m = monitors[name]
        metrics[name] = list(m.custom_metrics) if m is not None else "no monitor"
    anomaly: str | None = None
    if schema_name:
        try:
            schema_id = resources.schema(ctx, schema_name).schema_id
            monitor = resources.data_quality_monitor(ctx, "schema", schema_id or "")
            anomaly = "enabled" if monitor.anomaly_detection_config is not None else "not enabled"
        except DatabricksError as exc:
            if resources.unavailable(exc):
                anomaly = "not available in this workspace"
            elif isinstance(exc, NotFound):
                anomaly = "not enabled"
            else:
                raise
    facts = {
        "custom_metrics": metrics,
        "schema_anomaly_detection": anomaly,
        "missing_tables": missing,
    }
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist.", link=link, **facts
        )
    with_metrics = [n for n, v in metrics.items() if isinstance(v, list) and v]
    parts = [
        f"{n}: {', '.join(v)}"
        if isinstance(v, list) and v
        else f"{n}: {v if isinstance(v, str) else 'no custom metrics'}"
        for n, v in metrics.items()
    ]
    schema_note = f" Anomaly detection on {schema_name}: {anomaly}." if schema_name else ""
    return Result.review(
        f"{len(with_metrics)} of {len(metrics)} feature table(s) have monitor custom metrics "
        f"({'; '.join(parts)}).{schema_note} Confirm they flag outliers and someone reviews them.",
        link=link,
        **facts,
    )
