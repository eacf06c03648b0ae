"""Batch job tasks retry and time out (docs/checks.md#batch_job_retries; in-code error handling is manual)."""

from __future__ import annotations

from typing import Any

from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import BATCH_JOB_NAMES
from tracker.checks.selection import find_jobs

META = CheckMeta(
    id="batch_job_retries",
    title="Batch job retries and timeouts configured",
    items=("batch-error-handling-retries",),
    params=(BATCH_JOB_NAMES,),
    severity="high",
    permission="CAN_VIEW on the jobs",
    remediation=(
        "Set max_retries (> 0), min_retry_interval_millis and timeout_seconds on every task (or a "
        "job-level timeout_seconds) in the job or bundle definition."
    ),
    docs="https://docs.databricks.com/en/jobs/configure-task.html#set-a-retry-policy",
    kind="partial",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["batch_job_names"]
    selection = find_jobs(ctx, names, names_param="batch_job_names")
    jobs: dict[str, Any] = {}
    problems: list[str] = []
    for job in selection.full_jobs(ctx):
        label = selection.label(job)
        settings = job.settings
        job_timeout = (settings.timeout_seconds if settings else None) or 0
        tasks: dict[str, Any] = {}
        for task in (settings.tasks if settings else None) or []:
            retries = task.max_retries or 0
            timeout = task.timeout_seconds or job_timeout
            key = task.task_key or "?"
            tasks[key] = {"max_retries": retries, "timeout_seconds": timeout or None}
            gaps = []
            if not (retries > 0 or retries == -1):
                gaps.append("no retries")
            if not timeout:
                gaps.append("no timeout")
            if gaps:
                problems.append(f"{label} task {key}: {' and '.join(gaps)}")
        if not tasks:
            problems.append(f"{label} has no tasks")
        jobs[label] = {
            "job_id": job.job_id,
            "job_timeout_seconds": job_timeout or None,
            "tasks": tasks,
        }
    for name in selection.missing:
        jobs[name] = None
        problems.append(f"no job named {name}")
    link = selection.link(ctx)
    facts = {"jobs": jobs}
    return Result.from_problems(
        problems,
        failure="Batch job error handling",
        success=Result.review(
            f"Every task of {', '.join(names)} retries and has a timeout; confirm the code validates its "
            "input, logs failures with context and re-raises.",
            link=link,
            **facts,
        ),
        link=link,
        **facts,
    )
