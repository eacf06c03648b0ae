"""Feature freshness is monitored: anomaly detection on the feature schema or SQL alerts on the
feature tables, and the last write of each table is within the staleness SLA
(docs/checks.md#feature_freshness_monitored, PARTIAL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="feature_freshness_monitored",
    title="Feature freshness monitored (anomaly detection or alerts, last write within SLA)",
    items=("dqm-feature-freshness",),
    params=(
        FEATURE_TABLES,
        Param(
            "feature_schema",
            "str",
            "Schema (catalog.schema) with anomaly detection; default: the tables' schemas",
            required=False,
        ),
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse for DESCRIBE HISTORY (the last write); unset: last write not measured",
            required=False,
        ),
        Param(
            "max_staleness_hours",
            "int",
            "Maximum age of the last write",
            required=False,
            default=24,
        ),
    ),
    severity="high",
    permission=(
        "USE_CATALOG/USE_SCHEMA and SELECT on the feature tables, CAN USE on the warehouse, "
        "CAN VIEW on SQL alerts"
    ),
    remediation=(
        "Enable anomaly detection (freshness and completeness) on the feature schema, or create a "
        "SQL alert on each feature table's last write; fix the pipeline of any stale table."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/anomaly-detection/index.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/schemas/{full_name}",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
        "GET /api/2.0/alerts",
        "POST /api/2.0/sql/statements",
    ),
)


def last_write(
    ctx: CheckContext, table: str, warehouse_id: str
) -> tuple[datetime | None, str | None]:
    """(time of the last commit, SQL error) from ``DESCRIBE HISTORY <table> LIMIT 1``."""
    statement = f"DESCRIBE HISTORY {resources.quote_table_name(table)} LIMIT 1"
    outcome = resources.run_statement(ctx, statement, warehouse_id)
    if not outcome.succeeded:
        return None, f"{outcome.state}: {outcome.error or 'no error message'}"
    columns = [c.lower() for c in outcome.columns]
    index = columns.index("timestamp") if "timestamp" in columns else 1
    if not outcome.rows or len(outcome.rows[0]) <= index:
        return None, None
    return resources.parse_timestamp(outcome.rows[0][index]), None


def mentions(query_text: str | None, table: str) -> bool:
    """The alert's query names the table exactly (not ``customer_features_v2``)."""
    return resources.mentions(query_text, table.split(".")[-1])


def _anomaly_detection(ctx: CheckContext, schema_names: list[str]) -> dict[str, str] | str:
    """Schema -> anomaly detection "configured" / "not configured" / "unavailable", or the name
    of a schema that does not exist."""
    from databricks.sdk.errors import NotFound
    from databricks.sdk.errors.base import DatabricksError

    anomaly: dict[str, str] = {}
    for schema_name in schema_names:
        info = resources.if_exists(resources.schema, ctx, schema_name)
        if info is None:
            return schema_name
        try:
            monitor = resources.data_quality_monitor(ctx, "schema", info.schema_id or "")
            configured = monitor.anomaly_detection_config is not None
            anomaly[schema_name] = "configured" if configured else "not configured"
        except DatabricksError as exc:
            if not (resources.unavailable(exc) or isinstance(exc, NotFound)):
                raise
            anomaly[schema_name] = "unavailable" if resources.unavailable(exc) else "not configured"
    return anomaly


def _alerts_watching(ctx: CheckContext, names: list[str]) -> dict[str, list[str]]:
    """Table -> the SQL alerts whose query names it exactly ({} when alerts are unavailable)."""
    from databricks.sdk.errors.base import DatabricksError

    try:
        alert_list = resources.alerts(ctx)
    except DatabricksError as exc:
        if not resources.unavailable(exc):
            raise
        return {}
    return {
        n: sorted(a.display_name or a.id or "?" for a in alert_list if mentions(a.query_text, n))
        for n in names
    }


def _review_parts(
    anomaly: dict[str, str],
    watching: dict[str, list[str]],
    ages: dict[str, float | None] | None,
    hours: int,
) -> list[str]:
    schemas_on = [s for s, state in anomaly.items() if state == "configured"]
    alerted = [n for n, a in watching.items() if a]
    parts = [
        f"anomaly detection configured on {', '.join(schemas_on)}"
        if schemas_on
        else f"no anomaly detection on {', '.join(anomaly) or 'the feature schema'}",
        f"SQL alerts watch {', '.join(alerted)}" if alerted else "no SQL alert names the tables",
    ]
    if ages is not None:
        parts.append(
            "last writes "
            + ", ".join(f"{n} {a} h ago" for n, a in ages.items())
            + f" (SLA {hours} h)"
        )
    else:
        parts.append("last write not measured (no warehouse_id)")
    return parts


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    hours: int = params["max_staleness_hours"]
    warehouse: str | None = params.get("warehouse_id")
    link = resources.explore_link(ctx, names)
    for name in names:
        try:
            resources.quote_table_name(name)
        except ValueError as exc:
            return Result.error(f"Bad parameter: feature_tables: {exc}")
    _, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist.", link=link, missing=missing
        )
    schema_names = (
        [params["feature_schema"]]
        if params.get("feature_schema")
        else sorted({".".join(n.split(".")[:2]) for n in names})
    )
    anomaly = _anomaly_detection(ctx, schema_names)
    if isinstance(anomaly, str):
        return Result.failed(f"Feature schema {anomaly} does not exist.", link=link)
    watching = _alerts_watching(ctx, names)
    ages: dict[str, float | None] = {}
    stale: list[str] = []
    if warehouse:
        now = datetime.now(UTC)
        for name in names:
            stamp, error = last_write(ctx, name, warehouse)
            if error:
                return Result.error(
                    f"SQL check of {name}'s last write did not succeed ({error}).",
                    link=resources.warehouse_link(ctx, warehouse),
                    table=name,
                )
            age = None if stamp is None else round((now - stamp).total_seconds() / 3600, 1)
            ages[name] = age
            if age is None or age > hours:
                stale.append(f"{name} ({'no history' if age is None else f'{age} h ago'})")
    facts = {
        "anomaly_detection": anomaly,
        "alerts": watching,
        "last_write_hours": ages,
        "max_staleness_hours": hours,
    }
    if stale:
        return Result.failed(
            f"Feature table(s) older than the {hours} h SLA: {', '.join(stale)}.",
            link=link,
            **facts,
        )
    parts = _review_parts(anomaly, watching, ages if warehouse else None, hours)
    text = "; ".join(parts)
    return Result.review(
        text[:1].upper() + text[1:] + ". Confirm a stale table alerts someone.", link=link, **facts
    )
