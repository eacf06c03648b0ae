"""Feature tables and their columns are described (docs/checks.md#fs_feature_metadata)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="fs_feature_metadata",
    title="Feature tables and columns documented",
    items=("fs-feature-metadata",),
    params=(
        FEATURE_TABLES,
        Param(
            "min_column_comment_ratio",
            "float",
            "Share of columns that must have a comment (0-1)",
            required=False,
            default=1.0,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "Describe each table and feature: COMMENT ON TABLE <table> IS '...'; ALTER TABLE <table> "
        "ALTER COLUMN <feature> COMMENT '<meaning, source, window, unit>'."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/uc/feature-tables-uc.html",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    threshold: float = params["min_column_comment_ratio"]
    found, missing = resources.tables_found(ctx, names)
    problems: list[str] = [f"{n} does not exist" for n in missing]
    coverage: dict[str, str] = {}
    undocumented: dict[str, list[str]] = {}
    for name, info in found.items():
        columns = info.columns or []
        bare = [c.name or "?" for c in columns if not (c.comment or "").strip()]
        ratio = (len(columns) - len(bare)) / len(columns) if columns else 1.0
        coverage[name] = f"{len(columns) - len(bare)}/{len(columns)} columns described"
        undocumented[name] = bare
        if not (info.comment or "").strip():
            problems.append(f"{name} has no table comment")
        if ratio < threshold:
            shown = ", ".join(bare[:5]) + (" ..." if len(bare) > 5 else "")
            problems.append(f"{name} describes {ratio:.0%} of its columns (no comment: {shown})")
    facts = {
        "coverage": coverage,
        "columns_without_comment": undocumented,
        "min_column_comment_ratio": threshold,
        "missing_tables": missing,
    }
    link = resources.explore_link(ctx, names)
    if failed := Result.failure("Feature documentation", problems, link=link, **facts):
        return failed
    listed = ", ".join(f"{n} ({c})" for n, c in coverage.items())
    return Result.passed(
        f"Feature tables are described with column comments: {listed}.",
        examined=list(coverage),
        link=link,
        **facts,
    )
