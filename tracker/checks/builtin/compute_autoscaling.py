"""Production clusters and job clusters autoscale (``max_workers > min_workers``); whether the limits
follow the load is a person's call (docs/checks.md#compute_autoscaling)."""

from __future__ import annotations

from typing import Any

from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import PROD_CLUSTER_REGEX, PROD_JOB_TAG
from tracker.checks.selection import prod_clusters, prod_job_clusters

META = CheckMeta(
    id="compute_autoscaling",
    title="Production compute autoscales (limits reviewed by a person)",
    items=("compute-autoscaling",),
    params=(
        PROD_CLUSTER_REGEX,
        Param(
            "prod_job_names",
            "list",
            "Production jobs whose job clusters are checked",
            required=False,
        ),
        PROD_JOB_TAG,
    ),
    severity="high",
    permission="CAN_ATTACH_TO / CAN_VIEW on the clusters and jobs",
    remediation=(
        "Replace fixed num_workers with autoscale {min_workers, max_workers} on production "
        "clusters and job clusters, with limits taken from observed utilization "
        "(system.compute.node_timeline)."
    ),
    docs="https://docs.databricks.com/en/compute/configure.html#enable-autoscaling",
    kind="partial",
    resources=("GET /api/2.1/clusters/list", "GET /api/2.2/jobs/get"),
)


def scaling(spec: Any) -> tuple[bool, str]:
    """(autoscales, description) of a cluster or cluster spec."""
    auto = getattr(spec, "autoscale", None)
    if auto is not None and auto.max_workers is not None:
        low, high = auto.min_workers or 0, auto.max_workers
        return high > low, f"autoscale {low}-{high}"
    workers = getattr(spec, "num_workers", None)
    if getattr(spec, "is_single_node", None) or workers == 0:
        return False, "single node"
    return False, f"fixed {workers if workers is not None else '?'} workers"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    cluster_regex: str | None = params.get("prod_cluster_regex")
    job_names: list[str] = params.get("prod_job_names") or []
    job_tag: str | None = params.get("prod_job_tag")
    if cluster_regex is None and not job_names and not job_tag:
        return Result.error("Bad parameter: set prod_cluster_regex or prod_job_names/prod_job_tag")
    sizes: dict[str, str] = {}
    fixed: list[str] = []

    def note(label: str, spec: Any) -> None:
        autoscales, text = scaling(spec)
        sizes[label] = text
        if not autoscales:
            fixed.append(label)

    for name, cluster in prod_clusters(ctx, cluster_regex):
        note(f"cluster {name}", cluster)
    job_clusters, missing_jobs = prod_job_clusters(ctx, job_names, job_tag)
    for label, spec in job_clusters:
        note(f"job cluster {label}", spec)
    facts = {"scaling": sizes, "not_autoscaling": fixed, "missing_jobs": missing_jobs}
    link = ctx.ui_link("/compute")
    if fixed or missing_jobs:
        problems = [f"{label} ({sizes[label]})" for label in fixed]
        what = ("not autoscaling: " + ", ".join(problems)) if problems else ""
        if missing_jobs:
            what += ("; " if what else "") + f"no job named {', '.join(missing_jobs)}"
        return Result.failed(f"Production compute {what}.", link=link, **facts)
    if not sizes:
        return Result.review(
            "No production cluster or job cluster matched (serverless compute scales by itself); "
            "confirm how production workloads scale.",
            link=link,
            **facts,
        )
    listed = ", ".join(f"{k} ({v})" for k, v in sizes.items())
    return Result.review(
        f"All {len(sizes)} production cluster(s)/job cluster(s) autoscale: {listed}. Confirm the "
        "limits follow observed load.",
        link=link,
        **facts,
    )
