"""Account-console routes (``/api/2.x/accounts/{account_id}/...``): the fake can act as the account host."""

from __future__ import annotations

from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, not_found
from tracker.fakeworkspace.state import WorkspaceState, token_page

routes = RouteTable()
ACCOUNT = "/api/2.0/accounts/{account_id}"


def _check_account(state: WorkspaceState, req: ApiRequest) -> None:
    """When the scenario names an account, other account ids are unknown."""
    expected = state.scenario.account_id
    if expected is not None and req.params["account_id"] != expected:
        raise not_found(f"Account {req.params['account_id']} does not exist.")


@routes.get(f"{ACCOUNT}/workspaces")
def list_workspaces(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    return state.items("account_workspaces")  # the real API answers a bare JSON array


@routes.get(f"{ACCOUNT}/workspaces/{{workspace_id}}")
def get_workspace(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    workspace = state.find("account_workspaces", "workspace_id", req.params["workspace_id"])
    if workspace is None:
        raise not_found(f"Workspace {req.params['workspace_id']} does not exist.")
    return workspace


@routes.get(f"{ACCOUNT}/log-delivery")
def list_log_delivery(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    status = req.arg("status")
    configs = [
        c for c in state.items("log_delivery") if status is None or c.get("status") == status
    ]
    return token_page(state, req, configs, "log_delivery_configurations", size_params=())


@routes.get(f"{ACCOUNT}/network-connectivity-configs")
def list_nccs(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    return token_page(
        state, req, state.items("network_connectivity_configs"), "items", size_params=()
    )


@routes.get(f"{ACCOUNT}/network-connectivity-configs/{{ncc_id}}/private-endpoint-rules")
def list_private_endpoint_rules(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    ncc_id = req.params["ncc_id"]
    if state.find("network_connectivity_configs", "network_connectivity_config_id", ncc_id) is None:
        raise not_found(f"Network connectivity config {ncc_id} does not exist.")
    rules = state.lookup("private_endpoint_rules", ncc_id) or []
    return token_page(state, req, rules, "items", size_params=())


@routes.get(f"{ACCOUNT}/servicePrincipals/{{sp_id}}/federationPolicies")
def list_federation_policies(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    policies = state.lookup("federation_policies", req.params["sp_id"]) or []
    return token_page(state, req, policies, "policies", size_params=("page_size",))


@routes.get("/api/2.1/accounts/{account_id}/budgets")
def list_budgets(state: WorkspaceState, req: ApiRequest) -> Any:
    _check_account(state, req)
    return token_page(state, req, state.items("budgets"), "budgets", size_params=())
