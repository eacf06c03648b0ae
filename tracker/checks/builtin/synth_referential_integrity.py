"""Evidence for 'referential integrity checks automated' on the generated tables: the declared
foreign keys and, with a SQL warehouse, the number of orphan rows per foreign key
(docs/checks.md#synth_referential_integrity). Unity Catalog foreign keys are informational, not enforced: that a check
runs automatically is a person's call; orphan rows found now rule the item out."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import GENERATED_TABLES

META = CheckMeta(
    id="synth_referential_integrity",
    title="Referential integrity of generated tables (reviewed by a person)",
    items=("synth-referential-integrity",),
    params=(
        GENERATED_TABLES,
        Param(
            "warehouse_id",
            "str",
            "SQL warehouse that counts orphan rows per foreign key",
            required=False,
        ),
    ),
    severity="low",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the tables (CAN USE on the warehouse)",
    remediation=(
        "Declare the foreign keys (ALTER TABLE <child> ADD CONSTRAINT <name> FOREIGN KEY (<col>) "
        "REFERENCES <parent>) and run an anti-join test after every generation run that fails "
        "when a key does not resolve."
    ),
    docs="https://docs.databricks.com/en/tables/constraints.html#declare-primary-key-and-foreign-key-relationships",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}", "POST /api/2.0/sql/statements"),
)

_COLUMN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def quote_column(name: str) -> str:
    if not name or not set(name) <= _COLUMN_CHARS:
        raise ValueError(f"not a plain column name: {name!r}")
    return f"`{name}`"


def orphan_sql(child: str, child_cols: list[str], parent: str, parent_cols: list[str]) -> str:
    """Count child rows whose (non-null) key has no parent row. Identifiers are validated."""
    if not child_cols or len(child_cols) != len(parent_cols):
        raise ValueError(f"foreign key of {child} has mismatched columns")
    on = " AND ".join(
        f"c.{quote_column(a)} = p.{quote_column(b)}"
        for a, b in zip(child_cols, parent_cols, strict=True)
    )
    not_null = " AND ".join(f"c.{quote_column(a)} IS NOT NULL" for a in child_cols)
    return (
        f"SELECT count(*) AS orphans FROM {resources.quote_table_name(child)} c "
        f"LEFT ANTI JOIN {resources.quote_table_name(parent)} p ON {on} WHERE {not_null}"
    )


def _foreign_keys(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The foreign keys declared on the tables (child, columns, parent, parent columns)."""
    keys: list[dict[str, Any]] = []
    for name, info in found.items():
        for tc in info.table_constraints or []:
            fk = tc.foreign_key_constraint
            if fk is not None:
                keys.append(
                    {
                        "name": fk.name,
                        "child": name,
                        "columns": list(fk.child_columns or []),
                        "parent": fk.parent_table,
                        "parent_columns": list(fk.parent_columns or []),
                    }
                )
    return keys


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["tables"]
    warehouse: str | None = params.get("warehouse_id")
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    keys = _foreign_keys(found)
    orphans: dict[str, int] = {}
    if warehouse:
        for key in keys:
            label = f"{key['child']}({', '.join(key['columns'])}) -> {key['parent']}"
            try:
                statement = orphan_sql(
                    key["child"], key["columns"], key["parent"] or "", key["parent_columns"]
                )
            except ValueError as exc:
                return Result.error(f"Bad parameter: {exc}", link=link)
            outcome = resources.run_statement(ctx, statement, warehouse)
            if not outcome.succeeded:
                return Result.error(
                    outcome.failure(f"Orphan count for {label} on warehouse {warehouse}"),
                    link=link,
                )
            try:
                orphans[label] = outcome.scalar_int(empty=None)
            except (TypeError, ValueError):
                return Result.error(
                    f"Orphan count for {label} returned {outcome.rows[:1]!r}.", link=link
                )
    facts = {"foreign_keys": keys, "orphan_rows": orphans, "missing_tables": missing}
    problems = [f"{n} does not exist" for n in missing]
    broken = {k: v for k, v in orphans.items() if v > 0}
    if broken:
        problems.append("orphan rows: " + ", ".join(f"{k} ({v})" for k, v in broken.items()))
    if failed := Result.failure("Referential integrity", problems, link=link, **facts):
        return failed
    declared = ", ".join(f"{k['child']}({', '.join(k['columns'])}) -> {k['parent']}" for k in keys)
    counted = " with no orphan rows" if orphans else ""
    return Result.review(
        (
            f"{len(keys)} foreign key(s) declared{counted}: {declared}."
            if keys
            else "No foreign key is declared between the generated tables."
        )
        + " Unity Catalog does not enforce them: confirm an automated test checks every key "
        "after each generation run.",
        link=link,
        **facts,
    )
