"""A named job (retraining, data deletion) exists and starts on its own: an unpaused schedule,
trigger or continuous mode (docs/checks.md#job_scheduledPARTIAL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="job_scheduled",
    title="Named job exists with an unpaused schedule or trigger",
    items=("mpm-retraining-triggers", "gov-data-deletion"),
    params=(Param("job_name", "str", "Exact job name, e.g. churn-retraining or gdpr-deletion"),),
    severity="high",
    permission="CAN_VIEW on the job",
    remediation=(
        "Create the job (bundle resource or Jobs UI) and give it a schedule or a trigger "
        "(periodic, table update, file arrival); unpause it if it is paused."
    ),
    docs="https://docs.databricks.com/en/jobs/triggers.html",
    kind="partial",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get", "GET /api/2.2/jobs/runs/list"),
)


def last_run(ctx: CheckContext, job_id: int) -> dict[str, Any] | None:
    runs = resources.recent_job_runs(ctx, job_id)
    if not runs:
        return None
    run = runs[0]
    result = run.state.result_state.value if run.state and run.state.result_state else None
    hours = None
    if run.start_time:
        hours = round((datetime.now(UTC).timestamp() * 1000 - run.start_time) / 3_600_000, 1)
    return {"run_id": run.run_id, "result": result, "hours_ago": hours}


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    name: str = params["job_name"]
    jobs = resources.jobs_named(ctx, name)
    if not jobs:
        return Result.failed(
            f"No job named {name} exists.", link=ctx.ui_link("/jobs"), job_name=name
        )
    runs_on: list[str] = []
    idle: list[str] = []
    facts: dict[str, Any] = {}
    for summary in jobs:
        job = resources.get_job(ctx, summary.job_id or 0)
        how, paused = resources.job_trigger(job)
        facts[str(job.job_id)] = {
            "trigger": how,
            "paused": paused,
            "last_run": last_run(ctx, job.job_id or 0),
        }
        if how is None:
            idle.append(f"job {job.job_id} has no schedule or trigger")
        elif paused:
            idle.append(f"job {job.job_id}'s {how} is PAUSED")
        else:
            runs_on.append(f"job {job.job_id} runs on {how}")
    link = ctx.ui_link(f"/jobs/{jobs[0].job_id}")
    if not runs_on:
        return Result.failed(
            f"Job {name} does not start on its own: {'; '.join(idle)}.", link=link, jobs=facts
        )
    last = [
        f"last run {f['last_run']['result'] or 'running'} {f['last_run']['hours_ago']} h ago"
        for f in facts.values()
        if f["last_run"]
    ]
    extra = f" ({'; '.join(last)})" if last else " (no completed run yet)"
    return Result.review(
        f"Job {name}: {'; '.join(runs_on)}{extra}. Confirm the rest of the item (what forces an "
        "unscheduled run, what the job covers) is written down.",
        link=link,
        jobs=facts,
    )
