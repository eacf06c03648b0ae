"""Identity (SCIM), secrets, workspace objects, settings, IP access lists, tokens, destinations."""

from __future__ import annotations

import re
from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, bad_request, not_found
from tracker.fakeworkspace.state import Item, WorkspaceState, scim_page, token_page, without

routes = RouteTable()
SCIM = "/api/2.0/preview/scim/v2"

DEFAULT_USER: Item = {
    "id": "1000000000000001",
    "userName": "fake.user@example.com",
    "displayName": "Fake User",
    "active": True,
    "groups": [],
}

# -- SCIM -----------------------------------------------------------------------------------------

_SCIM_FILTER = re.compile(r'^\s*(\w+)\s+(eq|co|sw|ne)\s+"([^"]*)"\s*$', re.IGNORECASE)


def _scim_filter(items: list[Item], expression: str | None) -> list[Item]:
    """A tiny subset of SCIM filtering: ``attr eq|ne|co|sw "value"`` (case-insensitive)."""
    if not expression:
        return items
    found = _SCIM_FILTER.match(expression)
    if found is None:
        raise bad_request(f"Unsupported SCIM filter: {expression!r}")
    attribute, op, wanted = found.group(1), found.group(2).lower(), found.group(3).lower()

    def keep(value: str) -> bool:
        if op == "eq":
            return value == wanted
        if op == "ne":
            return value != wanted
        if op == "co":
            return wanted in value
        return value.startswith(wanted)

    keys = {k.lower(): k for item in items for k in item}
    key = keys.get(attribute.lower(), attribute)
    return [i for i in items if keep(str(i.get(key, "")).lower())]


def _scim_list(kind: str) -> Any:
    def handler(state: WorkspaceState, req: ApiRequest) -> Any:
        return scim_page(state, req, _scim_filter(state.items(kind), req.arg("filter")))

    return handler


def _scim_get(kind: str, label: str) -> Any:
    def handler(state: WorkspaceState, req: ApiRequest) -> Any:
        item = state.find(kind, "id", req.params["id"])
        if item is None:
            raise not_found(f"{label} with id {req.params['id']} not found.")
        return item

    return handler


for _kind, _path, _label in (
    ("service_principals", "ServicePrincipals", "Service principal"),
    ("users", "Users", "User"),
    ("groups", "Groups", "Group"),
):
    routes.add("GET", f"{SCIM}/{_path}", _scim_list(_kind))
    routes.add("GET", f"{SCIM}/{_path}/{{id}}", _scim_get(_kind, _label))


@routes.get(f"{SCIM}/Me")
def current_user(state: WorkspaceState, req: ApiRequest) -> Any:
    return state.scenario.current_user or DEFAULT_USER


@routes.get("/api/2.0/token-management/tokens")
def list_tokens(state: WorkspaceState, req: ApiRequest) -> Any:
    by_id, by_name = req.arg("created_by_id"), req.arg("created_by_username")
    tokens = [
        t
        for t in state.items("token_infos")
        if (by_id is None or str(t.get("created_by_id")) == by_id)
        and (by_name is None or str(t.get("created_by_username", "")).lower() == by_name.lower())
    ]
    return {"token_infos": tokens} if tokens else {}


# -- secrets --------------------------------------------------------------------------------------


def _scope(state: WorkspaceState, req: ApiRequest) -> str:
    """Assumed (the issue's finding, not the API reference): scope names are matched
    case-insensitively; secrets and ACLs are keyed by the scope's stored name."""
    scope = req.require("scope")
    found = state.find("secret_scopes", "name", scope, ignore_case=True)
    if found is None:
        raise not_found(f"Scope {scope} does not exist!")
    return str(found["name"])


@routes.get("/api/2.0/secrets/scopes/list")
def list_secret_scopes(state: WorkspaceState, req: ApiRequest) -> Any:
    scopes = state.items("secret_scopes")
    return {"scopes": scopes} if scopes else {}


@routes.get("/api/2.0/secrets/list")
def list_secrets(state: WorkspaceState, req: ApiRequest) -> Any:
    secrets = state.lookup("secrets", _scope(state, req), ignore_case=True) or []
    # Only metadata: a scenario may hold a value for realism, the API never returns it.
    return {"secrets": [without(s, "value", "string_value") for s in secrets]} if secrets else {}


@routes.get("/api/2.0/secrets/acls/list")
def list_secret_acls(state: WorkspaceState, req: ApiRequest) -> Any:
    acls = state.lookup("secret_acls", _scope(state, req), ignore_case=True) or []
    return {"items": acls} if acls else {}


@routes.get("/api/2.0/secrets/acls/get")
def get_secret_acl(state: WorkspaceState, req: ApiRequest) -> Any:
    principal = req.require("principal")
    for acl in state.lookup("secret_acls", _scope(state, req)) or []:
        if acl.get("principal") == principal:
            return acl
    raise not_found(f"No ACL for principal {principal} in scope {req.arg('scope')}.")


# -- workspace objects ----------------------------------------------------------------------------


def _normalise(path: str) -> str:
    """``/Workspace/Users/x`` and ``/Users/x/`` name the same object as ``/Users/x``."""
    path = "/" + path.strip("/")
    if path == "/Workspace":
        return "/"
    if path.startswith("/Workspace/"):
        return path[len("/Workspace") :]
    return path


def _objects(state: WorkspaceState) -> dict[str, Item]:
    """Declared objects plus their parent folders (implicit DIRECTORY entries)."""
    objects: dict[str, Item] = {}
    for raw_path, info in state.mapping("workspace_objects").items():
        path = _normalise(raw_path)
        objects[path] = {"object_type": "DIRECTORY", **(info or {}), "path": raw_path}
        parent = path.rsplit("/", 1)[0]
        while parent and parent not in objects:
            objects[parent] = {"object_type": "DIRECTORY", "path": parent}
            parent = parent.rsplit("/", 1)[0]
    return objects


@routes.get("/api/2.0/workspace/get-status")
def workspace_get_status(state: WorkspaceState, req: ApiRequest) -> Any:
    path = req.require("path")
    info = _objects(state).get(_normalise(path))
    if info is None:
        raise not_found(f"Path ({path}) doesn't exist.")
    return info


@routes.get("/api/2.0/workspace/list")
def workspace_list(state: WorkspaceState, req: ApiRequest) -> Any:
    path = req.require("path")
    objects = _objects(state)
    folder = _normalise(path)
    if folder not in objects:
        raise not_found(f"Path ({path}) doesn't exist.")
    children = [
        info for key, info in objects.items() if key != folder and key.rsplit("/", 1)[0] == folder
    ]
    return {"objects": children} if children else {}


# -- settings and admin configuration ---------------------------------------------------------------

_DEFAULT_SETTINGS: dict[str, Item] = {
    "shield_csp_enablement_ws_db": {"compliance_security_profile_workspace": {"is_enabled": False}},
    "shield_esm_enablement_ws_db": {
        "enhanced_security_monitoring_workspace": {"is_enabled": False}
    },
}


@routes.get("/api/2.0/settings/types/{setting_type}/names/default")
def get_setting(state: WorkspaceState, req: ApiRequest) -> Any:
    setting_type = req.params["setting_type"]
    value = state.lookup("settings", setting_type)
    if value is None:
        value = _DEFAULT_SETTINGS.get(setting_type)
    if value is None:
        raise not_found(f"Setting '{setting_type}' does not exist.")
    return {"setting_name": "default", "etag": f"fake-etag-{setting_type}", **value}


def _conf_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@routes.get("/api/2.0/workspace-conf", "/api/2.0/preview/workspace-conf")
def get_workspace_conf(state: WorkspaceState, req: ApiRequest) -> Any:
    keys = [k.strip() for k in req.require("keys").split(",") if k.strip()]
    conf = state.mapping("workspace_conf")
    return {key: _conf_value(conf.get(key)) for key in keys}


@routes.get("/api/2.0/ip-access-lists")
def list_ip_access_lists(state: WorkspaceState, req: ApiRequest) -> Any:
    lists = state.items("ip_access_lists")
    return {"ip_access_lists": lists} if lists else {}


@routes.get("/api/2.0/ip-access-lists/{list_id}")
def get_ip_access_list(state: WorkspaceState, req: ApiRequest) -> Any:
    found = state.find("ip_access_lists", "list_id", req.params["list_id"])
    if found is None:
        raise not_found(f"IP access list {req.params['list_id']} does not exist.")
    return {"ip_access_list": found}


@routes.get("/api/2.0/notification-destinations")
def list_notification_destinations(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(
        state,
        req,
        state.items("notification_destinations"),
        "results",
        size_params=("page_size",),
        transform=lambda d: without(d, "config"),
    )


@routes.get("/api/2.0/notification-destinations/{id}")
def get_notification_destination(state: WorkspaceState, req: ApiRequest) -> Any:
    found = state.find("notification_destinations", "id", req.params["id"])
    if found is None:
        raise not_found(f"Notification destination {req.params['id']} does not exist.")
    return found
