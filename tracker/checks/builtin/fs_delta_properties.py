"""Feature tables have optimize-write and auto-compact on, or predictive optimization
(docs/checks.md#fs_delta_properties)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="fs_delta_properties",
    title="Delta optimize-write and auto-compact on feature tables",
    items=("fs-delta-properties",),
    params=(
        FEATURE_TABLES,
        Param(
            "accept_predictive_optimization",
            "bool",
            "Predictive optimization counts instead of the two properties",
            required=False,
            default=True,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "ALTER TABLE <table> SET TBLPROPERTIES ('delta.autoOptimize.optimizeWrite' = 'true', "
        "'delta.autoOptimize.autoCompact' = 'true'), or enable predictive optimization on the "
        "catalog or schema (ALTER CATALOG <catalog> ENABLE PREDICTIVE OPTIMIZATION)."
    ),
    docs="https://docs.databricks.com/en/delta/tune-file-size.html",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)

OPTIMIZE_WRITE = "delta.autoOptimize.optimizeWrite"
AUTO_COMPACT = "delta.autoOptimize.autoCompact"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    accept_po: bool = params["accept_predictive_optimization"]
    found, missing = resources.tables_found(ctx, names)
    problems: list[str] = [f"{n} does not exist" for n in missing]
    settings: dict[str, dict[str, str | None]] = {}
    for name, info in found.items():
        props = info.properties or {}
        write = props.get(OPTIMIZE_WRITE)
        compact = props.get(AUTO_COMPACT)
        flag = info.effective_predictive_optimization_flag
        po = flag.value.value if flag is not None and flag.value is not None else None
        settings[name] = {
            "optimizeWrite": write,
            "autoCompact": compact,
            "predictive_optimization": po,
        }
        properties_ok = (write or "").lower() == "true" and (compact or "").lower() in (
            "true",
            "auto",
        )
        if properties_ok or (accept_po and po == "ENABLE"):
            continue
        problems.append(
            f"{name} has optimizeWrite={write or 'unset'}, autoCompact={compact or 'unset'}"
            + (f", predictive optimization {po or 'unknown'}" if accept_po else "")
        )
    facts = {
        "tables": settings,
        "missing_tables": missing,
        "accept_predictive_optimization": accept_po,
    }
    link = resources.explore_link(ctx, names)
    if failed := Result.failure("Delta file-size tuning missing", problems, link=link, **facts):
        return failed

    def how(s: dict[str, str | None]) -> str:
        if (s["optimizeWrite"] or "").lower() == "true" and (s["autoCompact"] or "").lower() in (
            "true",
            "auto",
        ):
            return "optimize write + auto compact"
        return "predictive optimization"

    listed = ", ".join(f"{n} ({how(s)})" for n, s in settings.items())
    return Result.passed(
        f"Feature tables keep file sizes tuned: {listed}.",
        examined=list(settings),
        link=link,
        **facts,
    )
