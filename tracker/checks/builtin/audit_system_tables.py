"""Data access is logged and auditable: the ``access`` system schema (``system.access.audit``)
is enabled (docs/checks.md#audit_system_tables; SAT GOV-34)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="audit_system_tables",
    title="Audit logs available in system.access (access schema enabled)",
    items=("gov-data-access-audited",),
    params=(
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse: without admin rights, SELECT on system.access.audit decides",
            required=False,
        ),
    ),
    severity="high",
    permission=(
        "metastore admin or account admin (system schemas), or SELECT on system.access.audit "
        "with a warehouse"
    ),
    remediation=(
        "Enable the access system schema (w.system_schemas.enable(metastore_id, 'access')) and "
        "grant SELECT on system.access to the auditors; optionally turn on verbose audit logs."
    ),
    docs="https://docs.databricks.com/en/admin/system-tables/audit-logs.html",
    resources=(
        "GET /api/2.1/unity-catalog/current-metastore-assignment",
        "GET /api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas",
        "GET /api/2.0/workspace-conf",
        "POST /api/2.0/sql/statements",
    ),
)


def verbose_audit_logs(ctx: CheckContext) -> str:
    """``enableVerboseAuditLogs`` as a fact: true / false / not configured / unknown."""
    from databricks.sdk.errors.base import DatabricksError

    try:
        value = resources.workspace_conf(ctx, "enableVerboseAuditLogs")
    except DatabricksError:  # admin-only key: the fact is unknown, the verdict does not need it
        return "unknown"
    return "not configured" if value is None else value.lower()


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    state = resources.access_schema_state(ctx, params.get("warehouse_id"))
    link = ctx.ui_link("/explore/data/system/access")
    verbose = verbose_audit_logs(ctx)
    facts = {"access_schema": state, "verbose_audit_logs": verbose}
    if state not in resources.SYSTEM_SCHEMA_ENABLED:
        return Result.failed(
            f"The access system schema is {state or 'not listed'}, not enabled: data access is not "
            "queryable in system.access.audit.",
            link=link,
            **facts,
        )
    return Result.passed(
        f"The access system schema is {state}: reads and writes are audited in "
        f"system.access.audit (verbose audit logs: {verbose}).",
        examined=["system.access.audit"],
        link=link,
        **facts,
    )
