"""Unity Catalog: catalogs, schemas, tables, grants, monitors, models, online tables, tags."""

from __future__ import annotations

from typing import Any

from tracker.fakeworkspace.routing import ApiRequest, RouteTable, bad_request, not_found
from tracker.fakeworkspace.state import Item, WorkspaceState, token_page, without

routes = RouteTable()
UC = "/api/2.1/unity-catalog"


def _catalog(state: WorkspaceState, name: str) -> Item:
    catalog = state.find("catalogs", "name", name, ignore_case=True)
    if catalog is None:
        raise not_found(f"Catalog '{name}' does not exist.")
    return catalog


def _schema(state: WorkspaceState, full_name: str) -> Item:
    schema = state.find("schemas", "full_name", full_name, ignore_case=True)
    if schema is None:
        raise not_found(f"Schema '{full_name}' does not exist.")
    return schema


def _table(state: WorkspaceState, full_name: str) -> Item:
    table = state.find("tables", "full_name", full_name, ignore_case=True)
    if table is None:
        raise not_found(f"Table '{full_name}' does not exist.")
    return table


@routes.get(f"{UC}/catalogs")
def list_catalogs(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(state, req, state.items("catalogs"), "catalogs")


@routes.get(f"{UC}/catalogs/{{name}}")
def get_catalog(state: WorkspaceState, req: ApiRequest) -> Any:
    return _catalog(state, req.params["name"])


@routes.get(f"{UC}/schemas")
def list_schemas(state: WorkspaceState, req: ApiRequest) -> Any:
    catalog = _catalog(state, req.require("catalog_name"))["name"]
    items = [
        s
        for s in state.items("schemas")
        if str(s.get("catalog_name", "")).lower() == catalog.lower()
    ]
    return token_page(state, req, items, "schemas")


@routes.get(f"{UC}/schemas/{{full_name}}")
def get_schema(state: WorkspaceState, req: ApiRequest) -> Any:
    return _schema(state, req.params["full_name"])


@routes.get(f"{UC}/tables")
def list_tables(state: WorkspaceState, req: ApiRequest) -> Any:
    catalog, schema = req.require("catalog_name"), req.require("schema_name")
    _schema(state, f"{catalog}.{schema}")
    items = [
        t
        for t in state.items("tables")
        if str(t.get("catalog_name", "")).lower() == catalog.lower()
        and str(t.get("schema_name", "")).lower() == schema.lower()
    ]
    omitted = [
        key
        for key, flag in (("columns", "omit_columns"), ("properties", "omit_properties"))
        if req.bool_arg(flag)
    ]
    return token_page(state, req, items, "tables", transform=lambda t: without(t, *omitted))


@routes.get(f"{UC}/volumes")
def list_volumes(state: WorkspaceState, req: ApiRequest) -> Any:
    """Confirmed (volumes API reference, "List Volumes"): catalog_name and schema_name are
    required, ``volumes`` + ``next_page_token``, page size from ``max_results``."""
    catalog, schema = req.require("catalog_name"), req.require("schema_name")
    _schema(state, f"{catalog}.{schema}")
    items = [
        v
        for v in state.items("volumes")
        if str(v.get("catalog_name", "")).lower() == catalog.lower()
        and str(v.get("schema_name", "")).lower() == schema.lower()
    ]
    return token_page(state, req, items, "volumes", size_params=("max_results",))


@routes.get(f"{UC}/tables/{{full_name}}")
def get_table(state: WorkspaceState, req: ApiRequest) -> Any:
    return _table(state, req.params["full_name"])


def _monitor(state: WorkspaceState, table_name: str) -> Item:
    monitor = state.lookup("monitors", table_name, ignore_case=True)
    if not isinstance(monitor, dict):
        _table(state, table_name)
        raise not_found(f"Monitor for table '{table_name}' does not exist.")
    return {"table_name": table_name, **monitor}


@routes.get(f"{UC}/tables/{{table_name}}/monitor")
def get_monitor(state: WorkspaceState, req: ApiRequest) -> Any:
    return _monitor(state, req.params["table_name"])


@routes.get(f"{UC}/tables/{{table_name}}/monitor/refreshes")
def list_monitor_refreshes(state: WorkspaceState, req: ApiRequest) -> Any:
    name = req.params["table_name"]
    _monitor(state, name)
    refreshes = state.lookup("monitor_refreshes", name, ignore_case=True) or []
    return {"refreshes": refreshes} if refreshes else {}


# -- grants ---------------------------------------------------------------------------------------


def _assignments(state: WorkspaceState, securable_type: str, full_name: str) -> list[Item]:
    kind = securable_type.lower()
    grants = state.lookup("grants", f"{kind}/{full_name}", ignore_case=True)
    if grants is None:
        if kind == "catalog":
            _catalog(state, full_name)
        elif kind == "schema":
            _schema(state, full_name)
        elif kind == "table":
            _table(state, full_name)
        elif kind in ("registered_model", "model"):
            _model(state, full_name)
        return []
    return list(grants)


@routes.get(f"{UC}/permissions/{{securable_type}}/{{full_name}}")
def get_grants(state: WorkspaceState, req: ApiRequest) -> Any:
    items = _assignments(state, req.params["securable_type"], req.params["full_name"])
    principal = req.arg("principal")
    if principal is not None:
        items = [a for a in items if a.get("principal") == principal]
    if req.arg("max_results") is None:  # unpaginated legacy behaviour: everything at once
        return {"privilege_assignments": items} if items else {}
    return token_page(state, req, items, "privilege_assignments", size_params=("max_results",))


def _parents(securable_type: str, full_name: str) -> list[tuple[str, str]]:
    parts = full_name.split(".")
    kind = securable_type.lower()
    if kind == "schema" and len(parts) >= 2:
        return [("catalog", parts[0])]
    if kind in ("table", "function", "registered_model", "volume") and len(parts) >= 3:
        return [("catalog", parts[0]), ("schema", f"{parts[0]}.{parts[1]}")]
    return []


@routes.get(f"{UC}/effective-permissions/{{securable_type}}/{{full_name}}")
def get_effective_grants(state: WorkspaceState, req: ApiRequest) -> Any:
    securable_type, full_name = req.params["securable_type"], req.params["full_name"]
    merged: dict[str, list[Item]] = {}
    sources = [(securable_type, full_name, False)] + [
        (t, n, True) for t, n in _parents(securable_type, full_name)
    ]
    for kind, name, inherited in sources:
        grants = state.lookup("grants", f"{kind.lower()}/{name}", ignore_case=True) or []
        for assignment in grants:
            entries = merged.setdefault(str(assignment.get("principal")), [])
            for privilege in assignment.get("privileges") or []:
                entry: Item = {"privilege": privilege}
                if inherited:
                    entry |= {"inherited_from_type": kind.upper(), "inherited_from_name": name}
                entries.append(entry)
    _assignments(state, securable_type, full_name)  # 404 for unknown securables
    principal = req.arg("principal")
    items = [
        {"principal": p, "privileges": privileges}
        for p, privileges in merged.items()
        if principal is None or p == principal
    ]
    return {"privilege_assignments": items} if items else {}


# -- metastore ------------------------------------------------------------------------------------


@routes.get(f"{UC}/current-metastore-assignment")
def current_metastore(state: WorkspaceState, req: ApiRequest) -> Any:
    metastore = state.resources.get("metastore")
    if not isinstance(metastore, dict):
        raise not_found(
            "No metastore assigned for the current workspace.", "METASTORE_DOES_NOT_EXIST"
        )
    return metastore


@routes.get(f"{UC}/metastores/{{metastore_id}}/systemschemas")
def list_system_schemas(state: WorkspaceState, req: ApiRequest) -> Any:
    metastore = state.resources.get("metastore") or {}
    if req.params["metastore_id"] != metastore.get("metastore_id"):
        raise not_found(
            f"Metastore '{req.params['metastore_id']}' does not exist.", "METASTORE_DOES_NOT_EXIST"
        )
    return token_page(
        state, req, state.items("system_schemas"), "schemas", size_params=("max_results",)
    )


# -- registered models (UC) -----------------------------------------------------------------------


def _model(state: WorkspaceState, full_name: str) -> Item:
    model = state.find("registered_models", "full_name", full_name, ignore_case=True)
    if model is None:
        raise not_found(f"Registered model '{full_name}' does not exist.")
    return model


def _model_full_name(version: Item) -> str:
    parts = [version.get("catalog_name"), version.get("schema_name"), version.get("model_name")]
    return ".".join(str(p) for p in parts if p)


@routes.get(f"{UC}/models")
def list_models(state: WorkspaceState, req: ApiRequest) -> Any:
    catalog, schema = req.arg("catalog_name"), req.arg("schema_name")
    items = [
        m
        for m in state.items("registered_models")
        if (catalog is None or str(m.get("catalog_name", "")).lower() == catalog.lower())
        and (schema is None or str(m.get("schema_name", "")).lower() == schema.lower())
    ]
    return token_page(
        state,
        req,
        items,
        "registered_models",
        size_params=("max_results",),
        transform=lambda m: without(m, "aliases"),
    )


@routes.get(f"{UC}/models/{{full_name}}")
def get_model(state: WorkspaceState, req: ApiRequest) -> Any:
    model = _model(state, req.params["full_name"])
    # Like the real API, aliases are only returned when asked for.
    return model if req.bool_arg("include_aliases") else without(model, "aliases")


def _versions(state: WorkspaceState, full_name: str) -> list[Item]:
    model = _model(state, full_name)
    wanted = str(model.get("full_name", full_name)).lower()
    versions = [v for v in state.items("model_versions") if _model_full_name(v).lower() == wanted]
    return sorted(versions, key=lambda v: int(v.get("version") or 0), reverse=True)


def _with_aliases(state: WorkspaceState, full_name: str, version: Item) -> Item:
    if version.get("aliases"):
        return version
    model = _model(state, full_name)
    aliases = [
        a
        for a in model.get("aliases") or []
        if str(a.get("version_num")) == str(version.get("version"))
    ]
    return {**version, "aliases": aliases} if aliases else version


@routes.get(f"{UC}/models/{{full_name}}/versions")
def list_model_versions(state: WorkspaceState, req: ApiRequest) -> Any:
    versions = _versions(state, req.params["full_name"])
    return token_page(state, req, versions, "model_versions", size_params=("max_results",))


@routes.get(f"{UC}/models/{{full_name}}/versions/{{version}}")
def get_model_version(state: WorkspaceState, req: ApiRequest) -> Any:
    full_name, wanted = req.params["full_name"], req.params["version"]
    if not wanted.isdigit():
        raise bad_request(f"Invalid model version: {wanted!r}")
    for version in _versions(state, full_name):
        if str(version.get("version")) == wanted:
            return (
                _with_aliases(state, full_name, version)
                if req.bool_arg("include_aliases")
                else version
            )
    raise not_found(f"Model version '{full_name}' version {wanted} does not exist.")


# -- online tables, tags, data quality, classification ---------------------------------------------


@routes.get("/api/2.0/online-tables/{name}")
def get_online_table(state: WorkspaceState, req: ApiRequest) -> Any:
    table = state.find("online_tables", "name", req.params["name"], ignore_case=True)
    if table is None:
        raise not_found(f"Online table '{req.params['name']}' does not exist.")
    return table


@routes.get(f"{UC}/entity-tag-assignments/{{entity_type}}/{{entity_name}}/tags")
def list_entity_tags(state: WorkspaceState, req: ApiRequest) -> Any:
    entity_type, entity_name = req.params["entity_type"], req.params["entity_name"]
    tags = state.lookup("entity_tags", f"{entity_type}/{entity_name}", ignore_case=True) or []
    items = [{"entity_type": entity_type, "entity_name": entity_name, **tag} for tag in tags]
    return token_page(state, req, items, "tag_assignments", size_params=("max_results",))


def _by_object(state: WorkspaceState, kind_key: str, object_type: str, object_id: str) -> Any:
    """A ``{"<type>/<id or full name>": ...}`` resource: scenarios may key by table/schema name;
    the API is called with their UUIDs."""
    found = state.lookup(kind_key, f"{object_type}/{object_id}", ignore_case=True)
    if found is None:
        kind, id_key = {"table": ("tables", "table_id"), "schema": ("schemas", "schema_id")}.get(
            object_type.lower(), ("", "")
        )
        owner = state.find(kind, id_key, object_id) if kind else None
        if owner is not None:
            found = state.lookup(
                kind_key, f"{object_type}/{owner.get('full_name')}", ignore_case=True
            )
    return found


@routes.get("/api/data-quality/v1/monitors/{object_type}/{object_id}")
def get_data_quality_monitor(state: WorkspaceState, req: ApiRequest) -> Any:
    object_type, object_id = req.params["object_type"], req.params["object_id"]
    monitor = _by_object(state, "data_quality_monitors", object_type, object_id)
    if not isinstance(monitor, dict):
        raise not_found(f"Monitor for {object_type} '{object_id}' does not exist.")
    return {**monitor, "object_type": object_type, "object_id": object_id}


@routes.get("/api/data-quality/v1/monitors/{object_type}/{object_id}/refreshes")
def list_data_quality_refreshes(state: WorkspaceState, req: ApiRequest) -> Any:
    """Confirmed by the Data Quality API reference: ``refreshes`` (object_type, object_id,
    refresh_id, state MONITOR_REFRESH_STATE_*, start_time_ms, end_time_ms, trigger) and
    ``next_page_token``. Assumed: a monitor without data-quality refreshes falls back to the
    scenario's legacy ``monitor_refreshes`` with prefixed states."""
    object_type, object_id = req.params["object_type"], req.params["object_id"]
    if not isinstance(_by_object(state, "data_quality_monitors", object_type, object_id), dict):
        raise not_found(f"Monitor for {object_type} '{object_id}' does not exist.")
    refreshes = _by_object(state, "data_quality_refreshes", object_type, object_id)
    if refreshes is None:
        owner = state.find("tables", "table_id", object_id)
        legacy = state.lookup(
            "monitor_refreshes", str((owner or {}).get("full_name", object_id)), ignore_case=True
        )
        refreshes = [
            {**r, "state": f"MONITOR_REFRESH_STATE_{r.get('state', 'UNKNOWN')}"}
            for r in legacy or []
        ]
    items = [{**r, "object_type": object_type, "object_id": object_id} for r in refreshes]
    return token_page(state, req, items, "refreshes", size_params=("page_size",))


@routes.get("/api/data-classification/v1/{name:path}")
def get_catalog_classification(state: WorkspaceState, req: ApiRequest) -> Any:
    config = state.lookup("data_classification", req.params["name"], ignore_case=True)
    if not isinstance(config, dict):
        raise not_found(f"Data classification config '{req.params['name']}' does not exist.")
    return {"name": req.params["name"], **config}
