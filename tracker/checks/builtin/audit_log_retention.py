"""Audit log retention of 90+ days: the ``access`` system schema is enabled, whose audit table
keeps 365 days (docs/checks.md#audit_log_retention)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="audit_log_retention",
    title="Audit log retention covers the required days",
    items=("audit-log-retention",),
    params=(
        Param(
            "min_retention_days",
            "int",
            "Days of audit history required",
            required=False,
            default=90,
        ),
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse to read how far back system.access.audit goes (evidence only)",
            required=False,
        ),
    ),
    severity="high",
    permission="metastore admin (system schemas); SELECT on system.access.audit for the evidence",
    remediation=(
        "Enable the access system schema (system.access.audit keeps 365 days); for longer "
        "retention configure audit log delivery to your own storage with a lifecycle policy."
    ),
    docs="https://docs.databricks.com/en/admin/system-tables/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/current-metastore-assignment",
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "POST /api/2.0/sql/statements",
    ),
)

SYSTEM_TABLE_RETENTION_DAYS = 365  # documented free retention of system.access.audit

STATEMENT = """\
SELECT min(event_date) AS oldest, datediff(current_date(), min(event_date)) AS days, count(*) AS n
FROM system.access.audit
WHERE event_date >= date_sub(current_date(), 400)"""


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    required: int = params["min_retention_days"]
    warehouse: str | None = params.get("warehouse_id")
    state = resources.access_schema_state(ctx, warehouse)
    link = ctx.ui_link("/explore/data/system/access/audit")
    facts: dict[str, Any] = {"access_schema": state, "required_days": required}
    if state not in resources.SYSTEM_SCHEMA_ENABLED:
        return Result.failed(
            f"The access system schema is {state or 'not listed'}: system.access.audit keeps no "
            "audit logs (audit log delivery to your own storage is account-level and not checked "
            "here).",
            link=link,
            **facts,
        )
    if required > SYSTEM_TABLE_RETENTION_DAYS:
        return Result.failed(
            f"{required} days of audit logs are required but system.access.audit keeps "
            f"{SYSTEM_TABLE_RETENTION_DAYS}: deliver audit logs to your own storage for longer.",
            link=link,
            **facts,
        )
    history = ""
    if warehouse:
        outcome = resources.run_statement(ctx, STATEMENT, warehouse)
        if not outcome.succeeded:
            return Result.error(
                outcome.failure("SQL on system.access.audit"),
                link=resources.warehouse_link(ctx, warehouse),
                **facts,
            )
        row = outcome.records()[0] if outcome.rows else {}
        facts.update(oldest_event=row.get("oldest"), events=row.get("n"))
        if row.get("oldest"):
            history = f"; audit events go back to {row['oldest']}"
    return Result.passed(
        f"The access system schema is {state}: system.access.audit keeps "
        f"{SYSTEM_TABLE_RETENTION_DAYS} days >= {required} required{history}.",
        examined=["system.access.audit"],
        link=link,
        **facts,
    )
