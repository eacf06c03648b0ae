"""Audit logs are on (the ``access`` system schema, verbose audit logs, recent audit rows); that they
reach the central SIEM is confirmed by a person (docs/checks.md#audit_logs_enabled; SAT GOV-34/GOV-15)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="audit_logs_enabled",
    title="Audit logs enabled (SIEM forwarding confirmed by a person)",
    items=("audit-logs-siem",),
    params=(
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse that reads system.access.audit (skipped if unset)",
            required=False,
        ),
        Param(
            "account_id", "str", "Databricks account id, for the log-delivery hint", required=False
        ),
    ),
    severity="high",
    permission=(
        "metastore admin (system schemas), workspace admin (workspace-conf), SELECT on "
        "system.access.audit and CAN USE on the warehouse"
    ),
    remediation=(
        "Enable the access system schema, set enableVerboseAuditLogs, and forward audit logs to "
        "the SIEM (AWS/GCP: account log delivery of AUDIT_LOGS; Azure: diagnostic settings)."
    ),
    docs="https://docs.databricks.com/en/admin/account-settings/audit-logs.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "GET /api/2.0/workspace-conf",
        "POST /api/2.0/sql/statements",
    ),
)

AUDIT_SQL = (
    "SELECT min(event_date) AS oldest, count(*) AS n FROM system.access.audit "
    "WHERE event_date >= current_date() - INTERVAL 400 DAYS"
)


def _verbose_audit_logs(ctx: CheckContext) -> str | None:
    """``enableVerboseAuditLogs``, or "unknown" for a non-admin (an admin-only key)."""
    from databricks.sdk.errors import PermissionDenied

    try:
        return resources.workspace_conf(ctx, "enableVerboseAuditLogs")
    except PermissionDenied:
        return "unknown (workspace admin only)"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    warehouse: str | None = params.get("warehouse_id")
    account_id: str | None = params.get("account_id")
    link = ctx.ui_link("/explore/data/system/access/audit")
    access = resources.access_schema_state(ctx, warehouse)
    verbose = _verbose_audit_logs(ctx)
    facts: dict[str, Any] = {
        "access_schema_state": access or "not listed",
        "enableVerboseAuditLogs": verbose,
    }
    found: list[str] = []
    if access in resources.SYSTEM_SCHEMA_ENABLED:
        found.append("the access system schema is enabled")
    else:
        found.append(f"the access system schema is {access or 'not listed'} (not enabled)")
    found.append(
        "verbose audit logs are on"
        if (verbose or "").lower() == "true"
        else f"verbose audit logs are off (enableVerboseAuditLogs={verbose or 'unset'})"
    )
    if warehouse and access in resources.SYSTEM_SCHEMA_ENABLED:
        outcome = resources.run_statement(ctx, AUDIT_SQL, warehouse)
        if not outcome.succeeded:
            return Result.error(
                outcome.failure(f"Audit query on warehouse {warehouse}"),
                link=link,
                **facts,
            )
        row = outcome.rows[0] if outcome.rows else [None, None]
        facts["audit_oldest_event_date"], facts["audit_rows_400d"] = row[0], row[1]
        found.append(f"system.access.audit holds {row[1] or 0} event(s) since {row[0] or 'never'}")
    if ctx.cloud == "azure":
        forwarding = "Azure diagnostic settings of the workspace"
    else:
        forwarding = "account log delivery of AUDIT_LOGS" + (
            f" (account {account_id})" if account_id else ""
        )
    facts["forwarding_to_confirm"] = forwarding
    return Result.review(
        "Audit logs: " + "; ".join(found) + f". Confirm forwarding to the SIEM ({forwarding}) "
        "with a recent Databricks event seen there.",
        link=link,
        **facts,
    )
