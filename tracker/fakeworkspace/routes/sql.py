"""SQL warehouses, the Statement Execution API, query history, alerts, Lakeview dashboards."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tracker.fakeworkspace import sqltables
from tracker.fakeworkspace.routing import ApiRequest, RouteTable, bad_request, not_found
from tracker.fakeworkspace.state import Item, WorkspaceState, token_page

routes = RouteTable()

_TYPE_NAMES = {bool: "BOOLEAN", int: "LONG", float: "DOUBLE"}
_WAIT_TIMEOUT = re.compile(r"^(\d+)s$")


@routes.get("/api/2.0/sql/warehouses")
def list_warehouses(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(
        state, req, state.items("warehouses"), "warehouses", size_params=("page_size",)
    )


@routes.get("/api/2.0/sql/warehouses/{id}")
def get_warehouse(state: WorkspaceState, req: ApiRequest) -> Any:
    warehouse = state.find("warehouses", "id", req.params["id"])
    if warehouse is None:
        raise not_found(f"SQL warehouse {req.params['id']} does not exist.")
    return warehouse


# -- statement execution --------------------------------------------------------------------------


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _columns(rule: Item) -> list[Item]:
    rows = rule.get("rows") or []
    first = rows[0] if rows else []
    columns = []
    for position, column in enumerate(rule.get("columns") or []):
        if isinstance(column, dict):
            spec = dict(column)
        else:
            sample = first[position] if position < len(first) else None
            spec = {"name": column, "type_name": _TYPE_NAMES.get(type(sample), "STRING")}
        spec.setdefault("type_name", "STRING")
        spec.setdefault("type_text", spec["type_name"])
        spec["position"] = position
        columns.append(spec)
    return columns


def _final_response(statement_id: str, rule: Item | None, statement: str) -> Item:
    if rule is None:
        return {
            "statement_id": statement_id,
            "status": {
                "state": "FAILED",
                "error": {
                    "error_code": "BAD_REQUEST",
                    "message": f"The fake workspace has no statement rule matching: {statement[:200]}",
                },
            },
        }
    state = rule.get("state", "SUCCEEDED")
    if state != "SUCCEEDED":
        status: Item = {"state": state}
        if rule.get("error"):
            status["error"] = {
                "error_code": rule.get("error_code", "BAD_REQUEST"),
                "message": rule["error"],
            }
        return {"statement_id": statement_id, "status": status}
    rows = [[_cell(v) for v in row] for row in rule.get("rows") or []]
    columns = _columns(rule)
    chunks = _chunks(statement_id, rows, rule.get("chunk_rows"))
    response: Item = {
        "statement_id": statement_id,
        "status": {"state": "SUCCEEDED"},
        "manifest": {
            "format": "JSON_ARRAY",
            "schema": {"column_count": len(columns), "columns": columns},
            "total_chunk_count": len(chunks),
            "total_row_count": len(rows),
            "truncated": False,
            "chunks": [
                {k: c[k] for k in ("chunk_index", "row_offset", "row_count")} for c in chunks
            ],
        },
        "result": chunks[0],
        "chunks": chunks,  # served by get_result_chunk; removed from the answers below
    }
    return response


def _chunks(statement_id: str, rows: list[list[Any]], size: int | None) -> list[Item]:
    """Result chunks as the Statement Execution API pages them (confirmed fields: chunk_index,
    row_offset, row_count, data_array, next_chunk_index, next_chunk_internal_link)."""
    size = size or max(1, len(rows))
    parts = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    chunks: list[Item] = []
    for n, part in enumerate(parts):
        chunk: Item = {"chunk_index": n, "row_offset": n * size, "row_count": len(part)}
        if part:
            chunk["data_array"] = part
        if n + 1 < len(parts):
            chunk["next_chunk_index"] = n + 1
            chunk["next_chunk_internal_link"] = (
                f"/api/2.0/sql/statements/{statement_id}/result/chunks/{n + 1}"
            )
        chunks.append(chunk)
    return chunks


def _answer(final: Item) -> Item:
    return {k: v for k, v in final.items() if k != "chunks"}


def _bound_parameters(req: ApiRequest) -> dict[str, str]:
    body = req.body if isinstance(req.body, dict) else {}
    return {
        str(p.get("name")): str(p.get("value")) if p.get("value") is not None else ""
        for p in body.get("parameters") or []
        if isinstance(p, dict)
    }


def _matching_rule(
    state: WorkspaceState, statement: str, parameters: dict[str, str]
) -> Item | None:
    for rule in state.items("statements"):
        if not re.search(rule["match"], statement, re.IGNORECASE | re.DOTALL):
            continue
        wanted = rule.get("parameters") or {}
        if all(parameters.get(k) == str(v) for k, v in wanted.items()):
            return rule
    return None


@routes.post("/api/2.0/sql/statements", "/api/2.0/sql/statements/")
def execute_statement(state: WorkspaceState, req: ApiRequest) -> Any:
    statement, warehouse_id = req.require("statement"), req.require("warehouse_id")
    if state.find("warehouses", "id", warehouse_id) is None:
        raise not_found(f"SQL warehouse {warehouse_id} does not exist.")
    wait = req.arg("wait_timeout") or "10s"
    found = _WAIT_TIMEOUT.match(wait)
    if found is None or not (int(found.group(1)) == 0 or 5 <= int(found.group(1)) <= 50):
        raise bad_request(f"wait_timeout must be 0s or between 5s and 50s, got {wait!r}")
    parameters = _bound_parameters(req)
    body = req.body if isinstance(req.body, dict) else {}
    with state.lock:
        rule = sqltables.execute(state.sql_tables, statement, list(body.get("parameters") or []))
    if rule is None:
        rule = _matching_rule(state, statement, parameters)
    statement_id = str(uuid.uuid4())
    polls = int(rule.get("pending_polls", 0)) if rule else 0
    if wait == "0s":
        polls = max(polls, 1)  # with no wait the real API always answers before the result is ready
    final = _final_response(statement_id, rule, statement)
    state.store_statement(
        statement_id,
        {"final": final, "pending_polls": polls, "statement": statement, "parameters": parameters},
    )
    if polls > 0:
        return {"statement_id": statement_id, "status": {"state": "PENDING"}}
    return _answer(final)


@routes.get("/api/2.0/sql/statements/{statement_id}")
def get_statement(state: WorkspaceState, req: ApiRequest) -> Any:
    with state.lock:
        record = state.statements.get(req.params["statement_id"])
        if record is None:
            raise not_found(f"Statement {req.params['statement_id']} does not exist.")
        if record["pending_polls"] > 1:
            record["pending_polls"] -= 1
            return {"statement_id": req.params["statement_id"], "status": {"state": "RUNNING"}}
        record["pending_polls"] = 0
        return _answer(record["final"])


@routes.get("/api/2.0/sql/statements/{statement_id}/result/chunks/{chunk_index}")
def get_result_chunk(state: WorkspaceState, req: ApiRequest) -> Any:
    with state.lock:
        record = state.statements.get(req.params["statement_id"])
    if record is None:
        raise not_found(f"Statement {req.params['statement_id']} does not exist.")
    chunks = record["final"].get("chunks") or []
    index = int(req.params["chunk_index"]) if req.params["chunk_index"].isdigit() else -1
    if not 0 <= index < len(chunks):
        raise not_found(f"Chunk {req.params['chunk_index']} does not exist.")
    return chunks[index]


@routes.post("/api/2.0/sql/statements/{statement_id}/cancel")
def cancel_statement(state: WorkspaceState, req: ApiRequest) -> Any:
    with state.lock:
        record = state.statements.get(req.params["statement_id"])
        if record is None:
            raise not_found(f"Statement {req.params['statement_id']} does not exist.")
        if record["pending_polls"] > 0:
            record["pending_polls"] = 0
            record["final"] = {
                "statement_id": req.params["statement_id"],
                "status": {"state": "CANCELED"},
            }
    return {}


# -- history, alerts, dashboards ------------------------------------------------------------------


@routes.get("/api/2.0/sql/history/queries")
def list_query_history(state: WorkspaceState, req: ApiRequest) -> Any:
    warehouse_ids = set(req.args("filter_by.warehouse_ids"))
    queries = [
        q
        for q in state.items("query_history")
        if not warehouse_ids or q.get("warehouse_id") in warehouse_ids
    ]
    page = token_page(state, req, queries, "res", size_params=("max_results",))
    page["has_next_page"] = "next_page_token" in page
    return page


@routes.get("/api/2.0/alerts")
def list_alerts(state: WorkspaceState, req: ApiRequest) -> Any:
    return token_page(state, req, state.items("alerts"), "alerts", size_params=("page_size",))


@routes.get("/api/2.0/alerts/{id}")
def get_alert(state: WorkspaceState, req: ApiRequest) -> Any:
    alert = state.find("alerts", "id", req.params["id"])
    if alert is None:
        raise not_found(f"Alert {req.params['id']} does not exist.")
    return alert


@routes.get("/api/2.0/lakeview/dashboards")
def list_dashboards(state: WorkspaceState, req: ApiRequest) -> Any:
    show_trashed = req.bool_arg("show_trashed")
    dashboards = [
        d
        for d in state.items("dashboards")
        if show_trashed or d.get("lifecycle_state", "ACTIVE") != "TRASHED"
    ]
    return token_page(state, req, dashboards, "dashboards", size_params=("page_size",))


def _dashboard(state: WorkspaceState, dashboard_id: str) -> Item:
    dashboard = state.find("dashboards", "dashboard_id", dashboard_id)
    if dashboard is None:
        raise not_found(f"Dashboard {dashboard_id} does not exist.")
    return dashboard


@routes.get("/api/2.0/lakeview/dashboards/{dashboard_id}")
def get_dashboard(state: WorkspaceState, req: ApiRequest) -> Any:
    return _dashboard(state, req.params["dashboard_id"])


@routes.get("/api/2.0/lakeview/dashboards/{dashboard_id}/schedules")
def list_dashboard_schedules(state: WorkspaceState, req: ApiRequest) -> Any:
    dashboard_id = req.params["dashboard_id"]
    _dashboard(state, dashboard_id)
    schedules = [
        {"dashboard_id": dashboard_id, **s}
        for s in state.lookup("dashboard_schedules", dashboard_id) or []
    ]
    return token_page(state, req, schedules, "schedules", size_params=("page_size",))
