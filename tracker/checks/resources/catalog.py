"""Unity Catalog reads: catalogs, schemas, tables, grants, system schemas, tags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.checks.model import CheckContext
from tracker.checks.resources.common import found_by_name
from tracker.checks.resources.sql import run_statement

if TYPE_CHECKING:
    from databricks.sdk.service.catalog import (
        CatalogInfo,
        EntityTagAssignment,
        MetastoreAssignment,
        PrivilegeAssignment,
        SchemaInfo,
        SystemSchemaInfo,
        TableInfo,
    )
    from databricks.sdk.service.dataclassification import CatalogConfig


def catalog(ctx: CheckContext, name: str) -> CatalogInfo:
    return ctx.cached(("catalogs.get", name.lower()), lambda: ctx.client.catalogs.get(name))


def schemas(ctx: CheckContext, catalog_name: str) -> list[SchemaInfo]:
    return ctx.cached(
        ("schemas.list", catalog_name.lower()),
        lambda: list(ctx.client.schemas.list(catalog_name=catalog_name)),
    )


def schema_securables(ctx: CheckContext, catalog: str, schema: str) -> list[tuple[str, str]]:
    """(securable type, full name) of every table, volume and registered model in a schema, for
    the grants API. Registered models are ``function`` securables there (assumed from the
    grants API reference's securable types, which list no ``registered_model``)."""

    def fetch() -> list[tuple[str, str]]:
        api = ctx.client
        found = [
            ("table", t.full_name)
            for t in api.tables.list(
                catalog_name=catalog, schema_name=schema, omit_columns=True, omit_properties=True
            )
        ]
        found += [("volume", v.full_name) for v in api.volumes.list(catalog, schema)]
        found += [
            ("function", m.full_name)
            for m in api.registered_models.list(catalog_name=catalog, schema_name=schema)
        ]
        return [(kind, name) for kind, name in found if name]

    return ctx.cached(("schema.securables", catalog.lower(), schema.lower()), fetch)


def schema(ctx: CheckContext, full_name: str) -> SchemaInfo:
    return ctx.cached(("schemas.get", full_name.lower()), lambda: ctx.client.schemas.get(full_name))


def table(ctx: CheckContext, full_name: str) -> TableInfo:
    return ctx.cached(("tables.get", full_name.lower()), lambda: ctx.client.tables.get(full_name))


def grants(ctx: CheckContext, securable_type: str, full_name: str) -> list[PrivilegeAssignment]:
    """Direct grants on a securable. ``grants.get`` returns one page and does not follow
    ``next_page_token`` itself, so we loop."""

    def fetch() -> list[PrivilegeAssignment]:
        out: list[PrivilegeAssignment] = []
        token: str | None = None
        for _ in range(1000):  # a bound, in case a server never stops sending tokens
            resp = ctx.client.grants.get(securable_type, full_name, max_results=0, page_token=token)
            out.extend(resp.privilege_assignments or [])
            token = resp.next_page_token
            if not token:
                break
        return out

    return ctx.cached(("grants.get", securable_type.lower(), full_name.lower()), fetch)


READABLE_BY_SELECT = "readable by SELECT"  # decided by a query, not the (admin-only) list


SYSTEM_SCHEMA_ENABLED = frozenset({"ENABLE_COMPLETED", "MANAGED", READABLE_BY_SELECT})


AUDIT_PROBE_SQL = "SELECT 1 AS one FROM system.access.audit LIMIT 1"


def access_schema_state(ctx: CheckContext, warehouse: str | None) -> str | None:
    """State of the ``access`` system schema. Listing system schemas needs a metastore admin;
    for anyone else a SELECT on ``system.access.audit`` through ``warehouse`` decides: it
    answers (``READABLE_BY_SELECT``), or the table does not exist (not enabled). Without a
    warehouse, or when the SELECT is denied too, the listing's PermissionDenied is raised."""
    from databricks.sdk.errors import PermissionDenied

    denied: PermissionDenied | None = None
    try:
        return metastore_system_schemas(ctx).get("access")
    except PermissionDenied as exc:
        if not warehouse:
            raise
        denied = exc
    outcome = run_statement(ctx, AUDIT_PROBE_SQL, warehouse)
    if outcome.succeeded:
        return READABLE_BY_SELECT
    if re.search(r"TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist", outcome.error or ""):
        return "not found by SELECT"
    raise denied


def metastore_system_schemas(ctx: CheckContext) -> dict[str, str | None]:
    """System schema name -> state (e.g. ``access`` -> ``ENABLE_COMPLETED``) of the current
    metastore."""

    def fetch() -> dict[str, str | None]:
        metastore_id = current_metastore(ctx).metastore_id or ""
        infos: list[SystemSchemaInfo] = list(ctx.client.system_schemas.list(metastore_id))
        return {
            str(i.schema): (i.state.value if hasattr(i.state, "value") else i.state)  # type: ignore[union-attr]
            for i in infos
            if i.schema
        }

    return ctx.cached(("system_schemas.list",), fetch)


def current_metastore(ctx: CheckContext) -> MetastoreAssignment:
    """The metastore assignment of the workspace (metastore id, workspace id)."""
    return ctx.cached(("metastores.current",), ctx.client.metastores.current)


def tables_found(ctx: CheckContext, names: Iterable[str]) -> tuple[dict[str, TableInfo], list[str]]:
    """The named tables (full name -> TableInfo) and the names that do not exist. An unavailable
    API raises (``if_exists``): the runner answers SKIPPED."""
    return found_by_name(table, ctx, names)


def entity_tags(ctx: CheckContext, entity_type: str, entity_name: str) -> list[EntityTagAssignment]:
    """Governed tags on a UC entity (``entity_type``: tables, columns, schemas, catalogs)."""
    return ctx.cached(
        ("entity_tag_assignments.list", entity_type, entity_name.lower()),
        lambda: list(ctx.client.entity_tag_assignments.list(entity_type, entity_name)),
    )


def catalog_classification(ctx: CheckContext, catalog_name: str) -> CatalogConfig:
    """The catalog's data classification (auto-tagging) config; ``NotFound`` if never set."""
    name = f"catalogs/{catalog_name}/config"
    return ctx.cached(
        ("data_classification.get_catalog_config", name.lower()),
        lambda: ctx.client.data_classification.get_catalog_config(name),
    )
