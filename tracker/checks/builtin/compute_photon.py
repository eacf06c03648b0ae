"""Production clusters, job clusters and SQL warehouses run Photon (docs/checks.md#compute_photon)."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import PROD_CLUSTER_REGEX, PROD_JOB_TAG
from tracker.checks.selection import prod_clusters, prod_job_clusters

META = CheckMeta(
    id="compute_photon",
    title="Photon enabled on production compute",
    items=("compute-photon",),
    params=(
        PROD_CLUSTER_REGEX,
        Param(
            "prod_job_names",
            "list",
            "Production jobs whose job clusters are checked",
            required=False,
        ),
        PROD_JOB_TAG,
        Param("warehouse_ids", "list", "SQL warehouses that must have Photon on", required=False),
        Param(
            "exempt_regex",
            "regex",
            "Clusters/job clusters deliberately without Photon (name pattern)",
            required=False,
        ),
    ),
    severity="low",
    permission="CAN_ATTACH_TO / CAN_VIEW on the clusters, jobs and warehouses",
    remediation=(
        "Set runtime_engine: PHOTON on production clusters and job clusters (or fix it in their "
        "cluster policy) and enable Photon on the SQL warehouses; record deliberate exceptions."
    ),
    docs="https://docs.databricks.com/en/compute/photon.html",
    resources=(
        "GET /api/2.1/clusters/list",
        "GET /api/2.2/jobs/get",
        "GET /api/2.0/sql/warehouses/{id}",
    ),
)


def is_photon(runtime_engine: Any, spark_version: str | None) -> bool:
    engine = getattr(runtime_engine, "value", runtime_engine)
    return engine == "PHOTON" or "photon" in (spark_version or "").lower()


def _selectors(cluster_regex: str | None, job_names: list[str], job_tag: str | None) -> str:
    parts = [f"prod_cluster_regex {cluster_regex}"] if cluster_regex is not None else []
    parts += [f"prod_job_names {', '.join(job_names)}"] if job_names else []
    parts += [f"prod_job_tag {job_tag}"] if job_tag else []
    return "(" + "; ".join(parts) + ")"


def _survey(
    ctx: CheckContext, params: dict[str, Any]
) -> tuple[list[str], list[str], list[str], list[str], int]:
    """(with Photon, without, exempt, job names not found, clusters and job clusters seen)."""
    exempt: str | None = params.get("exempt_regex")
    photon: list[str] = []
    without: list[str] = []
    exempted: list[str] = []

    def note(label: str, on: bool) -> None:
        if on:
            photon.append(label)
        elif exempt is not None and re.search(exempt, label):
            exempted.append(label)
        else:
            without.append(label)

    for name, cluster in prod_clusters(ctx, params.get("prod_cluster_regex")):
        note(f"cluster {name}", is_photon(cluster.runtime_engine, cluster.spark_version))
    job_clusters, missing_jobs = prod_job_clusters(
        ctx, params.get("prod_job_names") or [], params.get("prod_job_tag")
    )
    for label, spec in job_clusters:
        note(f"job cluster {label}", is_photon(spec.runtime_engine, spec.spark_version))
    clusters_seen = len(photon) + len(without) + len(exempted)
    for warehouse_id in params.get("warehouse_ids") or []:
        info = resources.warehouse(ctx, warehouse_id)
        note(f"warehouse {info.name or warehouse_id}", bool(info.enable_photon))
    return photon, without, exempted, missing_jobs, clusters_seen


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    cluster_regex: str | None = params.get("prod_cluster_regex")
    job_names: list[str] = params.get("prod_job_names") or []
    job_tag: str | None = params.get("prod_job_tag")
    warehouses: list[str] = params.get("warehouse_ids") or []
    if cluster_regex is None and not job_names and not job_tag and not warehouses:
        return Result.error(
            "Bad parameter: set prod_cluster_regex, prod_job_names/prod_job_tag or warehouse_ids"
        )
    photon, without, exempted, missing_jobs, clusters_seen = _survey(ctx, params)
    facts = {
        "photon": photon,
        "without_photon": without,
        "exempt": exempted,
        "missing_jobs": missing_jobs,
    }
    link = ctx.ui_link("/compute")
    problems = []
    if without:
        problems.append("Photon is off on " + ", ".join(without))
    if missing_jobs:
        problems.append(f"no job named {', '.join(missing_jobs)}")
    if (cluster_regex is not None or job_names or job_tag) and not clusters_seen:
        # The checks' own SQL warehouse alone must not pass a compute item (issue 9).
        problems.append(
            "no production cluster or job cluster matched "
            + _selectors(cluster_regex, job_names, job_tag)
        )
    if failed := Result.failure("Photon", problems, link=link, **facts):
        return failed
    if not photon:
        return Result.failed(
            "No production cluster, job cluster or warehouse found to check"
            + (f" (all exempt: {', '.join(exempted)})" if exempted else "")
            + ".",
            link=link,
            **facts,
        )
    note_exempt = f" Exempt: {', '.join(exempted)}." if exempted else ""
    return Result.passed(
        f"Photon is on for all {len(photon)} production compute resource(s): {', '.join(photon)}.{note_exempt}",
        examined=photon,
        link=link,
        **facts,
    )
