"""Cluster policies constrain instance types and auto-termination, and production compute uses
them and complies (docs/checks.md#compute_cluster_policies)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import PROD_CLUSTER_REGEX, PROD_JOB_TAG
from tracker.checks.selection import prod_job_clusters

if TYPE_CHECKING:
    from databricks.sdk.service.compute import Policy

META = CheckMeta(
    id="compute_cluster_policies",
    title="Cluster policies enforce instance types and auto-termination",
    items=("compute-cluster-policies",),
    params=(
        Param(
            "policy_names", "list", "Cluster policies production compute must use (comma-separated)"
        ),
        PROD_CLUSTER_REGEX,
        Param(
            "prod_job_names",
            "list",
            "Production jobs whose job clusters must use the policies",
            required=False,
        ),
        PROD_JOB_TAG,
    ),
    severity="high",
    permission="workspace admin (non-admins only see the policies they may use)",
    remediation=(
        "Fix or restrict node_type_id (allowlist/fixed/regex) and autotermination_minutes "
        "(fixed/range) in each production policy, attach the policy to every production cluster "
        "and job cluster, and edit non-compliant clusters until they comply."
    ),
    docs="https://docs.databricks.com/en/admin/clusters/policy-definition.html",
    resources=(
        "GET /api/2.0/policies/clusters/list",
        "GET /api/2.0/policies/clusters/list-compliance",
        "GET /api/2.1/clusters/list",
        "GET /api/2.2/jobs/get",
    ),
)

NODE_TYPE_RULES = frozenset({"allowlist", "fixed", "regex"})
AUTOTERMINATION_RULES = frozenset({"fixed", "range"})


def policy_gaps(policy: Policy) -> list[str]:
    """What the policy definition fails to constrain (empty: it constrains both)."""
    try:
        definition = json.loads(policy.definition or "{}")
    except json.JSONDecodeError:
        return ["its definition is not valid JSON"]
    if not isinstance(definition, dict):
        return ["its definition is not a JSON object"]

    def rule_type(key: str) -> str | None:
        rule = definition.get(key)
        return str(rule.get("type")) if isinstance(rule, dict) else None

    gaps = []
    if (
        rule_type("node_type_id") not in NODE_TYPE_RULES
        and rule_type("instance_pool_id") not in NODE_TYPE_RULES
    ):
        gaps.append("node_type_id is not fixed, allow-listed or pattern-limited")
    cluster_type = definition.get("cluster_type")
    job_only = isinstance(cluster_type, dict) and cluster_type.get("value") == "job"
    if rule_type("autotermination_minutes") not in AUTOTERMINATION_RULES and not job_only:
        # job clusters end with their run; auto-termination only matters for all-purpose clusters
        gaps.append("autotermination_minutes is not fixed or range-limited")
    return gaps


def _all_purpose_clusters(
    ctx: CheckContext,
    cluster_regex: str,
    named: dict[str | None, str],
    label_of: dict[str, str],
) -> tuple[list[str], dict[str, str]]:
    """(problems, cluster label -> policy verdict) for the clusters ``cluster_regex`` selects."""
    prod = [c for c in resources.clusters(ctx) if re.search(cluster_regex, c.cluster_name or "")]
    compliance: dict[str, bool | None] = {}
    for policy_id in {c.policy_id for c in prod if c.policy_id in named}:
        for entry in resources.policy_compliance(ctx, policy_id or ""):
            if entry.cluster_id:
                compliance[entry.cluster_id] = entry.is_compliant
    problems: list[str] = []
    checked: dict[str, str] = {}
    for c in prod:
        label = c.cluster_name or c.cluster_id or "?"
        if not c.policy_id:
            problems.append(f"cluster {label} has no policy")
            checked[label] = "no policy"
        elif c.policy_id not in named:
            other = label_of.get(c.policy_id, c.policy_id)
            problems.append(
                f"cluster {label} uses policy {other}, not one of {', '.join(named.values())}"
            )
            checked[label] = f"policy {other}"
        elif compliance.get(c.cluster_id or "") is False:
            problems.append(f"cluster {label} does not comply with policy {named[c.policy_id]}")
            checked[label] = f"{named[c.policy_id]} (not compliant)"
        else:
            checked[label] = named[c.policy_id]
    return problems, checked


def _job_clusters(
    ctx: CheckContext,
    params: dict[str, Any],
    named: dict[str | None, str],
    label_of: dict[str, str],
) -> tuple[list[str], dict[str, str], list[str]]:
    """(problems, job cluster label -> policy verdict, job names not found)."""
    job_clusters, missing_jobs = prod_job_clusters(
        ctx, params.get("prod_job_names") or [], params.get("prod_job_tag")
    )
    problems: list[str] = []
    checked: dict[str, str] = {}
    for label, spec in job_clusters:
        if spec.policy_id in named:
            checked[label] = named[spec.policy_id]
        else:
            problems.append(f"job cluster {label} does not use a production policy")
            used = label_of.get(spec.policy_id) if spec.policy_id else None
            checked[label] = f"policy {used or spec.policy_id}" if spec.policy_id else "no policy"
    if missing_jobs:
        problems.append(f"no job named {', '.join(missing_jobs)}")
    return problems, checked, missing_jobs


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["policy_names"]
    cluster_regex: str | None = params.get("prod_cluster_regex")
    visible = resources.cluster_policies(ctx)
    by_name = {p.name: p for p in visible if p.name}
    label_of = {p.policy_id: p.name or p.policy_id for p in visible if p.policy_id}
    missing = [n for n in names if n not in by_name]
    problems = [f"policy {', '.join(missing)} does not exist"] if missing else []
    named = {by_name[n].policy_id: n for n in names if n in by_name and by_name[n].policy_id}
    gaps = {n: policy_gaps(by_name[n]) for n in names if n in by_name}
    problems.extend(f"policy {n}: {'; '.join(g)}" for n, g in gaps.items() if g)
    checked: dict[str, str] = {}
    if cluster_regex is not None:
        found, checked = _all_purpose_clusters(ctx, cluster_regex, named, label_of)
        problems += found
    found, job_checked, missing_jobs = _job_clusters(ctx, params, named, label_of)
    problems += found
    checked |= job_checked
    facts = {
        "policies": {n: ("missing" if n not in by_name else (gaps[n] or "ok")) for n in names},
        "compute": checked,
        "missing_jobs": missing_jobs,
    }
    link = (
        ctx.ui_link(f"/compute/policies/{by_name[names[0]].policy_id}")
        if len(names) == 1 and names[0] in by_name
        else ctx.ui_link("/compute/policies")
    )
    scope = (
        f" and {len(checked)} production cluster(s)/job cluster(s) use and comply with them"
        if checked
        else ""
    )
    shown = problems[:6] + (["..."] if len(problems) > 6 else [])
    return Result.from_problems(
        shown,
        failure="Cluster policies not enforced",
        success=f"Policies {', '.join(names)} constrain node types and auto-termination{scope}.",
        examined=names,
        link=link,
        **facts,
    )
