"""Every production job alerts someone when it fails (docs/checks.md#jobs_alert_on_failure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import PROD_JOB_NAMES, PROD_JOB_TAG
from tracker.checks.selection import require_prod_jobs

if TYPE_CHECKING:
    from databricks.sdk.service.jobs import Job

META = CheckMeta(
    id="jobs_alert_on_failure",
    title="Production jobs alert on failure",
    items=("ops-job-failure-alerts",),
    params=(PROD_JOB_NAMES, PROD_JOB_TAG),
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
    selection = require_prod_jobs(ctx, params)
    if isinstance(selection, Result):
        return selection
    silent: list[str] = []
    alerting: list[str] = []
    for job in selection.full_jobs(ctx):
        (alerting if _alerts(job) else silent).append(resources.job_name(job))
    facts = {
        "selected_by": selection.how,
        "alerting": alerting,
        "silent": silent,
        "missing": selection.missing,
    }
    link = selection.link(ctx)
    problems = []
    if selection.missing:
        problems.append(f"no job named {', '.join(selection.missing)}")
    if silent:
        problems.append(f"no failure alert on {', '.join(silent)}")
    return Result.from_problems(
        problems,
        failure="Production jobs",
        success=f"All {len(alerting)} production job(s) ({selection.how}) alert on failure by e-mail or "
        f"notification destination.",
        examined=list(alerting),
        link=link,
        **facts,
    )
