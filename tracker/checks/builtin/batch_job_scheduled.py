"""Batch inference runs as a scheduled Databricks job (docs/checks.md#batch_job_scheduled)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import BATCH_JOB_NAMES
from tracker.checks.selection import find_jobs

META = CheckMeta(
    id="batch_job_scheduled",
    title="Batch inference scheduled via Databricks Jobs",
    items=("batch-job-scheduling",),
    params=(BATCH_JOB_NAMES,),
    severity="high",
    permission="CAN_VIEW on the jobs",
    remediation=(
        "Give the job a schedule, file-arrival/table trigger or continuous mode and make sure it is "
        "not PAUSED (job settings > Schedules & Triggers, or the bundle's schedule/trigger block)."
    ),
    docs="https://docs.databricks.com/en/jobs/scheduled.html",
    resources=("GET /api/2.2/jobs/list",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["batch_job_names"]
    selection = find_jobs(ctx, names, names_param="batch_job_names")
    jobs: dict[str, Any] = {}
    problems: list[str] = []
    for job in selection.jobs:
        label = selection.label(job)
        how, paused = resources.job_trigger(job)
        active = how is not None and not paused
        how = (
            f"{how} {'PAUSED' if paused else 'UNPAUSED'}"
            if how
            else "no schedule or trigger (manual runs only)"
        )
        jobs[label] = {"job_id": job.job_id, "schedule": how}
        if not active:
            problems.append(f"{label} has {how}")
    for name in selection.missing:
        jobs[name] = None
        problems.append(f"no job named {name}")
    link = selection.link(ctx)
    facts = {"jobs": jobs}
    if failed := Result.failure("Batch job scheduling", problems, link=link, **facts):
        return failed
    summary = "; ".join(f"{n}: {j['schedule']}" for n, j in jobs.items())
    return Result.passed(
        f"Batch inference jobs are scheduled ({summary}).", examined=list(jobs), link=link, **facts
    )
