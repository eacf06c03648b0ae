"""Anomaly detection (freshness and completeness) is enabled on the feature schema
(docs/checks.md#feature_anomaly_detection)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="feature_anomaly_detection",
    title="Anomaly detection enabled on the feature schema",
    items=("dqm-anomaly-detection",),
    params=(Param("feature_schema", "str", "Schema holding the feature tables, catalog.schema"),),
    severity="medium",
    permission="USE_CATALOG and USE_SCHEMA on the feature schema",
    remediation=(
        "Enable anomaly detection on the schema (Catalog Explorer > schema > Details > Anomaly "
        "detection, or w.data_quality.create_monitor with an anomaly_detection_config) and route "
        "its notifications to the team."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/anomaly-detection/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/schemas/{full_name}",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    name: str = params["feature_schema"]
    link = ctx.ui_link("/explore/data/" + "/".join(name.split(".")[:2]))
    info = resources.if_exists(resources.schema, ctx, name)
    if info is None:
        return Result.failed(f"Schema {name} does not exist.", link=link, schema=name)
    # When the Data Quality API is not available here, this raises: the runner answers SKIPPED.
    monitor = resources.if_exists(
        resources.data_quality_monitor, ctx, "schema", info.schema_id or ""
    )
    if monitor is None:
        return Result.failed(
            f"Schema {name} has no data quality monitor, so no anomaly detection.",
            link=link,
            schema=name,
            schema_id=info.schema_id,
        )
    config = monitor.anomaly_detection_config
    if config is None:
        return Result.failed(
            f"Schema {name} has a data quality monitor without anomaly detection.",
            link=link,
            schema=name,
            schema_id=info.schema_id,
        )
    excluded = list(config.excluded_table_full_names or [])
    notify = config.notification_settings
    on_unhealthy = notify.on_unhealthy_table if notify is not None else None
    recipients = list(on_unhealthy.email_addresses or []) if on_unhealthy is not None else []
    note = f" (excluding {', '.join(excluded)})" if excluded else ""
    return Result.passed(
        f"Anomaly detection is enabled on schema {name}{note}; unhealthy tables notify "
        f"{', '.join(recipients) or 'nobody by e-mail'}.",
        examined=[name],
        link=link,
        schema=name,
        schema_id=info.schema_id,
        excluded_tables=excluded,
        notify=recipients,
    )
