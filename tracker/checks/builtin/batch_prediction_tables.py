"""Batch inference writes to Delta prediction tables in Unity Catalog (docs/checks.md#batch_prediction_tables)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="batch_prediction_tables",
    title="Prediction storage tables created",
    items=("batch-prediction-tables",),
    params=(
        Param(
            "prediction_tables", "list", "Tables batch inference writes predictions to, full names"
        ),
    ),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the tables",
    remediation=(
        "Create the prediction tables as managed (or external) Delta tables in Unity Catalog, e.g. "
        "CREATE TABLE prod_ml.monitoring.predictions (... model_version STRING, scored_at TIMESTAMP)."
    ),
    docs="https://docs.databricks.com/en/machine-learning/model-inference/index.html",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)

TABLE_TYPES = ("MANAGED", "EXTERNAL")


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["prediction_tables"]
    found, missing = resources.tables_found(ctx, names)
    tables: dict[str, Any] = {}
    problems = [f"{n} does not exist" for n in missing]
    for name, info in found.items():
        kind = info.table_type.value if info.table_type else None
        fmt = info.data_source_format.value if info.data_source_format else None
        tables[name] = {"table_type": kind, "format": fmt}
        if kind not in TABLE_TYPES:
            problems.append(
                f"{name} is a {kind or 'table of unknown type'}, not a managed or external table"
            )
        elif fmt != "DELTA":
            problems.append(f"{name} is stored as {fmt or 'an unknown format'}, not Delta")
    link = resources.explore_link(ctx, names)
    facts = {"tables": tables, "missing": missing}
    if failed := Result.failure("Prediction tables", problems, link=link, **facts):
        return failed
    summary = ", ".join(f"{n} ({t['table_type'].lower()} {t['format']})" for n, t in tables.items())
    return Result.passed(
        f"Prediction tables exist: {summary}.", examined=list(tables), link=link, **facts
    )
