"""Grants and ownership on the catalog and its schemas go to groups or service principals, never
to individual users (docs/checks.md#uc_group_grants)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import CATALOG

META = CheckMeta(
    id="uc_group_grants",
    title="Access granted to groups, not individual users",
    items=("uc-group-access-controls",),
    params=(
        CATALOG,
        Param(
            "required_schemas",
            "list",
            "Schemas whose grants are checked too (comma-separated)",
            required=False,
            default="raw,features,models,monitoring",
        ),
        Param(
            "allowed_user_principals",
            "list",
            "Users allowed to hold grants anyway (break-glass accounts)",
            required=False,
        ),
    ),
    severity="high",
    permission="owner, MANAGE or metastore admin on the catalog and schemas",
    remediation=(
        "Grant privileges to account groups or service principals instead of users "
        "(REVOKE ... FROM `alice@corp.com`; GRANT ... TO `ml-engineers`) and transfer ownership "
        "to a group."
    ),
    docs="https://docs.databricks.com/en/data-governance/unity-catalog/manage-privileges/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}",
        "GET /api/2.1/unity-catalog/catalogs/{name}",
        "GET /api/2.1/unity-catalog/schemas",
    ),
)


def is_user(principal: str) -> bool:
    """Users are e-mail names; service principals are application-id UUIDs; groups display names."""
    return "@" in principal


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    catalog: str = params["catalog"]
    required: list[str] = params["required_schemas"]
    allowed = {p.lower() for p in params.get("allowed_user_principals") or []}
    link = ctx.ui_link(f"/explore/data/{catalog}")
    offenders: list[str] = []

    def note(securable: str, principal: str | None, what: str) -> None:
        if principal and is_user(principal) and principal.lower() not in allowed:
            offenders.append(f"{what} {principal} on {securable}")

    def grants_on(kind: str, full: str) -> None:
        for grant in resources.grants(ctx, kind, full):
            note(f"{kind} {full}", grant.principal, "grant to")

    note(f"catalog {catalog}", resources.catalog(ctx, catalog).owner, "owner")
    grants_on("catalog", catalog)
    owners = {(s.name or "").lower(): s.owner for s in resources.schemas(ctx, catalog)}
    checked = [f"catalog {catalog}"]
    absent = [f"{catalog}.{n}" for n in required if n.lower() not in owners]
    for name in (n for n in required if n.lower() in owners):
        full = f"{catalog}.{name}"
        note(f"schema {full}", owners[name.lower()], "owner")
        grants_on("schema", full)
        checked.append(f"schema {full}")
        # User grants on the tables, volumes and models inside count too.
        for kind, child in resources.schema_securables(ctx, catalog, name):
            grants_on(kind, child)
            checked.append(f"{kind} {child}")
    facts = {"checked": checked, "user_principals": offenders, "schemas_not_found": absent}
    problems = list(offenders[:5]) + (["..."] if len(offenders) > 5 else [])
    problems += [f"schema {n} not found, its grants could not be checked" for n in absent]
    return Result.from_problems(
        problems,
        failure=f"{len(offenders)} grant(s)/ownership(s) go to individual users"
        if offenders
        else "Grants not checked everywhere",
        success=f"Grants and ownership on catalog {catalog} and {len(checked) - 1} schema(s), "
        "table(s), volume(s) and model(s) go only to groups or service principals.",
        examined=checked,
        link=link,
        **facts,
    )
