"""Evidence for 'null value policies defined and enforced': which feature columns are NOT NULL
(enforced by Delta) and which accept nulls; listed required columns must be NOT NULL
(docs/checks.md#dv_null_policies). The written policy is confirmed by a person."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="dv_null_policies",
    title="Feature nullability (null policy reviewed by a person)",
    items=("dv-null-policies",),
    params=(
        FEATURE_TABLES,
        Param(
            "required_non_null_columns",
            "list",
            "Columns that must be NOT NULL: <column> (in every table that has it) or "
            "<catalog.schema.table>.<column>",
            required=False,
        ),
    ),
    severity="high",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "Write down per feature whether nulls are allowed and how they are imputed; enforce "
        "required columns with ALTER TABLE <table> ALTER COLUMN <column> SET NOT NULL or a "
        "pipeline expectation."
    ),
    docs="https://docs.databricks.com/en/tables/constraints.html#not-null-constraint",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    required: list[str] = params.get("required_non_null_columns") or []
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    not_null: dict[str, list[str]] = {}
    nullable: dict[str, list[str]] = {}
    for name, info in found.items():
        not_null[name] = [c.name or "?" for c in info.columns or [] if c.nullable is False]
        nullable[name] = [c.name or "?" for c in info.columns or [] if c.nullable is not False]
    violations: list[str] = []
    unmatched: list[str] = []
    for entry in required:
        table, _, column = entry.rpartition(".")
        targets = [t for t in found if not table or t.lower() == table.lower()]
        hits = [
            t for t in targets if column.lower() in {c.lower() for c in not_null[t] + nullable[t]}
        ]
        if not hits:
            unmatched.append(entry)
        violations.extend(
            f"{t}.{column}" for t in hits if column.lower() in {c.lower() for c in nullable[t]}
        )
    facts = {
        "not_null_columns": not_null,
        "nullable_columns": nullable,
        "required_non_null_columns": required,
        "required_not_found": unmatched,
        "missing_tables": missing,
    }
    problems = [f"{n} does not exist" for n in missing]
    if violations:
        problems.append(f"required column(s) accept nulls: {', '.join(violations)}")
    if unmatched:
        problems.append(f"required column(s) not found: {', '.join(unmatched)}")
    if failed := Result.failure("Null policy", problems, link=link, **facts):
        return failed
    total_nn = sum(len(v) for v in not_null.values())
    total = total_nn + sum(len(v) for v in nullable.values())
    open_cols = "; ".join(f"{t}: {', '.join(c)}" for t, c in nullable.items() if c) or "none"
    checked = f" All {len(required)} required column(s) are NOT NULL." if required else ""
    return Result.review(
        f"{total_nn} of {total} feature column(s) are NOT NULL; nullable: {open_cols}.{checked} "
        "Confirm the null policy (allowed or imputed) is written down for each feature.",
        link=link,
        **facts,
    )
