"""Jobs, runs, clusters, pools, cluster policies, warehouses and pipelines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.checks.model import CheckContext
from tracker.checks.resources.common import enum_text

if TYPE_CHECKING:
    from databricks.sdk.service.compute import (
        ClusterCompliance,
        ClusterDetails,
        ClusterSpec,
        InstancePoolAndStats,
        Policy,
    )
    from databricks.sdk.service.jobs import BaseJob, BaseRun, Job
    from databricks.sdk.service.pipelines import PipelineStateInfo
    from databricks.sdk.service.sql import GetWarehouseResponse


def jobs_named(ctx: CheckContext, name: str) -> list[BaseJob]:
    """Jobs whose name is exactly ``name`` (the Jobs API filters by name server-side)."""
    return ctx.cached(("jobs.list", name), lambda: list(ctx.client.jobs.list(name=name)))


def list_jobs_by_name(ctx: CheckContext, names: Iterable[str]) -> dict[str, list[BaseJob]]:
    """For each name, the jobs with that exact name (an empty list: no such job)."""
    return {name: jobs_named(ctx, name) for name in names}


def get_job(ctx: CheckContext, job_id: int) -> Job:
    """The full job (settings with tasks, notifications, run_as), once per job id per run."""
    return ctx.cached(("jobs.get", int(job_id)), lambda: ctx.client.jobs.get(int(job_id)))


def clusters(ctx: CheckContext) -> list[ClusterDetails]:
    return ctx.cached(("clusters.list",), lambda: list(ctx.client.clusters.list()))


def recent_job_runs(ctx: CheckContext, job_id: int, limit: int = 25) -> list[BaseRun]:
    """The latest completed runs of a job (one page, newest first)."""

    def fetch() -> list[BaseRun]:
        runs = ctx.client.jobs.list_runs(job_id=int(job_id), completed_only=True, limit=limit)
        out: list[BaseRun] = []
        for run in runs:  # the iterator pages on; one page is enough
            out.append(run)
            if len(out) >= limit:
                break
        return out

    return ctx.cached(("jobs.list_runs", int(job_id), limit), fetch)


def instance_pools(ctx: CheckContext) -> list[InstancePoolAndStats]:
    return ctx.cached(("instance_pools.list",), lambda: list(ctx.client.instance_pools.list()))


def cluster_policies(ctx: CheckContext) -> list[Policy]:
    """Cluster policies the caller can see (all of them for a workspace admin)."""
    return ctx.cached(("cluster_policies.list",), lambda: list(ctx.client.cluster_policies.list()))


def policy_compliance(ctx: CheckContext, policy_id: str) -> list[ClusterCompliance]:
    return ctx.cached(
        ("policy_compliance.list_compliance", policy_id),
        lambda: list(ctx.client.policy_compliance_for_clusters.list_compliance(policy_id)),
    )


def warehouse(ctx: CheckContext, warehouse_id: str) -> GetWarehouseResponse:
    return ctx.cached(
        ("warehouses.get", warehouse_id), lambda: ctx.client.warehouses.get(warehouse_id)
    )


def pipelines(ctx: CheckContext) -> list[PipelineStateInfo]:
    return ctx.cached(("pipelines.list",), lambda: list(ctx.client.pipelines.list_pipelines()))


def job_clusters(job: Job) -> list[tuple[str, ClusterSpec]]:
    """Every new cluster a job defines, labelled ``job name/key``: shared job clusters and
    per-task clusters (serverless tasks and existing clusters have none)."""
    settings = job.settings
    if settings is None:
        return []
    name = job_name(job)
    out = [
        (f"{name}/{jc.job_cluster_key}", jc.new_cluster)
        for jc in settings.job_clusters or []
        if jc.new_cluster is not None
    ]
    out.extend(
        (f"{name}/{t.task_key}", t.new_cluster)
        for t in settings.tasks or []
        if t.new_cluster is not None
    )
    return out


def job_trigger(job: BaseJob | Job) -> tuple[str | None, bool]:
    """How a job starts on its own: (``"schedule <cron>"``, ``"trigger periodic"``,
    ``"continuous"`` or ``None``; whether that is paused)."""
    s = job.settings
    if s is None:
        return None, False
    if s.continuous is not None:
        return "continuous", enum_text(s.continuous.pause_status) == "PAUSED"
    if s.trigger is not None:
        t = s.trigger
        kinds = [
            k
            for k in ("periodic", "table_update", "file_arrival", "model", "job_completion")
            if getattr(t, k, None) is not None
        ]
        label = "trigger " + (", ".join(kinds) or "unknown")
        if t.periodic is not None:
            label += f" (every {t.periodic.interval} {enum_text(t.periodic.unit) or ''})".rstrip()
        return label, enum_text(t.pause_status) == "PAUSED"
    if s.schedule is not None:
        label = f"schedule {s.schedule.quartz_cron_expression or '?'}"
        return label, enum_text(s.schedule.pause_status) == "PAUSED"
    return None, False


def all_jobs(ctx: CheckContext) -> list[BaseJob]:
    """Every job the caller can see (summaries: settings without tasks)."""
    return ctx.cached(("jobs.list",), lambda: list(ctx.client.jobs.list()))


def job_name(job: BaseJob | Job) -> str:
    return (job.settings.name if job.settings else None) or f"job {job.job_id}"
