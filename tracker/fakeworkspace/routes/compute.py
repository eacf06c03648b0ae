"""Jobs, job runs, clusters, instance pools, cluster policies, pipelines."""

from __future__ import annotations

import json
from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, bad_request, not_found
from tracker.fakeworkspace.state import Item, WorkspaceState, token_page

routes = RouteTable()

JOB_VERSIONS = ("2.1", "2.2")
ACTIVE_RUN_STATES = {"QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY"}
_LIST_OMITS = ("tasks", "job_clusters", "parameters", "environments")


def _job(state: WorkspaceState, req: ApiRequest) -> Item:
    job_id = req.int_arg("job_id")
    if job_id is None:
        raise bad_request("Missing required field: job_id")
    job = state.find("jobs", "job_id", job_id)
    if job is None:
        # The real Jobs API answers 400 (not 404); the SDK maps this message to ResourceDoesNotExist.
        raise bad_request(f"Job {job_id} does not exist.")
    return job


def _summary(job: Item, expand_tasks: bool) -> Item:
    if expand_tasks:
        return job
    settings = {k: v for k, v in (job.get("settings") or {}).items() if k not in _LIST_OMITS}
    return {**job, "settings": settings}


@routes.get(*(f"/api/{v}/jobs/list" for v in JOB_VERSIONS))
def list_jobs(state: WorkspaceState, req: ApiRequest) -> Any:
    limit = req.int_arg("limit")
    if limit is not None and not 0 <= limit <= 100:
        raise bad_request("limit must be between 1 and 100")
    name = req.arg("name")
    jobs = state.items("jobs")
    if name is not None:
        jobs = [
            j
            for j in jobs
            if str((j.get("settings") or {}).get("name", "")).lower() == name.lower()
        ]
    expand = req.bool_arg("expand_tasks")
    return token_page(
        state,
        req,
        jobs,
        "jobs",
        size_params=("limit",),
        transform=lambda j: _summary(j, expand),
        has_more_key="has_more",
    )


@routes.get(*(f"/api/{v}/jobs/get" for v in JOB_VERSIONS))
def get_job(state: WorkspaceState, req: ApiRequest) -> Any:
    return _job(state, req)


@routes.get(*(f"/api/{v}/jobs/runs/list" for v in JOB_VERSIONS))
def list_runs(state: WorkspaceState, req: ApiRequest) -> Any:
    job_id = req.int_arg("job_id")
    if job_id is not None:
        _job(state, req)
    if req.bool_arg("active_only") and req.bool_arg("completed_only"):
        raise bad_request("active_only and completed_only cannot both be true")
    start_from, start_to = req.int_arg("start_time_from"), req.int_arg("start_time_to")
    run_type = req.arg("run_type")
    runs = []
    for run in state.items("job_runs"):
        if job_id is not None and str(run.get("job_id")) != str(job_id):
            continue
        life_cycle = str((run.get("state") or {}).get("life_cycle_state", ""))
        if req.bool_arg("active_only") and life_cycle not in ACTIVE_RUN_STATES:
            continue
        if req.bool_arg("completed_only") and life_cycle in ACTIVE_RUN_STATES:
            continue
        start = int(run.get("start_time") or 0)
        if (start_from and start < start_from) or (start_to and start > start_to):
            continue
        if run_type is not None and run.get("run_type", "JOB_RUN") != run_type:
            continue
        runs.append(run)
    runs.sort(key=lambda r: int(r.get("start_time") or 0), reverse=True)
    expand = req.bool_arg("expand_tasks")
    return token_page(
        state,
        req,
        runs,
        "runs",
        size_params=("limit",),
        transform=(lambda r: r)
        if expand
        else (lambda r: {k: v for k, v in r.items() if k != "tasks"}),
        has_more_key="has_more",
    )


@routes.get(*(f"/api/{v}/jobs/runs/get" for v in JOB_VERSIONS))
def get_run(state: WorkspaceState, req: ApiRequest) -> Any:
    run_id = req.int_arg("run_id")
    if run_id is None:
        raise bad_request("Missing required field: run_id")
    run = state.find("job_runs", "run_id", run_id)
    if run is None:
        raise bad_request(f"Run {run_id} does not exist.")
    return run


# -- clusters -------------------------------------------------------------------------------------


@routes.get("/api/2.1/clusters/list")
def list_clusters(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(state, req, state.items("clusters"), "clusters", size_params=("page_size",))


@routes.get("/api/2.0/clusters/list")
def list_clusters_v20(state: WorkspaceState, req: ApiRequest) -> Any:
    return {"clusters": state.items("clusters")}


@routes.get("/api/2.0/clusters/get", "/api/2.1/clusters/get")
def get_cluster(state: WorkspaceState, req: ApiRequest) -> Any:
    cluster_id = req.require("cluster_id")
    cluster = state.find("clusters", "cluster_id", cluster_id)
    if cluster is None:
        raise bad_request(f"Cluster {cluster_id} does not exist")
    return cluster


@routes.get("/api/2.0/instance-pools/list")
def list_instance_pools(state: WorkspaceState, req: ApiRequest) -> Any:
    pools = state.items("instance_pools")
    return {"instance_pools": pools} if pools else {}


@routes.get("/api/2.0/instance-pools/get")
def get_instance_pool(state: WorkspaceState, req: ApiRequest) -> Any:
    pool_id = req.require("instance_pool_id")
    pool = state.find("instance_pools", "instance_pool_id", pool_id)
    if pool is None:
        raise not_found(f"Instance pool {pool_id} does not exist.")
    return pool


# -- cluster policies -----------------------------------------------------------------------------


def _policy_out(policy: Item) -> Item:
    definition = policy.get("definition")
    if isinstance(definition, dict):  # scenarios may write the policy language as YAML
        return {**policy, "definition": json.dumps(definition, sort_keys=True)}
    return policy


@routes.get("/api/2.0/policies/clusters/list")
def list_policies(state: WorkspaceState, req: ApiRequest) -> Any:
    policies = [_policy_out(p) for p in state.items("cluster_policies")]
    return {"policies": policies, "total_count": len(policies)} if policies else {"total_count": 0}


@routes.get("/api/2.0/policies/clusters/get")
def get_policy(state: WorkspaceState, req: ApiRequest) -> Any:
    policy_id = req.require("policy_id")
    policy = state.find("cluster_policies", "policy_id", policy_id)
    if policy is None:
        raise not_found(f"Cluster policy {policy_id} does not exist.")
    return _policy_out(policy)


@routes.get("/api/2.0/policies/clusters/list-compliance")
def list_policy_compliance(state: WorkspaceState, req: ApiRequest) -> Any:
    policy_id = req.require("policy_id")
    if state.find("cluster_policies", "policy_id", policy_id) is None:
        raise not_found(f"Cluster policy {policy_id} does not exist.")
    explicit = state.lookup("policy_compliance", policy_id)
    if explicit is not None:
        items = list(explicit)
    else:  # default: every cluster using the policy complies
        items = [
            {"cluster_id": c.get("cluster_id"), "is_compliant": True}
            for c in state.items("clusters")
            if c.get("policy_id") == policy_id
        ]
    return token_page(state, req, items, "clusters", size_params=("page_size",))


# -- pipelines ------------------------------------------------------------------------------------


@routes.get("/api/2.0/pipelines")
def list_pipelines(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(
        state, req, state.items("pipelines"), "statuses", size_params=("max_results",)
    )


@routes.get("/api/2.0/pipelines/{pipeline_id}")
def get_pipeline(state: WorkspaceState, req: ApiRequest) -> Any:
    pipeline = state.find("pipelines", "pipeline_id", req.params["pipeline_id"])
    if pipeline is None:
        raise not_found(f"Pipeline '{req.params['pipeline_id']}' does not exist.")
    return pipeline
