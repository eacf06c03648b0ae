"""The data one running fake workspace serves, plus the paging and lookup helpers handlers share."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from tracker.fakeworkspace.api import ApiRequest, bad_request
from tracker.fakeworkspace.scenario import Scenario

DEFAULT_PAGE_SIZE = 100
MAX_STORED_STATEMENTS = 1000
DEFAULT_CREDENTIAL_TTL_S = 3600  # Lakebase database credentials live an hour
SCIM_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

Item = dict[str, Any]


class WorkspaceState:
    """Resolved scenario resources (read-only after start) and the SQL statements executed so far."""

    def __init__(self, scenario: Scenario, now: datetime) -> None:
        self.scenario = scenario
        self.now = now
        self.resources: dict[str, Any] = scenario.resolved_resources(now)
        self.page_size = scenario.page_size or DEFAULT_PAGE_SIZE
        self.statements: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()
        self.credential_ttl_seconds = DEFAULT_CREDENTIAL_TTL_S
        self.credentials_issued = 0
        self.sql_tables: dict[str, dict[str, Any]] = {}  # see sqltables.py

    # -- reading resources -------------------------------------------------------------------

    def items(self, kind: str) -> list[Item]:
        value = self.resources.get(kind)
        return value if isinstance(value, list) else []

    def mapping(self, kind: str) -> dict[str, Any]:
        value = self.resources.get(kind)
        return value if isinstance(value, dict) else {}

    def find(
        self, kind: str, key: str, value: str | int, *, ignore_case: bool = False
    ) -> Item | None:
        """The first item of ``kind`` whose ``key`` equals ``value`` (as text)."""
        wanted = str(value).lower() if ignore_case else str(value)
        for item in self.items(kind):
            found = item.get(key)
            if found is None:
                continue
            text = str(found).lower() if ignore_case else str(found)
            if text == wanted:
                return item
        return None

    def lookup(self, kind: str, key: str, *, ignore_case: bool = False) -> Any:
        """A value of a mapping-shaped resource kind, by key."""
        table = self.mapping(kind)
        if key in table:
            return table[key]
        if ignore_case:
            lowered = key.lower()
            for name, value in table.items():
                if name.lower() == lowered:
                    return value
        return None

    # -- statements ----------------------------------------------------------------------------

    def store_statement(self, statement_id: str, record: dict[str, Any]) -> None:
        with self.lock:
            self.statements[statement_id] = record
            while len(self.statements) > MAX_STORED_STATEMENTS:
                self.statements.popitem(last=False)


# -- paging --------------------------------------------------------------------------------------

_TOKEN_PREFIX = "fake-page-"


def _page_offset(token: str | None) -> int:
    if not token:
        return 0
    if not token.startswith(_TOKEN_PREFIX) or not token[len(_TOKEN_PREFIX) :].isdigit():
        raise bad_request(f"Invalid page token: {token!r}")
    return int(token[len(_TOKEN_PREFIX) :])


def page_size(state: WorkspaceState, req: ApiRequest, size_params: Sequence[str]) -> int:
    """The page size the client asked for (first positive size parameter) else the scenario's."""
    for name in size_params:
        size = req.int_arg(name)
        if size is not None and size < 0:
            raise bad_request(f"{name} must be non-negative")
        if size:
            return size
    return state.page_size


def token_page(
    state: WorkspaceState,
    req: ApiRequest,
    items: Sequence[Item],
    list_key: str,
    *,
    size_params: Sequence[str] = ("max_results", "page_size", "limit"),
    transform: Callable[[Item], Item] | None = None,
    extra: dict[str, Any] | None = None,
    has_more_key: str | None = None,
) -> dict[str, Any]:
    """One page of ``items`` for ``page_token`` paging; ``next_page_token`` only when more remain."""
    size = page_size(state, req, size_params)
    offset = _page_offset(req.arg("page_token"))
    chunk = [transform(i) if transform else i for i in items[offset : offset + size]]
    body: dict[str, Any] = dict(extra or {})
    if chunk:
        body[list_key] = chunk
    more = offset + size < len(items)
    if more:
        body["next_page_token"] = f"{_TOKEN_PREFIX}{offset + size}"
    if has_more_key:
        body[has_more_key] = more
    return body


def scim_page(state: WorkspaceState, req: ApiRequest, items: Sequence[Item]) -> dict[str, Any]:
    """SCIM paging: 1-based ``startIndex`` + ``count``; past the end ``Resources`` is empty."""
    start = req.int_arg("startIndex") or 1
    if start < 1:
        raise bad_request("startIndex must be >= 1")
    count = req.int_arg("count")
    size = min(count, state.page_size) if count else state.page_size
    chunk = list(items[start - 1 : start - 1 + size])
    return {
        "schemas": [SCIM_LIST_SCHEMA],
        "totalResults": len(items),
        "startIndex": start,
        "itemsPerPage": len(chunk),
        "Resources": chunk,
    }


# -- small helpers -------------------------------------------------------------------------------


def without(item: Item, *keys: str) -> Item:
    """A shallow copy of ``item`` without ``keys``."""
    return {k: v for k, v in item.items() if k not in keys}
