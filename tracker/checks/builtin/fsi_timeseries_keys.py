"""Time-series feature tables declare a timeseries key, the prerequisite for point-in-time
lookups (docs/checks.md#fsi_timeseries_keys; the verification itself is manual)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="fsi_timeseries_keys",
    title="Time-series feature tables declare a timeseries key",
    items=("fsi-point-in-time-correctness",),
    params=(Param("timeseries_feature_tables", "list", "Time-series feature tables, full names"),),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the tables",
    remediation=(
        "Declare the time column in the primary key: ALTER TABLE t ADD CONSTRAINT t_pk "
        "PRIMARY KEY (customer_id, ts TIMESERIES); then use timestamp_lookup_key in FeatureLookup."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/time-series.html",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["timeseries_feature_tables"]
    found, missing = resources.tables_found(ctx, names)
    keys: dict[str, Any] = {}
    problems = [f"{n} does not exist" for n in missing]
    for name, info in found.items():
        pks = [
            c.primary_key_constraint
            for c in info.table_constraints or []
            if c.primary_key_constraint
        ]
        if not pks:
            keys[name] = {"primary_key": None, "timeseries_columns": []}
            problems.append(f"{name} has no primary key")
            continue
        pk = pks[0]
        ts = list(pk.timeseries_columns or [])
        keys[name] = {"primary_key": list(pk.child_columns or []), "timeseries_columns": ts}
        if not ts:
            problems.append(
                f"{name}'s primary key {pk.name or ''} declares no TIMESERIES column".replace(
                    "  ", " "
                )
            )
    link = resources.explore_link(ctx, names)
    facts = {"tables": keys, "missing": missing}
    if failed := Result.failure("Point-in-time keys", problems, link=link, **facts):
        return failed
    summary = "; ".join(f"{n} ({', '.join(k['timeseries_columns'])})" for n, k in keys.items())
    return Result.review(
        f"Time-series feature tables declare timeseries keys: {summary}; confirm training sets use "
        "timestamp_lookup_key and a leakage test exists.",
        link=link,
        **facts,
    )
