"""The production catalog exists, is a managed Unity Catalog catalog, and follows the naming
convention (docs/checks.md#uc_catalog_exists)."""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import CATALOG

META = CheckMeta(
    id="uc_catalog_exists",
    title="Production catalog exists with the naming convention",
    items=("uc-production-catalog",),
    params=(
        CATALOG,
        Param(
            "catalog_name_regex",
            "regex",
            "Naming convention the catalog name must match in full",
            required=False,
            default=r"^prod_[a-z0-9_]+$",
        ),
    ),
    severity="high",
    permission="metastore admin, catalog owner, or USE_CATALOG on the catalog",
    remediation=(
        "Create the catalog as a managed catalog named per the convention "
        "(CREATE CATALOG prod_ml), transfer its ownership to a group "
        "(ALTER CATALOG prod_ml OWNER TO `ml-admins`), and bind it to the production workspace."
    ),
    docs="https://docs.databricks.com/en/catalogs/create-catalog.html",
    resources=("GET /api/2.1/unity-catalog/catalogs/{name}",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    name: str = params["catalog"]
    regex: str = params["catalog_name_regex"]
    link = ctx.ui_link(f"/explore/data/{name}")
    info = resources.if_exists(resources.catalog, ctx, name)
    if info is None:
        return Result.failed(
            f"Catalog {name} does not exist in the metastore.", link=link, catalog=name
        )
    catalog_type = info.catalog_type.value if info.catalog_type else None
    owner = info.owner or ""
    isolation = info.isolation_mode.value if info.isolation_mode else None
    facts = {
        "catalog": info.name,
        "catalog_type": catalog_type,
        "owner": owner,
        "isolation_mode": isolation,
        "naming_regex": regex,
    }
    if not re.fullmatch(regex, info.name or name):
        return Result.failed(
            f"Catalog {info.name} does not match the naming convention {regex}.", link=link, **facts
        )
    if catalog_type != "MANAGED_CATALOG":
        return Result.failed(
            f"Catalog {info.name} is a {catalog_type or 'catalog of unknown type'}, not a managed catalog.",
            link=link,
            **facts,
        )
    if "@" in owner:
        return Result.failed(
            f"Catalog {info.name} is owned by the user {owner}; production catalogs must be owned "
            "by a group.",
            link=link,
            **facts,
        )
    note = ""
    if isolation and isolation != "ISOLATED":
        note = f" Note: isolation mode {isolation} (not bound to specific workspaces)."
    return Result.passed(
        f"Catalog {info.name} exists as a managed catalog owned by {owner or 'unknown'} and matches "
        f"{regex}.{note}",
        examined=[info.name or "?"],
        link=link,
        **facts,
    )
