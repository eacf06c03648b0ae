"""Compliance reports are automated: a scheduled report job or a scheduled dashboard
(docs/checks.md#compliance_reports_scheduled, PARTIAL)."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="compliance_reports_scheduled",
    title="Compliance reports produced by a scheduled job or dashboard",
    items=("audit-compliance-reports",),
    params=(
        Param("report_job_name", "str", "Job that produces the compliance reports", required=False),
        Param(
            "report_dashboard_regex",
            "regex",
            "Pattern matching compliance dashboard names",
            required=False,
            default=r"(?i)complian|audit",
        ),
    ),
    severity="medium",
    permission="CAN_VIEW on the job and CAN_READ on the dashboards",
    remediation=(
        "Schedule the report job, or add a schedule with subscribers to the compliance dashboard "
        "(Dashboard > Schedule); unpause paused schedules."
    ),
    docs="https://docs.databricks.com/en/dashboards/schedule-subscribe.html",
    kind="partial",
    resources=(
        "GET /api/2.2/jobs/list",
        "GET /api/2.2/jobs/get",
        "GET /api/2.0/lakeview/dashboards",
        "GET /api/2.0/lakeview/dashboards/{dashboard_id}/schedules",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    job_name: str | None = params.get("report_job_name")
    pattern: str = params["report_dashboard_regex"]
    automated: list[str] = []
    gaps: list[str] = []
    facts: dict[str, Any] = {"report_job": job_name, "dashboard_regex": pattern}
    link = ctx.ui_link("/jobs")
    if job_name:
        jobs = resources.jobs_named(ctx, job_name)
        if not jobs:
            gaps.append(f"no job named {job_name}")
        for summary in jobs:
            job = resources.get_job(ctx, summary.job_id or 0)
            how, paused = resources.job_trigger(job)
            link = ctx.ui_link(f"/jobs/{job.job_id}")
            if how and not paused:
                automated.append(f"job {job_name} runs on {how}")
            else:
                gaps.append(f"job {job_name} {'is paused' if how else 'has no schedule'}")
    dashboards: dict[str, list[str]] = {}
    for dash in resources.lakeview_dashboards(ctx):
        title = dash.display_name or ""
        if not dash.dashboard_id or not re.search(pattern, title):
            continue
        schedules = resources.dashboard_schedules(ctx, dash.dashboard_id)
        states = [
            f"{s.display_name or s.schedule_id}: {s.pause_status.value if s.pause_status else 'UNPAUSED'}"
            for s in schedules
        ]
        dashboards[title] = states
        active = [s for s in schedules if not (s.pause_status and s.pause_status.value == "PAUSED")]
        if active:
            automated.append(f"dashboard '{title}' is scheduled")
            if not job_name or not any(a.startswith("job") for a in automated):
                link = ctx.ui_link(f"/dashboardsv3/{dash.dashboard_id}")
        else:
            gaps.append(
                f"dashboard '{title}' {'has only paused schedules' if schedules else 'is not scheduled'}"
            )
    facts["dashboards"] = dashboards
    if not automated:
        what = "; ".join(gaps) or f"no job given and no dashboard matches {pattern}"
        return Result.failed(f"Compliance reports are not automated: {what}.", link=link, **facts)
    note = f" (also: {'; '.join(gaps)})" if gaps else ""
    return Result.review(
        "Compliance reporting: " + "; ".join(automated) + note + ". Confirm the reports cover what "
        "the auditors need and reach them.",
        link=link,
        **facts,
    )
