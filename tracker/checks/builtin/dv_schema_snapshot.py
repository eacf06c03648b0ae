"""Evidence for 'schema validation automated': a snapshot (and fingerprint) of each table's live
schema, compared with the expected columns when given, plus the Lakeflow pipelines that could
carry expectations (docs/checks.md#dv_schema_snapshot). That validation is automated is a person's call."""

from __future__ import annotations

import hashlib
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="dv_schema_snapshot",
    title="Table schemas snapshot (schema validation reviewed by a person)",
    items=("dv-schema-validation",),
    params=(
        Param("tables", "list", "Tables whose schema is validated, full three-part names"),
        Param(
            "expected_columns",
            "list",
            "Expected columns as <catalog.schema.table>.<column>:<type> (drift = FAIL)",
            required=False,
        ),
    ),
    severity="high",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the tables (or ownership)",
    remediation=(
        "Fail pipelines fast on schema drift: read with an explicit schema, add pipeline "
        "expectations, or test the table schema against a checked-in schema in CI."
    ),
    docs="https://docs.databricks.com/en/dlt/expectations.html",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/tables/{full_name}", "GET /api/2.0/pipelines"),
)


def fingerprint(columns: dict[str, str]) -> str:
    text = ",".join(f"{k}:{v}" for k, v in sorted(columns.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def parse_expected(entries: list[str]) -> dict[str, dict[str, str]]:
    """``{table: {column: type}}`` from ``catalog.schema.table.column:type`` entries."""
    merged: list[str] = []
    for entry in entries:  # the list was split on commas: glue decimal(10,2) back together
        if merged and ":" not in entry:
            merged[-1] += "," + entry
        else:
            merged.append(entry)
    expected: dict[str, dict[str, str]] = {}
    for entry in merged:
        left, _, kind = entry.rpartition(":")
        table, _, column = left.rpartition(".")
        if not table or not column or not kind or table.count(".") != 2:
            raise ValueError(
                f"expected_columns entry {entry!r} is not catalog.schema.table.column:type"
            )
        expected.setdefault(table.lower(), {})[column.lower()] = kind.strip().lower()
    return expected


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["tables"]
    try:
        expected = parse_expected(params.get("expected_columns") or [])
    except ValueError as exc:
        return Result.error(f"Bad parameter: {exc}")
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    snapshot: dict[str, dict[str, str]] = {}
    drift: list[str] = []
    for name, info in found.items():
        columns = {
            (c.name or "?").lower(): (
                c.type_text or (c.type_name.value if c.type_name else "?")
            ).lower()
            for c in info.columns or []
        }
        snapshot[name] = columns
        for column, kind in expected.get(name.lower(), {}).items():
            if column not in columns:
                drift.append(f"{name}.{column} is missing (expected {kind})")
            elif columns[column] != kind:
                drift.append(f"{name}.{column} is {columns[column]}, expected {kind}")
    pipelines = sorted(p.name or p.pipeline_id or "?" for p in resources.pipelines(ctx))
    prints = {n: fingerprint(c) for n, c in snapshot.items()}
    facts = {
        "schemas": snapshot,
        "fingerprints": prints,
        "pipelines": pipelines,
        "missing_tables": missing,
        "drift": drift,
    }
    problems = [f"{n} does not exist" for n in missing] + drift
    if failed := Result.failure("Schema validation", problems, link=link, **facts):
        return failed
    compared = (
        f" matching {sum(len(v) for v in expected.values())} expected column(s)" if expected else ""
    )
    listed = ", ".join(f"{n} ({len(c)} columns, {prints[n]})" for n, c in snapshot.items())
    return Result.review(
        f"Schema snapshot{compared}: {listed}; {len(pipelines)} Lakeflow pipeline(s) could enforce "
        "expectations. Confirm pipelines fail on schema drift (explicit schemas, expectations or "
        "a CI schema test).",
        link=link,
        **facts,
    )
