"""Every production job alerts someone when it fails (reference §3 item 90)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

if TYPE_CHECKING:
    from databricks.sdk.service.jobs import Job

META = CheckMeta(
    id="jobs_alert_on_failure",
    title="Production jobs alert on failure",
    items=("ops-job-failure-alerts",),
    params=(
        Param("prod_job_names", "list", "Production job names (comma-separated)", required=False),
        Param(
            "prod_job_tag",
            "str",
            "Tag marking production jobs (key=value), if no names",
            required=False,
        ),
    ),
    severity="high",
    permission="CAN_VIEW on the production jobs",
    remediation=(
        "Add an on-failure e-mail or a notification destination (Slack, PagerDuty, webhook) to "
        "each job: job settings > Job notifications > Failure."
    ),
    docs="https://docs.databricks.com/en/jobs/notifications.html",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get"),
)


def _alerts(job: Job) -> bool:
    s = job.settings
    if s is None:
        return False
    if (s.email_notifications and s.email_notifications.on_failure) or (
        s.webhook_notifications and s.webhook_notifications.on_failure
    ):
        return True
    tasks = s.tasks or []
    return bool(tasks) and all(
        (t.email_notifications and t.email_notifications.on_failure)
        or (t.webhook_notifications and t.webhook_notifications.on_failure)
        for t in tasks
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
    silent: list[str] = []
    alerting: list[str] = []
    for summary in selection.jobs:
        job = resources.get_job(ctx, summary.job_id or 0)
        (alerting if _alerts(job) else silent).append(resources.job_name(job))
    facts = {
        "selected_by": selection.how,
        "alerting": alerting,
        "silent": silent,
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
    if silent:
        problems.append(f"no failure alert on {', '.join(silent)}")
    if problems:
        return Result.failed("Production jobs: " + "; ".join(problems) + ".", link=link, **facts)
    return Result.passed(
        f"All {len(alerting)} production job(s) ({selection.how}) alert on failure by e-mail or "
        f"notification destination.",
        link=link,
        **facts,
    )
