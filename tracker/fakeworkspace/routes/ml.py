"""Model serving, MLflow experiments/runs/registry, feature store."""

from __future__ import annotations

import json
import re
from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, TextBody, bad_request, not_found
from tracker.fakeworkspace.state import Item, WorkspaceState, token_page

routes = RouteTable()
MLFLOW = "/api/2.0/mlflow"

# -- serving --------------------------------------------------------------------------------------


def _endpoint(state: WorkspaceState, name: str) -> Item:
    endpoint = state.find("serving_endpoints", "name", name)
    if endpoint is None:
        raise not_found(f"Endpoint with name '{name}' does not exist.")
    return endpoint


@routes.get("/api/2.0/serving-endpoints")
def list_endpoints(state: WorkspaceState, req: ApiRequest) -> Any:
    endpoints = state.items("serving_endpoints")
    return {"endpoints": endpoints} if endpoints else {}


@routes.get("/api/2.0/serving-endpoints/{name}")
def get_endpoint(state: WorkspaceState, req: ApiRequest) -> Any:
    return _endpoint(state, req.params["name"])


def default_metrics(endpoint: Item) -> str:
    """Prometheus text in the shape the serving metrics export uses."""
    name = str(endpoint.get("name"))
    entities = (endpoint.get("config") or {}).get("served_entities") or [{"name": name}]
    lines = []
    for metric, kind, value in (
        ("cpu_usage_percentage", "gauge", 23.5),
        ("mem_usage_percentage", "gauge", 41.0),
        ("provisioned_concurrent_requests_total", "gauge", 8.0),
        ("request_4xx_count_total", "counter", 3.0),
        ("request_5xx_count_total", "counter", 0.0),
        ("request_count_total", "counter", 125000.0),
    ):
        lines += [f"# HELP {metric} {metric.replace('_', ' ')}", f"# TYPE {metric} {kind}"]
        for entity in entities:
            lines.append(f'{metric}{{served_entity_name="{entity.get("name")}"}} {value}')
    lines += [
        "# HELP request_latency_ms request latency in milliseconds",
        "# TYPE request_latency_ms histogram",
    ]
    for entity in entities:
        label = f'served_entity_name="{entity.get("name")}"'
        for bound, count in (("10", 90000), ("50", 122000), ("100", 124800), ("+Inf", 125000)):
            lines.append(f'request_latency_ms_bucket{{{label},le="{bound}"}} {count}')
        lines += [
            f"request_latency_ms_sum{{{label}}} 1187500",
            f"request_latency_ms_count{{{label}}} 125000",
        ]
    return "\n".join(lines) + "\n"


@routes.get("/api/2.0/serving-endpoints/{name}/metrics")
def export_metrics(state: WorkspaceState, req: ApiRequest) -> Any:
    endpoint = _endpoint(state, req.params["name"])
    text = state.lookup("serving_metrics", req.params["name"])
    return TextBody(
        text if isinstance(text, str) else default_metrics(endpoint), "text/plain; version=0.0.4"
    )


@routes.get("/api/2.0/serving-endpoints/{name}/openapi")
def get_openapi(state: WorkspaceState, req: ApiRequest) -> Any:
    name = req.params["name"]
    _endpoint(state, name)
    document = state.lookup("serving_openapi", name) or {
        "openapi": "3.1.0",
        "info": {"title": name, "version": "1"},
        "servers": [{"url": f"/serving-endpoints/{name}"}],
        "paths": {"/invocations": {"post": {"requestBody": {"content": {"application/json": {}}}}}},
    }
    return TextBody(json.dumps(document), "application/json")


# -- experiments and runs -------------------------------------------------------------------------


def _experiment_response(experiment: Item) -> Item:
    return {"experiment": experiment}


@routes.get(f"{MLFLOW}/experiments/get-by-name")
def get_experiment_by_name(state: WorkspaceState, req: ApiRequest) -> Any:
    name = req.require("experiment_name")
    experiment = state.find("experiments", "name", name)
    if experiment is None:
        raise not_found(f"Could not find experiment with name {name}")
    return _experiment_response(experiment)


@routes.get(f"{MLFLOW}/experiments/get")
def get_experiment(state: WorkspaceState, req: ApiRequest) -> Any:
    experiment_id = req.require("experiment_id")
    experiment = state.find("experiments", "experiment_id", experiment_id)
    if experiment is None:
        raise not_found(f"No Experiment with id={experiment_id} exists")
    return _experiment_response(experiment)


_STATUS_FILTER = re.compile(r"""(?:attributes\.)?status\s*(=|!=)\s*['"](\w+)['"]""", re.IGNORECASE)


def _run_filter(expression: str | None) -> list[tuple[str, str]]:
    """The ``status`` conditions of an MLflow filter; other conditions are ignored by the fake."""
    if not expression:
        return []
    return [(op, value.upper()) for op, value in _STATUS_FILTER.findall(expression)]


@routes.post(f"{MLFLOW}/runs/search")
def search_runs(state: WorkspaceState, req: ApiRequest) -> Any:
    experiment_ids = set(req.args("experiment_ids"))
    conditions = _run_filter(req.arg("filter"))
    view = req.arg("run_view_type") or "ACTIVE_ONLY"
    runs = []
    for run in state.items("runs"):
        info = run.get("info") or {}
        if experiment_ids and str(info.get("experiment_id")) not in experiment_ids:
            continue
        stage = info.get("lifecycle_stage", "active")
        if (view == "ACTIVE_ONLY" and stage != "active") or (
            view == "DELETED_ONLY" and stage != "deleted"
        ):
            continue
        status = str(info.get("status", "")).upper()
        if any((status == v) != (op == "=") for op, v in conditions):
            continue
        runs.append(run)
    order = " ".join(req.args("order_by")).lower()
    if "start_time" in order or not order:
        runs.sort(
            key=lambda r: int((r.get("info") or {}).get("start_time") or 0),
            reverse="asc" not in order,
        )
    return token_page(state, req, runs, "runs", size_params=("max_results",))


@routes.get(f"{MLFLOW}/runs/get")
def get_mlflow_run(state: WorkspaceState, req: ApiRequest) -> Any:
    run_id = req.arg("run_id") or req.require("run_uuid")
    for run in state.items("runs"):
        if str((run.get("info") or {}).get("run_id")) == run_id:
            return {"run": run}
    raise not_found(f"Run '{run_id}' not found.")


@routes.get(f"{MLFLOW}/artifacts/list")
def list_artifacts(state: WorkspaceState, req: ApiRequest) -> Any:
    run_id = req.arg("run_id") or req.require("run_uuid")
    path = (req.arg("path") or "").strip("/")
    files = state.lookup("artifacts", f"{run_id}/{path}" if path else run_id)
    if files is None:
        if not any(str((r.get("info") or {}).get("run_id")) == run_id for r in state.items("runs")):
            raise not_found(f"Run '{run_id}' not found.")
        files = []
    root = f"dbfs:/databricks/mlflow-tracking/runs/{run_id}/artifacts"
    return token_page(state, req, files, "files", size_params=(), extra={"root_uri": root})


# -- workspace model registry -----------------------------------------------------------------------


@routes.post(f"{MLFLOW}/registered-models/get-latest-versions")
def get_latest_versions(state: WorkspaceState, req: ApiRequest) -> Any:
    name = req.require("name")
    versions = [v for v in state.items("workspace_model_versions") if v.get("name") == name]
    if not versions:
        raise not_found(f"Registered Model with name={name} not found")
    stages = req.args("stages") or sorted({str(v.get("current_stage", "None")) for v in versions})
    latest: list[Item] = []
    for stage in stages:
        in_stage = [
            v for v in versions if str(v.get("current_stage", "None")).lower() == stage.lower()
        ]
        if in_stage:
            latest.append(max(in_stage, key=lambda v: int(v.get("version") or 0)))
    return {"model_versions": latest} if latest else {}


@routes.get(f"{MLFLOW}/registry-webhooks/list")
def list_webhooks(state: WorkspaceState, req: ApiRequest) -> Any:
    model_name = req.arg("model_name")
    events = set(req.args("events"))
    hooks = [
        h
        for h in state.items("registry_webhooks")
        if (model_name is None or h.get("model_name") == model_name)
        and (not events or events & set(h.get("events") or []))
    ]
    return token_page(state, req, hooks, "webhooks", size_params=("max_results",))


# -- feature store ----------------------------------------------------------------------------------


@routes.get("/api/2.0/feature-store/online-stores")
def list_online_stores(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(
        state, req, state.items("online_stores"), "online_stores", size_params=("page_size",)
    )


@routes.get("/api/2.0/feature-store/online-stores/{name}")
def get_online_store(state: WorkspaceState, req: ApiRequest) -> Any:
    store = state.find("online_stores", "name", req.params["name"])
    if store is None:
        raise not_found(f"Online store '{req.params['name']}' does not exist.")
    return store


@routes.get("/api/2.0/feature-store/feature-tables/{table_name}/features/{feature_name}/lineage")
def get_feature_lineage(state: WorkspaceState, req: ApiRequest) -> Any:
    table, feature = req.params["table_name"], req.params["feature_name"]
    lineage = state.lookup("feature_lineage", f"{table}/{feature}", ignore_case=True)
    if lineage is None:
        if state.find("tables", "full_name", table, ignore_case=True) is None:
            raise not_found(f"Feature table '{table}' does not exist.")
        if not feature:
            raise bad_request("feature_name is required")
        return {}
    return lineage
