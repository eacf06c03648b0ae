"""Feature tables have one primary key constraint on NOT NULL columns (docs/checks.md#fs_primary_keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import TableInfo

META = CheckMeta(
    id="fs_primary_keys",
    title="Feature tables have primary keys",
    items=("fs-primary-keys",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "Make the key columns NOT NULL and add the constraint: ALTER TABLE <table> ALTER COLUMN "
        "<key> SET NOT NULL; ALTER TABLE <table> ADD CONSTRAINT <table>_pk PRIMARY KEY (<key>[, "
        "<ts> TIMESERIES])."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/uc/feature-tables-uc.html",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)


def key_problem(info: TableInfo) -> tuple[list[str], str | None]:
    """(primary key columns, what is wrong or None)."""
    pks = [
        c.primary_key_constraint for c in info.table_constraints or [] if c.primary_key_constraint
    ]
    if not pks:
        return [], "no primary key constraint"
    if len(pks) > 1:
        return [], f"{len(pks)} primary key constraints"
    columns = list(pks[0].child_columns or [])
    if not columns:
        return [], "a primary key constraint without columns"
    nullable = {c.name for c in info.columns or [] if c.nullable is not False}
    bad = [c for c in columns if c in nullable]
    if bad:
        return columns, f"nullable key column(s) {', '.join(bad)}"
    return columns, None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    keys: dict[str, list[str]] = {}
    problems: list[str] = [f"{n} does not exist" for n in missing]
    for name, info in found.items():
        columns, problem = key_problem(info)
        keys[name] = columns
        if problem:
            problems.append(f"{name} has {problem}")
    facts = {"primary_keys": keys, "missing_tables": missing}
    link = resources.explore_link(ctx, names)
    if failed := Result.failure("Feature table keys", problems, link=link, **facts):
        return failed
    listed = ", ".join(f"{n} ({', '.join(k)})" for n, k in keys.items())
    return Result.passed(
        f"Every feature table has a primary key on NOT NULL columns: {listed}.",
        examined=list(keys),
        link=link,
        **facts,
    )
