"""Evidence for 'data quality validation implemented' on the generated (synthetic) tables: their
quality monitors and the Lakeflow pipelines that could carry expectations (docs/checks.md#synth_quality_validation).
That the generated data passes the same checks as production data is a person's call."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import GENERATED_TABLES

META = CheckMeta(
    id="synth_quality_validation",
    title="Quality validation on generated data (reviewed by a person)",
    items=("synth-quality-validation",),
    params=(GENERATED_TABLES,),
    severity="high",
    permission="USE_CATALOG + USE_SCHEMA + SELECT on the tables",
    remediation=(
        "Run the production quality checks on generated data after every generation run: a "
        "quality monitor on the generated tables or pipeline expectations (schema, ranges, null "
        "rates, distributions)."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/index.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/2.0/pipelines",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["tables"]
    found, missing = resources.tables_found(ctx, names)
    link = resources.explore_link(ctx, names)
    monitors: dict[str, str] = {}
    found_monitors = resources.table_monitors(ctx, found, skip_unavailable=True)
    for name in found:
        if name not in found_monitors:
            monitors[name] = "monitoring not available"
            continue
        m = found_monitors[name]
        monitors[name] = (m.status or "unknown status") if m is not None else "no monitor"
    pipelines = sorted(p.name or p.pipeline_id or "?" for p in resources.pipelines(ctx))
    facts = {"monitors": monitors, "pipelines": pipelines, "missing_tables": missing}
    if missing:
        return Result.failed(
            f"Generated table(s) {', '.join(missing)} do not exist.", link=link, **facts
        )
    active = [n for n, s in monitors.items() if s == "ACTIVE"]
    listed = "; ".join(f"{n}: {s}" for n, s in monitors.items())
    return Result.review(
        f"{len(active)} of {len(monitors)} generated table(s) have an active quality monitor "
        f"({listed}); {len(pipelines)} Lakeflow pipeline(s) could carry expectations. Confirm "
        "generated data passes the production quality checks after every run.",
        link=link,
        **facts,
    )
