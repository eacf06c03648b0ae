"""Evidence for 'range checks for all numeric features': which numeric feature columns a Delta
CHECK constraint covers (docs/checks.md#dv_range_constraints). Pipeline expectations are confirmed by a person."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import FEATURE_TABLES

META = CheckMeta(
    id="dv_range_constraints",
    title="Numeric features covered by CHECK constraints (reviewed by a person)",
    items=("dv-range-checks",),
    params=(FEATURE_TABLES,),
    severity="high",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the feature tables (or ownership)",
    remediation=(
        "Add a range per numeric feature: ALTER TABLE <table> ADD CONSTRAINT <name> CHECK "
        "(<feature> BETWEEN <min> AND <max>), or an equivalent pipeline expectation."
    ),
    docs="https://docs.databricks.com/en/tables/constraints.html#check-constraints",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)

NUMERIC_TYPES = frozenset({"BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DECIMAL"})
CONSTRAINT_PREFIX = "delta.constraints."


def mentions(expression: str, column: str) -> bool:
    return (
        re.search(rf"(?<![\w]){re.escape(column)}(?![\w])", expression, re.IGNORECASE) is not None
    )


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    covered: dict[str, list[str]] = {}
    uncovered: dict[str, list[str]] = {}
    constraints: dict[str, dict[str, str]] = {}
    for name, info in found.items():
        checks = {
            k[len(CONSTRAINT_PREFIX) :]: v
            for k, v in (info.properties or {}).items()
            if k.startswith(CONSTRAINT_PREFIX)
        }
        constraints[name] = checks
        keys: set[str] = set()
        for tc in info.table_constraints or []:
            pk = tc.primary_key_constraint
            if pk is not None:
                keys.update(pk.child_columns or [])
                keys.update(pk.timeseries_columns or [])
        numeric = [
            c.name
            for c in info.columns or []
            if c.name
            and c.type_name is not None
            and c.type_name.value in NUMERIC_TYPES
            and c.name not in keys
        ]
        covered[name] = [c for c in numeric if any(mentions(e, c) for e in checks.values())]
        uncovered[name] = [c for c in numeric if c not in covered[name]]
    facts = {
        "check_constraints": constraints,
        "numeric_features_covered": covered,
        "numeric_features_without_constraint": uncovered,
        "missing_tables": missing,
    }
    if missing:
        return Result.failed(
            f"Feature table(s) {', '.join(missing)} do not exist.", link=link, **facts
        )
    gaps = {t: c for t, c in uncovered.items() if c}
    total = sum(len(c) for c in covered.values()) + sum(len(c) for c in uncovered.values())
    if gaps:
        listed = "; ".join(f"{t}: {', '.join(c)}" for t, c in gaps.items())
        return Result.review(
            f"{sum(len(c) for c in gaps.values())} of {total} numeric feature(s) have no CHECK "
            f"constraint ({listed}); confirm a pipeline expectation enforces their range.",
            link=link,
            **facts,
        )
    return Result.review(
        f"All {total} numeric feature(s) are covered by CHECK constraints; confirm the ranges "
        "are meaningful.",
        link=link,
        **facts,
    )
