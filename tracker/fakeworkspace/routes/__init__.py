"""Every route the fake serves, grouped by API area (one module each)."""

from __future__ import annotations

from tracker.fakeworkspace.routes import account, catalog, compute, database, ml, sql, workspace
from tracker.fakeworkspace.routing import Router

TABLES = (
    catalog.routes,
    compute.routes,
    workspace.routes,
    ml.routes,
    sql.routes,
    account.routes,
    database.routes,
)


def build_router() -> Router:
    """A router over all route tables."""
    return Router(*TABLES)
