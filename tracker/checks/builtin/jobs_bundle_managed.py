"""Production jobs are defined in an Asset Bundle (docs/checks.md#jobs_bundle_managed; endpoints and tables in
the bundle are confirmed by a person)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import PROD_JOB_NAMES, PROD_JOB_TAG
from tracker.checks.selection import require_prod_jobs

META = CheckMeta(
    id="jobs_bundle_managed",
    title="Production jobs deployed from an Asset Bundle",
    items=("dab-resources-complete",),
    params=(PROD_JOB_NAMES, PROD_JOB_TAG),
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
    selection = require_prod_jobs(ctx, params)
    if isinstance(selection, Result):
        return selection
    bundled: dict[str, str] = {}
    manual: list[str] = []
    for job in selection.full_jobs(ctx):
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
    link = selection.link(ctx)
    problems = []
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if manual:
        problems.append(f"{', '.join(manual)} not deployed from a bundle")
    return Result.from_problems(
        problems,
        failure="Bundle resources",
        success=Result.review(
            f"All {len(bundled)} production job(s) ({selection.how}) are deployed from an Asset Bundle; "
            "confirm the serving endpoints and tables are bundle resources too.",
            link=link,
            **facts,
        ),
        link=link,
        **facts,
    )
