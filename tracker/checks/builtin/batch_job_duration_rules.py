"""Batch jobs have a run-duration benchmark (health rule), with recent run times as evidence
(docs/checks.md#batch_job_duration_rules; the benchmark value itself is manual)."""

from __future__ import annotations

import statistics
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import BATCH_JOB_NAMES
from tracker.checks.selection import find_jobs

META = CheckMeta(
    id="batch_job_duration_rules",
    title="Batch job performance benchmarks (duration health rule)",
    items=("batch-performance-benchmarks",),
    params=(BATCH_JOB_NAMES,),
    severity="medium",
    permission="CAN_VIEW on the jobs",
    remediation=(
        "Record the baseline run time and add a health rule to the job: health: rules: - metric: "
        "RUN_DURATION_SECONDS, op: GREATER_THAN, value: <baseline + headroom>."
    ),
    docs="https://docs.databricks.com/en/jobs/notifications.html#configure-notifications-for-slow-jobs",
    kind="partial",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get", "GET /api/2.2/jobs/runs/list"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["batch_job_names"]
    selection = find_jobs(ctx, names, names_param="batch_job_names")
    jobs: dict[str, Any] = {}
    problems: list[str] = []
    for job in selection.full_jobs(ctx):
        label = selection.label(job)
        health = job.settings.health if job.settings else None
        rules = [
            {"op": getattr(r.op, "value", r.op), "value": r.value}
            for r in (health.rules if health else None) or []
            if getattr(r.metric, "value", r.metric) == "RUN_DURATION_SECONDS"
        ]
        runs = resources.recent_job_runs(ctx, job.job_id or 0)
        durations = [
            r.run_duration // 1000
            for r in runs
            if r.run_duration
            and r.state
            and getattr(r.state.result_state, "value", None) == "SUCCESS"
        ]
        jobs[label] = {
            "job_id": job.job_id,
            "duration_rules": rules,
            "successful_runs": len(durations),
            "median_duration_s": int(statistics.median(durations)) if durations else None,
            "max_duration_s": max(durations) if durations else None,
        }
        if not rules:
            problems.append(f"{label} has no RUN_DURATION_SECONDS health rule")
    for name in selection.missing:
        jobs[name] = None
        problems.append(f"no job named {name}")
    link = selection.link(ctx)
    facts = {"jobs": jobs}
    if failed := Result.failure("Batch performance benchmarks", problems, link=link, **facts):
        return failed

    def describe(name: str, j: dict[str, Any]) -> str:
        limits = ", ".join(f"{r['op']} {r['value']:g} s" for r in j["duration_rules"])
        median = (
            f"median of {j['successful_runs']} recent runs {j['median_duration_s']} s"
            if j["median_duration_s"]
            else "no recent successful run"
        )
        return f"{name} alerts on duration {limits} ({median})"

    return Result.review(
        "; ".join(describe(n, j) for n, j in jobs.items()) + "; confirm the baseline is recorded.",
        link=link,
        **facts,
    )
