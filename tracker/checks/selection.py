"""Which production resources a check looks at: jobs by names or tag, their job clusters, and
clusters by name pattern.

The jobs come from the ``prod_job_names`` / ``prod_job_tag`` parameters
(``tracker.checks.params``); reads go through ``tracker.checks.resources`` (cached per run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.context import note_unmatched
from tracker.checks.model import CheckContext, Result

if TYPE_CHECKING:
    from databricks.sdk.service.compute import ClusterDetails, ClusterSpec
    from databricks.sdk.service.jobs import BaseJob, Job


@dataclass(frozen=True, slots=True)
class JobSelection:
    """The production jobs a check looks at, and the names that matched no job."""

    jobs: list[BaseJob]
    missing: list[str]
    how: str  # "names a, b" or "tag env=prod", for messages

    def full_jobs(self, ctx: CheckContext) -> list[Job]:
        """The selected jobs with their full settings (tasks, notifications, run_as)."""
        return [resources.get_job(ctx, summary.job_id or 0) for summary in self.jobs]

    def label(self, job: BaseJob | Job) -> str:
        """The job's name, with its id when several selected jobs share that name."""
        name = resources.job_name(job)
        shared = sum(1 for j in self.jobs if resources.job_name(j) == name) > 1
        return f"{name} ({job.job_id})" if shared else name

    def link(self, ctx: CheckContext) -> str:
        """The job's page when exactly one job is selected, else the jobs list."""
        if len(self.jobs) == 1:
            return ctx.ui_link(f"/jobs/{self.jobs[0].job_id}")
        return ctx.ui_link("/jobs")


def find_jobs(
    ctx: CheckContext,
    names: Iterable[str] = (),
    tag: str | None = None,
    *,
    names_param: str = "prod_job_names",
) -> JobSelection:
    """Production jobs by exact names, else by a ``key=value`` tag (``key`` alone: tag present).

    Raises ``ValueError`` when neither is given (the caller reports a bad parameter).
    """
    wanted = [n for n in names if n]
    if wanted:
        by_name = resources.list_jobs_by_name(ctx, wanted)
        jobs = [j for n in wanted for j in by_name[n]]
        missing = [n for n in wanted if not by_name[n]]
        if missing:
            note_unmatched(names_param, f"no job for {', '.join(missing)}")
        return JobSelection(jobs, missing, "names " + ", ".join(wanted))
    if tag:
        key, _, value = tag.partition("=")
        key, value = key.strip(), value.strip()
        jobs = []
        for job in resources.all_jobs(ctx):
            tags = (job.settings.tags if job.settings else None) or {}
            if key in tags and (not value or str(tags[key]) == value):
                jobs.append(job)
        if not jobs:
            note_unmatched("prod_job_tag", "0 jobs")
        return JobSelection(jobs, [], f"tag {tag}")
    raise ValueError("set prod_job_names or prod_job_tag")


def prod_jobs(ctx: CheckContext, params: Mapping[str, Any]) -> JobSelection | Result:
    """The jobs the ``prod_job_names`` / ``prod_job_tag`` parameters select (possibly none), or
    the ERROR to return when neither parameter is set."""
    try:
        return find_jobs(ctx, params.get("prod_job_names") or [], params.get("prod_job_tag"))
    except ValueError as exc:
        return Result.error(f"Bad parameter: {exc}")


def require_prod_jobs(ctx: CheckContext, params: Mapping[str, Any]) -> JobSelection | Result:
    """Like ``prod_jobs``, and a FAIL when the tag selects no job at all (a name that matches no
    job is left to the check: ``JobSelection.missing``)."""
    selection = prod_jobs(ctx, params)
    if isinstance(selection, JobSelection) and not selection.jobs and not selection.missing:
        return Result.failed(
            f"No production job found by {selection.how}.", link=ctx.ui_link("/jobs")
        )
    return selection


def prod_clusters(ctx: CheckContext, name_regex: str | None) -> list[tuple[str, ClusterDetails]]:
    """``(name, cluster)`` for the clusters whose name (else id) matches ``name_regex``; none when
    the pattern is not set."""
    if name_regex is None:
        return []
    found = []
    for cluster in resources.clusters(ctx):
        name = cluster.cluster_name or cluster.cluster_id or "?"
        if re.search(name_regex, name):
            found.append((name, cluster))
    if not found:
        note_unmatched("prod_cluster_regex", "0 clusters")
    return found


def prod_job_clusters(
    ctx: CheckContext, job_names: list[str], job_tag: str | None
) -> tuple[list[tuple[str, ClusterSpec]], list[str]]:
    """The new clusters the production jobs define, labelled ``job name/key``
    (``resources.job_clusters``), and the job names that matched no job. Nothing when neither
    names nor tag is set."""
    if not job_names and not job_tag:
        return [], []
    selection = find_jobs(ctx, job_names, job_tag)
    specs = [spec for job in selection.full_jobs(ctx) for spec in resources.job_clusters(job)]
    return specs, selection.missing
