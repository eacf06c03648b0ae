"""Service principals exist for automated workloads and the production jobs run as one
(docs/checks.md#uc_service_principals; SAT GOV-42 uses the same e-mail rule)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import PROD_JOB_NAMES, PROD_JOB_TAG
from tracker.checks.selection import prod_jobs

if TYPE_CHECKING:
    from databricks.sdk.service.jobs import Job

META = CheckMeta(
    id="uc_service_principals",
    title="Production jobs run as service principals",
    items=("uc-service-principals",),
    params=(
        PROD_JOB_NAMES,
        PROD_JOB_TAG,
        Param(
            "sp_name_regex",
            "regex",
            "Only service principals whose display name matches count (e.g. ^sp-)",
            required=False,
        ),
    ),
    severity="high",
    permission="workspace access (to list service principals) and CAN_VIEW on the production jobs",
    remediation=(
        "Create a service principal for production workloads (Settings > Identity and access > "
        "Service principals) and set each production job's 'Run as' to it (bundle: "
        "run_as.service_principal_name)."
    ),
    docs="https://docs.databricks.com/en/admin/users-groups/service-principals.html",
    resources=(
        "GET /api/2.0/preview/scim/v2/ServicePrincipals",
        "GET /api/2.2/jobs/list",
        "GET /api/2.2/jobs/get",
    ),
)


def run_as(job: Job) -> str | None:
    """Who the job runs as: the effective ``run_as_user_name``, else the configured run_as."""
    if job.run_as_user_name:
        return job.run_as_user_name
    configured = job.settings.run_as if job.settings else None
    if configured is None:
        return None
    return configured.service_principal_name or configured.user_name


def is_person(principal: str | None) -> bool:
    """Users are e-mail names; service principals run as their application id (a UUID)."""
    return principal is None or "@" in principal


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    regex: str | None = params.get("sp_name_regex")
    principals = [
        sp
        for sp in resources.service_principals(ctx)
        if sp.active is not False and (regex is None or re.search(regex, sp.display_name or ""))
    ]
    names = {
        sp.application_id: sp.display_name or sp.application_id
        for sp in principals
        if sp.application_id
    }
    selection = prod_jobs(ctx, params)
    if isinstance(selection, Result):
        return selection
    as_sp: dict[str, str] = {}
    as_person: dict[str, str] = {}
    for job in selection.full_jobs(ctx):
        who = run_as(job)
        if who is None or is_person(who):
            as_person[resources.job_name(job)] = who or "its owner (run_as not set)"
        else:
            as_sp[resources.job_name(job)] = names.get(who, who or "")
    facts = {
        "service_principals": sorted(str(n) for n in names.values()),
        "selected_by": selection.how,
        "jobs_run_as_service_principal": as_sp,
        "jobs_run_as_person": as_person,
        "missing_jobs": selection.missing,
    }
    link = ctx.ui_link("/settings/workspace/identity-and-access/service-principals")
    problems: list[str] = []
    if not principals:
        problems.append(
            "no active service principal" + (f" matching {regex}" if regex else "") + " exists"
        )
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if not selection.jobs and not selection.missing:
        problems.append(f"no production job found by {selection.how}")
    if as_person:
        problems.append(
            "jobs run as a person: "
            + ", ".join(f"{j} as {w}" for j, w in sorted(as_person.items()))
        )
    if failed := Result.failure("Service principals", problems, link=link, **facts):
        return failed
    runs = ", ".join(f"{j} as {sp}" for j, sp in sorted(as_sp.items()))
    return Result.passed(
        f"{len(principals)} active service principal(s) exist and all {len(as_sp)} production "
        f"job(s) run as one: {runs}.",
        examined=sorted(as_sp),
        link=link,
        **facts,
    )
