"""Data retention: the tables' Delta retention properties and a scheduled retention/deletion job
(docs/checks.md#data_retention_configured, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="data_retention_configured",
    title="Retention properties set and a retention job scheduled",
    items=("gov-data-retention",),
    params=(
        Param("tables", "list", "Tables whose retention is governed (comma-separated full names)"),
        Param(
            "retention_job_name",
            "str",
            "Job that deletes expired data and runs VACUUM",
            required=False,
        ),
    ),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA on the tables, CAN_VIEW on the job",
    remediation=(
        "Set delta.logRetentionDuration and delta.deletedFileRetentionDuration to the agreed "
        "periods and schedule a job that deletes expired rows and runs VACUUM."
    ),
    docs="https://docs.databricks.com/en/delta/history.html#configure-data-retention-for-time-travel-queries",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.2/jobs/list",
        "GET /api/2.2/jobs/get",
    ),
)

PROPERTIES = {
    "delta.logRetentionDuration": "interval 30 days (default)",
    "delta.deletedFileRetentionDuration": "interval 7 days (default)",
}


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["tables"]
    job_name: str | None = params.get("retention_job_name")
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Table(s) {', '.join(missing)} do not exist.", link=link, missing=missing
        )
    retention: dict[str, dict[str, str]] = {}
    explicit: list[str] = []
    defaults: list[str] = []
    for name, info in found.items():
        props = info.properties or {}
        retention[name] = {
            key: str(props.get(key) or default) for key, default in PROPERTIES.items()
        }
        (explicit if any(key in props for key in PROPERTIES) else defaults).append(name)
    facts: dict[str, Any] = {"retention": retention, "retention_job": job_name}
    job_text = "no retention job given"
    if job_name:
        jobs = resources.jobs_named(ctx, job_name)
        if not jobs:
            return Result.failed(f"No retention job named {job_name} exists.", link=link, **facts)
        job = resources.get_job(ctx, jobs[0].job_id or 0)
        how, paused = resources.job_trigger(job)
        facts["job_trigger"] = how
        if how is None or paused:
            return Result.failed(
                f"Retention job {job_name} does not run on its own ({'paused ' + how if how else 'no schedule'}).",
                link=ctx.ui_link(f"/jobs/{job.job_id}"),
                **facts,
            )
        job_text = f"job {job_name} runs on {how}"
    parts = [job_text]
    if explicit:
        parts.append(f"retention properties set on {', '.join(explicit)}")
    if defaults:
        parts.append(f"default Delta retention on {', '.join(defaults)}")
    text = "; ".join(parts)
    return Result.review(
        text[:1].upper() + text[1:] + ". Confirm the retention periods per table are defined and "
        "match the policy.",
        link=link,
        **facts,
    )
