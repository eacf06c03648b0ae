"""Evidence for 'data types optimized': feature columns and their types, with STRING columns that
look numeric or temporal and oversized DECIMALs flagged (docs/checks.md#fs_data_types). Heuristics only:
a person reviews."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import ColumnInfo

META = CheckMeta(
    id="fs_data_types",
    title="Feature column types (heuristic review)",
    items=("fs-data-types-optimized",),
    params=(FEATURE_TABLES,),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "Store counts and amounts as INT/BIGINT/DOUBLE/DECIMAL(p<=18) and dates as DATE/TIMESTAMP "
        "rather than STRING; rewrite the table with CAST in the feature pipeline."
    ),
    docs="https://docs.databricks.com/en/sql/language-manual/sql-ref-datatypes.html",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)

NUMERIC_WORDS = frozenset(
    [
        "count",
        "cnt",
        "amount",
        "amt",
        "spend",
        "total",
        "sum",
        "avg",
        "mean",
        "num",
        "qty",
        "quantity",
        "price",
        "cost",
        "revenue",
        "ratio",
        "rate",
        "pct",
        "percent",
        "score",
        "tenure",
        "age",
        "days",
        "months",
        "years",
        "minutes",
        "mins",
        "seconds",
        "secs",
        "tickets",
        "sessions",
        "logins",
        "purchases",
    ]
)
TEMPORAL_WORDS = frozenset(["date", "timestamp", "ts", "at", "time"])
WINDOW = re.compile(r"^\d+[hdwmy]$")  # e.g. the 30d in spend_30d
MAX_DECIMAL_PRECISION = 18  # DECIMAL(p<=18) fits in 8 bytes


def type_of(column: ColumnInfo) -> str:
    name = column.type_name.value if column.type_name is not None else None
    return (column.type_text or name or "?").lower()


def flag(column: ColumnInfo) -> str | None:
    kind = column.type_name.value if column.type_name is not None else ""
    name = column.name or ""
    words = set(name.lower().split("_"))
    if kind == "STRING" and words & TEMPORAL_WORDS:
        return f"{name} is STRING but looks like a date/time"
    if kind == "STRING" and (words & NUMERIC_WORDS or any(WINDOW.match(w) for w in words)):
        return f"{name} is STRING but looks numeric"
    if kind == "DECIMAL" and (column.type_precision or 0) > MAX_DECIMAL_PRECISION:
        return f"{name} is DECIMAL({column.type_precision},{column.type_scale or 0})"
    return None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    schemas: dict[str, dict[str, str]] = {}
    flagged: dict[str, list[str]] = {}
    for name, info in found.items():
        schemas[name] = {c.name or "?": type_of(c) for c in info.columns or []}
        notes = [f for f in map(flag, info.columns or []) if f]
        if notes:
            flagged[name] = notes
    facts = {"column_types": schemas, "flagged": flagged, "missing_tables": missing}
    link = resources.explore_link(ctx, names)
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist.", link=link, **facts
        )
    if flagged:
        listed = "; ".join(f"{t}: {', '.join(n)}" for t, n in flagged.items())
        return Result.review(f"Review these column types: {listed}.", link=link, **facts)
    total = sum(len(s) for s in schemas.values())
    return Result.review(
        f"No suspicious types among {total} column(s) of {len(schemas)} feature table(s); "
        "review the schemas for the narrowest fitting types.",
        link=link,
        **facts,
    )
