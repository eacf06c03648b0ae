"""Critical failures e-mail someone: every production job has on-failure e-mail recipients
(docs/checks.md#alert_email_critical)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import PROD_JOB_NAMES, PROD_JOB_TAG
from tracker.checks.selection import require_prod_jobs

if TYPE_CHECKING:
    from databricks.sdk.service.jobs import Job

META = CheckMeta(
    id="alert_email_critical",
    title="Production job failures e-mail a recipient",
    items=("alert-email-critical",),
    params=(PROD_JOB_NAMES, PROD_JOB_TAG),
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
    selection = require_prod_jobs(ctx, params)
    if isinstance(selection, Result):
        return selection
    recipients: dict[str, list[str]] = {}
    silent: list[str] = []
    for job in selection.full_jobs(ctx):
        name = resources.job_name(job)
        recipients[name] = failure_recipients(job)
        if not recipients[name]:
            silent.append(name)
    link = selection.link(ctx)
    facts = {"selected_by": selection.how, "recipients": recipients, "missing": selection.missing}
    problems = []
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if silent:
        problems.append(f"no on-failure e-mail on {', '.join(silent)}")
    if failed := Result.failure("Critical e-mail alerts", problems, link=link, **facts):
        return failed
    everyone = sorted({r for rs in recipients.values() for r in rs})
    return Result.passed(
        f"All {len(recipients)} production job(s) ({selection.how}) e-mail {', '.join(everyone)} on failure.",
        examined=list(recipients),
        link=link,
        **facts,
    )
