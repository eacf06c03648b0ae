"""Lakebase (Databricks managed PostgreSQL): database instances and short-lived credentials."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, bad_request, not_found
from tracker.fakeworkspace.state import WorkspaceState

routes = RouteTable()


@routes.get("/api/2.0/database/instances/{name}")
def get_database_instance(state: WorkspaceState, req: ApiRequest) -> Any:
    instance = state.find("database_instances", "name", req.params["name"])
    if instance is None:
        raise not_found(f"Database instance '{req.params['name']}' does not exist.")
    return instance


@routes.post("/api/2.0/database/credentials")
def generate_database_credential(state: WorkspaceState, req: ApiRequest) -> Any:
    names = req.args("instance_names")
    if not names:
        raise bad_request("At least one of instance_names or claims must be specified.")
    for name in names:
        if state.find("database_instances", "name", name) is None:
            raise not_found(f"Database instance '{name}' does not exist.")
    # Wall-clock expiry (not the pinned scenario clock): clients compare it with their own time.
    expires = datetime.now(UTC) + timedelta(seconds=state.credential_ttl_seconds)
    with state.lock:
        state.credentials_issued += 1
    return {
        "token": f"fake-lakebase-{uuid.uuid4().hex}",
        "expiration_time": expires.isoformat().replace("+00:00", "Z"),
    }
