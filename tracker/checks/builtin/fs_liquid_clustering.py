"""Feature tables use liquid clustering (docs/checks.md#fs_liquid_clustering): the ``clusteringColumns`` table
property, else ``DESCRIBE DETAIL`` through a SQL warehouse when one is given."""

from __future__ import annotations

import json
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="fs_liquid_clustering",
    title="Liquid clustering enabled on feature tables",
    items=("fs-liquid-clustering",),
    params=(
        FEATURE_TABLES,
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse for the DESCRIBE DETAIL fallback when the property is not exposed",
            required=False,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (CAN USE on the warehouse)",
    remediation=(
        "Cluster each feature table on its usual filter and join keys: ALTER TABLE <table> "
        "CLUSTER BY (<key columns>) (or CLUSTER BY AUTO), then OPTIMIZE <table>."
    ),
    docs="https://docs.databricks.com/en/delta/clustering.html",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}", "POST /api/2.0/sql/statements"),
)


def clustering_columns(raw: Any) -> list[str]:
    """Column names from ``[["a"],["b"]]`` (table property), ``["a","b"]`` (DESCRIBE DETAIL) or
    a Python list; empty when unset or ``[]``."""
    value = raw
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return []
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return [p.strip() for p in text.strip("[]").split(",") if p.strip()]
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for part in value:
        if isinstance(part, list):
            out.append(".".join(str(p) for p in part))
        elif part is not None and str(part).strip():
            out.append(str(part))
    return out


def describe_detail(
    ctx: CheckContext, name: str, warehouse: str, *, link: str
) -> resources.StatementOutcome | Result:
    """``DESCRIBE DETAIL`` of a table through a SQL warehouse, or the ERROR to return: the name is
    not a plain three-part name, or the statement did not succeed (``link`` goes on that ERROR)."""
    try:
        statement = f"DESCRIBE DETAIL {resources.quote_table_name(name)}"
    except ValueError as exc:
        return Result.error(f"Bad parameter: {exc}")
    outcome = resources.run_statement(ctx, statement, warehouse)
    if not outcome.succeeded:
        return Result.error(
            outcome.failure(f"DESCRIBE DETAIL {name} on warehouse {warehouse}"),
            link=link,
        )
    return outcome


def detail_value(outcome: resources.StatementOutcome, column: str) -> Any:
    lowered = [c.lower() for c in outcome.columns]
    if column.lower() not in lowered or not outcome.rows:
        return None
    return outcome.rows[0][lowered.index(column.lower())]


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    warehouse: str | None = params.get("warehouse_id")
    found, missing = resources.tables_found(ctx, names)
    problems: list[str] = [f"{n} does not exist" for n in missing]
    clustered: dict[str, list[str]] = {}
    source: dict[str, str] = {}
    unknown: list[str] = []
    for name, info in found.items():
        props = info.properties or {}
        columns = clustering_columns(props.get("clusteringColumns"))
        source[name] = (
            "table property" if "clusteringColumns" in props else "table property not set"
        )
        if not columns and "clusteringColumns" not in props and warehouse:
            outcome = describe_detail(
                ctx, name, warehouse, link=resources.explore_link(ctx, [name])
            )
            if isinstance(outcome, Result):
                return outcome
            columns = clustering_columns(detail_value(outcome, "clusteringColumns"))
            source[name] = "DESCRIBE DETAIL"
        clustered[name] = columns
        if not columns and "clusteringColumns" not in props and not warehouse:
            unknown.append(name)  # UC does not always expose the property: cannot tell
        elif not columns:
            problems.append(f"{name} has no clustering columns ({source[name]})")
    facts = {"clustering_columns": clustered, "source": source, "missing_tables": missing}
    link = resources.explore_link(ctx, names)
    if failed := Result.failure("Liquid clustering missing", problems, link=link, **facts):
        return failed
    if unknown:
        return Result.error(
            f"Cannot tell whether {', '.join(unknown)} use liquid clustering: Unity Catalog does "
            "not expose clusteringColumns for them; set `warehouse_id` to read DESCRIBE DETAIL.",
            link=link,
            **facts,
        )
    listed = ", ".join(f"{n} ({', '.join(c)})" for n, c in clustered.items())
    return Result.passed(
        f"Feature tables use liquid clustering: {listed}.",
        examined=list(clustered),
        link=link,
        **facts,
    )
