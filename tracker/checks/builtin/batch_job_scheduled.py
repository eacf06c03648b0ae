"""Batch inference runs as a scheduled Databricks job (reference §3 item 50)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import BATCH_JOB_NAMES

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
    by_name = resources.list_jobs_by_name(ctx, names)
    jobs: dict[str, Any] = {}
    problems: list[str] = []
    first_id: int | None = None
    for name in names:
        found = by_name[name]
        if not found:
            jobs[name] = None
            problems.append(f"no job named {name}")
            continue
        for job in found:
            first_id = first_id or job.job_id
            how, paused = resources.job_trigger(job)
            active = how is not None and not paused
            how = (
                f"{how} {'PAUSED' if paused else 'UNPAUSED'}"
                if how
                else "no schedule or trigger (manual runs only)"
            )
            jobs[f"{name} ({job.job_id})" if len(found) > 1 else name] = {
                "job_id": job.job_id,
                "schedule": how,
            }
            if not active:
                problems.append(f"{name} has {how}")
    link = resources.job_link(ctx, first_id if len(names) == 1 else None)
    facts = {"jobs": jobs}
    if problems:
        return Result.failed(
            "Batch job scheduling: " + "; ".join(problems) + ".", link=link, **facts
        )
    summary = "; ".join(f"{n}: {j['schedule']}" for n, j in jobs.items())
    return Result.passed(f"Batch inference jobs are scheduled ({summary}).", link=link, **facts)
