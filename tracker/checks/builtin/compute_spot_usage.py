"""Evidence for 'spot instance usage evaluated': which production clusters, job clusters and pools
use spot / preemptible capacity (docs/checks.md#compute_spot_usage). The evaluation itself is a person's."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import PROD_CLUSTER_REGEX, PROD_JOB_TAG
from tracker.checks.selection import prod_clusters, prod_job_clusters

META = CheckMeta(
    id="compute_spot_usage",
    title="Spot instance usage on production compute (evidence)",
    items=("compute-spot-evaluated",),
    params=(
        PROD_CLUSTER_REGEX,
        Param("pool_name_regex", "regex", "Pattern matching production pool names", required=False),
        Param(
            "prod_job_names",
            "list",
            "Production jobs whose job clusters are reported",
            required=False,
        ),
        PROD_JOB_TAG,
    ),
    severity="low",
    permission="CAN_ATTACH_TO / CAN_VIEW on the clusters, pools and jobs",
    remediation=(
        "Decide per workload whether spot with on-demand fallback is acceptable (keep drivers and "
        "latency-critical work on-demand) and record the decision and the expected saving."
    ),
    docs="https://docs.databricks.com/en/compute/configure.html#spot-instances",
    kind="partial",
    resources=(
        "GET /api/2.1/clusters/list",
        "GET /api/2.0/instance-pools/list",
        "GET /api/2.2/jobs/get",
    ),
)

SPOT_MARKERS = ("SPOT", "PREEMPTIBLE")


def availability(obj: Any) -> tuple[str, int | None]:
    """(availability, first_on_demand) from whichever cloud's attributes are set."""
    for attr in ("aws_attributes", "azure_attributes", "gcp_attributes"):
        attrs = getattr(obj, attr, None)
        if attrs is None:
            continue
        value = getattr(attrs, "availability", None)
        text = getattr(value, "value", value)
        first = getattr(attrs, "first_on_demand", None)
        if text:
            return str(text), first
    return "ON_DEMAND (default)", None


def describe(obj: Any) -> str:
    value, first = availability(obj)
    return value + (f", first {first} on-demand" if first else "")


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    cluster_regex: str | None = params.get("prod_cluster_regex")
    pool_regex: str | None = params.get("pool_name_regex")
    job_names: list[str] = params.get("prod_job_names") or []
    job_tag: str | None = params.get("prod_job_tag")
    if cluster_regex is None and pool_regex is None and not job_names and not job_tag:
        return Result.error(
            "Bad parameter: set prod_cluster_regex, pool_name_regex or prod_job_names/prod_job_tag"
        )
    seen: dict[str, str] = {}
    for name, cluster in prod_clusters(ctx, cluster_regex):
        seen[f"cluster {name}"] = describe(cluster)
    if pool_regex is not None:
        for p in resources.instance_pools(ctx):
            name = p.instance_pool_name or p.instance_pool_id or "?"
            if re.search(pool_regex, name):
                seen[f"pool {name}"] = describe(p)
    job_clusters, missing_jobs = prod_job_clusters(ctx, job_names, job_tag)
    for label, spec in job_clusters:
        seen[f"job cluster {label}"] = describe(spec)
    spot = sorted(k for k, v in seen.items() if any(m in v for m in SPOT_MARKERS))
    on_demand = sorted(k for k in seen if k not in spot)
    facts = {
        "availability": seen,
        "spot": spot,
        "on_demand": on_demand,
        "missing_jobs": missing_jobs,
    }
    link = ctx.ui_link("/compute")
    if not seen:
        return Result.review(
            "No production cluster, pool or job cluster matched; nothing to report on spot usage.",
            link=link,
            **facts,
        )
    missing = f" No job named {', '.join(missing_jobs)}." if missing_jobs else ""
    return Result.review(
        f"{len(spot)} of {len(seen)} production compute resource(s) use spot/preemptible capacity "
        f"({', '.join(spot) or 'none'}); on-demand: {', '.join(on_demand) or 'none'}. Confirm the "
        f"decision and expected saving are recorded.{missing}",
        link=link,
        **facts,
    )
