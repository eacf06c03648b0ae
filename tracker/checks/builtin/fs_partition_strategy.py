"""Large feature tables are partitioned or liquid-clustered (docs/checks.md#fs_partition_strategy). Size comes from
``DESCRIBE DETAIL`` through a SQL warehouse; whether the strategy fits is a person's call."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.builtin.fs_liquid_clustering import (
    clustering_columns,
    describe_detail,
    detail_value,
)
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="fs_partition_strategy",
    title="Large feature tables partitioned or clustered (reviewed by a person)",
    items=("fs-partition-strategy",),
    params=(
        FEATURE_TABLES,
        Param(
            "warehouse_id", "str", "SQL warehouse for DESCRIBE DETAIL (table sizes)", required=False
        ),
        Param(
            "large_table_gb",
            "float",
            "Tables at least this large need partitioning or clustering",
            required=False,
            default=100.0,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables and CAN USE on the warehouse",
    remediation=(
        "Cluster large tables on their filter keys (ALTER TABLE <table> CLUSTER BY (<keys>); "
        "Databricks' recommendation for new tables) or partition them on a low-cardinality column."
    ),
    docs="https://docs.databricks.com/en/tables/partitions.html",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}", "POST /api/2.0/sql/statements"),
)

GB = 1024**3


def as_int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    warehouse: str | None = params.get("warehouse_id")
    threshold_gb: float = params["large_table_gb"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    layout: dict[str, dict[str, Any]] = {}
    unorganised_large: list[str] = []
    for name, info in found.items():
        partitions = [
            c.name or "?"
            for c in sorted(info.columns or [], key=lambda c: c.partition_index or 0)
            if c.partition_index is not None
        ]
        clustering = clustering_columns((info.properties or {}).get("clusteringColumns"))
        size: int | None = None
        if warehouse:
            outcome = describe_detail(ctx, name, warehouse, link=link)
            if isinstance(outcome, Result):
                return outcome
            size = as_int(detail_value(outcome, "sizeInBytes"))
            partitions = partitions or clustering_columns(detail_value(outcome, "partitionColumns"))
            clustering = clustering or clustering_columns(
                detail_value(outcome, "clusteringColumns")
            )
        layout[name] = {
            "size_gb": round(size / GB, 1) if size is not None else None,
            "partition_columns": partitions,
            "clustering_columns": clustering,
        }
        if size is not None and size >= threshold_gb * GB and not partitions and not clustering:
            unorganised_large.append(f"{name} ({size / GB:.0f} GB)")
    facts = {"tables": layout, "large_table_gb": threshold_gb, "missing_tables": missing}
    problems = [f"{n} does not exist" for n in missing]
    if unorganised_large:
        problems.append(
            f"large table(s) without partitioning or clustering: {', '.join(unorganised_large)}"
        )
    if failed := Result.failure("Partition strategy", problems, link=link, **facts):
        return failed

    def summary(name: str, entry: dict[str, Any]) -> str:
        size = f"{entry['size_gb']} GB" if entry["size_gb"] is not None else "size unknown"
        how = (
            f"clustered by {', '.join(entry['clustering_columns'])}"
            if entry["clustering_columns"]
            else f"partitioned by {', '.join(entry['partition_columns'])}"
            if entry["partition_columns"]
            else "neither partitioned nor clustered"
        )
        return f"{name} ({size}, {how})"

    listed = "; ".join(summary(n, e) for n, e in layout.items())
    hint = "" if warehouse else " Set warehouse_id to read table sizes."
    return Result.review(
        f"Feature table layout: {listed}. Confirm the strategy fits each table's size and "
        f"query patterns.{hint}",
        link=link,
        **facts,
    )
