"""Feature range validation is automated: Delta CHECK constraints or monitor custom metrics on each
feature table (docs/checks.md#feature_range_validation, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="feature_range_validation",
    title="Feature range validation automated (constraints or monitor metrics)",
    items=("dqm-feature-range-validation",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the feature tables",
    remediation=(
        "Add Delta CHECK constraints for the valid ranges "
        "(ALTER TABLE t ADD CONSTRAINT spend_non_negative CHECK (monthly_spend >= 0)), or "
        "pipeline expectations, or monitor custom metrics with an alert on violations."
    ),
    docs="https://docs.databricks.com/en/tables/constraints.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)

CONSTRAINT_PREFIX = "delta.constraints."


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist, so no range validation runs on "
            "them.",
            link=link,
            missing=missing,
        )
    monitors_unavailable = False
    constraints: dict[str, dict[str, str]] = {}
    metrics: dict[str, list[str]] = {}
    covered: list[str] = []
    bare: list[str] = []
    monitors = resources.table_monitors(ctx, found, skip_unavailable=True)
    for name, info in found.items():
        checks = {
            key.removeprefix(CONSTRAINT_PREFIX): str(value)
            for key, value in (info.properties or {}).items()
            if key.startswith(CONSTRAINT_PREFIX)
        }
        if name not in monitors:
            monitors_unavailable = True  # the constraints still tell
        monitor = monitors.get(name)
        custom = list(monitor.custom_metrics) if monitor is not None else []
        constraints[name], metrics[name] = checks, custom
        if checks or custom:
            covered.append(
                f"{name} ({len(checks)} CHECK constraint(s), {len(custom)} custom metric(s))"
            )
        else:
            bare.append(name)
    parts = []
    if covered:
        parts.append("Range rules found on " + ", ".join(covered))
    if bare:
        parts.append(
            f"{'n' if covered else 'N'}o CHECK constraints or monitor custom metrics on "
            f"{', '.join(bare)} (validation must then live in the pipeline code)"
        )
    if monitors_unavailable:
        parts.append("monitor custom metrics not readable (monitoring APIs unavailable)")
    return Result.review(
        "; ".join(parts) + ". Confirm every numeric feature has a range rule and violations alert.",
        link=link,
        constraints=constraints,
        custom_metrics=metrics,
        without_rules=bare,
        monitors_unavailable=monitors_unavailable,
    )
