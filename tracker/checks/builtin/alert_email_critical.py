"""Critical failures e-mail someone: every production job has on-failure e-mail recipients
(reference §3 item 96)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

if TYPE_CHECKING:
    from databricks.sdk.service.jobs import Job

META = CheckMeta(
    id="alert_email_critical",
    title="Production job failures e-mail a recipient",
    items=("alert-email-critical",),
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
        "Add the team's distribution list to each job's e-mail notifications on failure "
        "(job settings > Job notifications > Failure)."
    ),
    docs="https://docs.databricks.com/en/jobs/notifications.html",
    resources=("GET /api/2.2/jobs/list", "GET /api/2.2/jobs/get"),
)


def failure_recipients(job: Job) -> list[str]:
    """On-failure e-mail recipients of the job, or of every task when the job level has none."""
    s = job.settings
    if s is None:
        return []
    if s.email_notifications and s.email_notifications.on_failure:
        return list(s.email_notifications.on_failure)
    tasks = s.tasks or []
    per_task = [
        list(t.email_notifications.on_failure)
        if t.email_notifications and t.email_notifications.on_failure
        else []
        for t in tasks
    ]
    if tasks and all(per_task):
        return sorted({r for rs in per_task for r in rs})
    return []


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
    recipients: dict[str, list[str]] = {}
    silent: list[str] = []
    for summary in selection.jobs:
        job = resources.get_job(ctx, summary.job_id or 0)
        name = resources.job_name(job)
        recipients[name] = failure_recipients(job)
        if not recipients[name]:
            silent.append(name)
    link = (
        ctx.ui_link(f"/jobs/{selection.jobs[0].job_id}")
        if len(selection.jobs) == 1
        else ctx.ui_link("/jobs")
    )
    facts = {"selected_by": selection.how, "recipients": recipients, "missing": selection.missing}
    problems = []
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if silent:
        problems.append(f"no on-failure e-mail on {', '.join(silent)}")
    if problems:
        return Result.failed(
            "Critical e-mail alerts: " + "; ".join(problems) + ".", link=link, **facts
        )
    everyone = sorted({r for rs in recipients.values() for r in rs})
    return Result.passed(
        f"All {len(recipients)} production job(s) ({selection.how}) e-mail {', '.join(everyone)} on failure.",
        link=link,
        **facts,
    )
