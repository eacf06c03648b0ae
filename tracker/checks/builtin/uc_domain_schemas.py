"""The production catalog has one schema per domain (docs/checks.md#uc_domain_schemas)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import CATALOG

META = CheckMeta(
    id="uc_domain_schemas",
    title="Catalog has one schema per domain",
    items=("uc-domain-schemas",),
    params=(
        CATALOG,
        Param(
            "required_schemas",
            "list",
            "Schemas the catalog must contain (comma-separated)",
            required=False,
            default="raw,features,models,monitoring",
        ),
    ),
    severity="high",
    permission="USE_CATALOG on the catalog (non-owners only see schemas they can use)",
    remediation="Create the missing schemas: CREATE SCHEMA <catalog>.<name> for each domain.",
    docs="https://docs.databricks.com/en/schemas/create-schema.html",
    resources=("GET /api/2.1/unity-catalog/schemas",),
)

AUTO_CREATED = frozenset({"information_schema", "default"})


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    catalog: str = params["catalog"]
    required: list[str] = params["required_schemas"]
    link = ctx.ui_link(f"/explore/data/{catalog}")
    present = {(s.name or "").lower() for s in resources.schemas(ctx, catalog)} - AUTO_CREATED
    missing = [name for name in required if name.lower() not in present]
    facts = {
        "catalog": catalog,
        "required": required,
        "present": sorted(present),
        "missing": missing,
    }
    if missing:
        return Result.failed(
            f"Catalog {catalog} lacks the schema(s) {', '.join(missing)} "
            f"(has {', '.join(sorted(present)) or 'none'}).",
            link=link,
            **facts,
        )
    return Result.passed(
        f"Catalog {catalog} has every domain schema: {', '.join(required)}.",
        examined=required,
        link=link,
        **facts,
    )
