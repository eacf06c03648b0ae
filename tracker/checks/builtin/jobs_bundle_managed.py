"""Production jobs are defined in an Asset Bundle (reference §3 item 71; endpoints and tables in
the bundle are confirmed by a person)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="jobs_bundle_managed",
    title="Production jobs deployed from an Asset Bundle",
    items=("dab-resources-complete",),
    params=(
        Param("prod_job_names", "list", "Production job names (comma-separated)", required=False),
        Param(
            "prod_job_tag",
            "str",
            "Tag marking production jobs (key=value), if no names",
            required=False,
        ),
    ),
    severity="medium",
    permission="CAN_VIEW on the production jobs",
    remediation=(
        "Define every production job (and endpoint, table) as a resource in databricks.yml and deploy "
        "with `databricks bundle deploy -t prod`; bind existing jobs with `databricks bundle deployment bind`."
    ),
    docs="https://docs.databricks.com/en/dev-tools/bundles/resources.html",
    kind="partial",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    try:
        selection = resources.find_jobs(
            ctx, params.get("prod_job_names") or [], params.get("prod_job_tag")
        )
    except ValueError as exc:
        return Result.error(f"Bad parameter: {exc}")
    if not selection.jobs and not selection.missing:
        return Result.failed(
            f"No production job found by {selection.how}.", link=ctx.ui_link("/jobs")
        )
    bundled: dict[str, str] = {}
    manual: list[str] = []
    for summary in selection.jobs:
        job = resources.get_job(ctx, summary.job_id or 0)
        deployment = job.settings.deployment if job.settings else None
        kind = getattr(deployment.kind, "value", deployment.kind) if deployment else None
        name = resources.job_name(job)
        if kind == "BUNDLE":
            bundled[name] = (deployment.metadata_file_path if deployment else None) or "bundle"
        else:
            manual.append(name)
    facts = {
        "selected_by": selection.how,
        "bundle_managed": bundled,
        "not_bundle_managed": manual,
        "missing": selection.missing,
    }
    link = (
        ctx.ui_link(f"/jobs/{selection.jobs[0].job_id}")
        if len(selection.jobs) == 1
        else ctx.ui_link("/jobs")
    )
    problems = []
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if manual:
        problems.append(f"{', '.join(manual)} not deployed from a bundle")
    if problems:
        return Result.failed("Bundle resources: " + "; ".join(problems) + ".", link=link, **facts)
    return Result.review(
        f"All {len(bundled)} production job(s) ({selection.how}) are deployed from an Asset Bundle; "
        "confirm the serving endpoints and tables are bundle resources too.",
        link=link,
        **facts,
    )
