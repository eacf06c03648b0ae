"""Workspace settings, identities, secrets (metadata only), files, alerts, dashboards, query history."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.checks.model import CheckContext

if TYPE_CHECKING:
    from databricks.sdk.service.dashboards import Dashboard, Schedule
    from databricks.sdk.service.iam import ServicePrincipal, User
    from databricks.sdk.service.settings import IpAccessListInfo, ListNotificationDestinationsResult
    from databricks.sdk.service.sql import AlertV2, QueryInfo
    from databricks.sdk.service.workspace import ObjectInfo, SecretMetadata, SecretScope


def alerts(ctx: CheckContext) -> list[AlertV2]:
    """SQL alerts (v2) the caller can see."""
    return ctx.cached(("alerts_v2.list_alerts",), lambda: list(ctx.client.alerts_v2.list_alerts()))


def workspace_object(ctx: CheckContext, path: str) -> ObjectInfo:
    """Status of a workspace file or folder (``NotFound`` when it does not exist)."""
    return ctx.cached(("workspace.get_status", path), lambda: ctx.client.workspace.get_status(path))


def secret_scopes(ctx: CheckContext) -> list[SecretScope]:
    return ctx.cached(("secrets.list_scopes",), lambda: list(ctx.client.secrets.list_scopes()))


def secrets(ctx: CheckContext, scope: str) -> list[SecretMetadata]:
    """Secret keys (never values) in a scope."""
    return ctx.cached(
        ("secrets.list_secrets", scope), lambda: list(ctx.client.secrets.list_secrets(scope))
    )


def workspace_conf(ctx: CheckContext, key: str) -> str | None:
    """One workspace-conf key per call, as SAT does (some keys fail for some callers);
    ``None`` means never configured."""

    def fetch() -> str | None:
        conf = ctx.client.workspace_conf.get_status(keys=key) or {}
        value = conf.get(key) if isinstance(conf, Mapping) else None
        return None if value is None else str(value)

    return ctx.cached(("workspace_conf", key), fetch)


def ip_access_lists(ctx: CheckContext) -> list[IpAccessListInfo]:
    return ctx.cached(("ip_access_lists.list",), lambda: list(ctx.client.ip_access_lists.list()))


def current_user(ctx: CheckContext) -> User:
    return ctx.cached(("current_user.me",), ctx.client.current_user.me)


SCIM_PAGE = 10000  # what the SDK asks for; the server may cap it


def _scim_list(ctx: CheckContext, path: str) -> list[dict[str, Any]]:
    """Every resource of a SCIM list, paged with ``startIndex``/``count``. Unlike the SDK's
    iterator, which always asks for one more (empty) page to find the end, this stops once
    ``totalResults`` resources arrived: one request for a list that fits in one page."""
    headers = {"Accept": "application/json"}
    workspace_id = getattr(ctx.client.config, "workspace_id", None)
    if workspace_id:
        headers["X-Databricks-Workspace-Id"] = str(workspace_id)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    start = 1
    for _ in range(10_000):  # a bound, in case a server never stops
        page = ctx.client.api_client.do(
            "GET", path, query={"startIndex": start, "count": SCIM_PAGE}, headers=headers
        )
        found = (page.get("Resources") if isinstance(page, Mapping) else None) or []
        for res in found:
            key = str(res.get("id"))
            if key not in seen:  # the SDK deduplicates too (lists may shift while paging)
                seen.add(key)
                out.append(res)
        start += len(found)
        total = page.get("totalResults") if isinstance(page, Mapping) else None
        if not found or (isinstance(total, int) and start > total):
            break
    return out


def service_principals(ctx: CheckContext) -> list[ServicePrincipal]:
    """Workspace service principals (SCIM, paged with ``startIndex``)."""

    def fetch() -> list[ServicePrincipal]:
        from databricks.sdk.service.iam import ServicePrincipal

        path = "/api/2.0/preview/scim/v2/ServicePrincipals"
        return [ServicePrincipal.from_dict(r) for r in _scim_list(ctx, path)]

    return ctx.cached(("service_principals.list",), fetch)


def notification_destinations(ctx: CheckContext) -> list[ListNotificationDestinationsResult]:
    """Notification destinations (Slack, e-mail, PagerDuty, Teams, webhooks); no secrets."""
    return ctx.cached(
        ("notification_destinations.list",),
        lambda: list(ctx.client.notification_destinations.list()),
    )


def lakeview_dashboards(ctx: CheckContext) -> list[Dashboard]:
    """AI/BI (Lakeview) dashboards the caller can see, trashed ones excluded."""
    return ctx.cached(("lakeview.list",), lambda: list(ctx.client.lakeview.list()))


def dashboard_schedules(ctx: CheckContext, dashboard_id: str) -> list[Schedule]:
    return ctx.cached(
        ("lakeview.list_schedules", dashboard_id),
        lambda: list(ctx.client.lakeview.list_schedules(dashboard_id)),
    )


def query_history(
    ctx: CheckContext, warehouse_id: str, days: int, max_queries: int = 1000
) -> list[QueryInfo]:
    """Queries run on a warehouse in the last ``days`` days (with metrics), newest first, at most
    ``max_queries``. ``query_history.list`` returns one page: we follow ``next_page_token``."""

    def fetch() -> list[QueryInfo]:
        from databricks.sdk.service.sql import QueryFilter, TimeRange

        start_ms = int((time.time() - days * 86400) * 1000)
        flt = QueryFilter(
            warehouse_ids=[warehouse_id], query_start_time_range=TimeRange(start_time_ms=start_ms)
        )
        out: list[QueryInfo] = []
        token: str | None = None
        while len(out) < max_queries:
            resp = ctx.client.query_history.list(
                filter_by=flt,
                include_metrics=True,
                max_results=min(1000, max_queries),
                page_token=token,
            )
            out.extend(resp.res or [])
            token = resp.next_page_token
            if not token or not resp.has_next_page:
                break
        return out[:max_queries]

    return ctx.cached(("query_history.list", warehouse_id, int(days), max_queries), fetch)
