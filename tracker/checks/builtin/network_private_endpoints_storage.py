"""The Azure storage accounts behind the production catalog are reached through private endpoints
(docs/checks.md#network_private_endpoints_storage; Azure only).

Private endpoints are Azure resources (classic compute) and network connectivity configuration
rules at the account level (serverless): neither is readable with a workspace client. The check
finds which storage accounts the production catalog uses and says where a person confirms them.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import ACCOUNT_ID

META = CheckMeta(
    id="network_private_endpoints_storage",
    title="Private endpoints for the Azure storage accounts",
    items=("network-private-endpoints-storage",),
    params=(
        ACCOUNT_ID,
        Param("catalog", "str", "Production Unity Catalog catalog whose storage is checked"),
    ),
    severity="medium",
    permission="USE_CATALOG on the catalog; an account admin / Azure reader confirms the endpoints",
    remediation=(
        "Create private endpoints (dfs and blob) for the storage accounts in the workspace VNet, "
        "disable public network access on them, and add private endpoint rules to the network "
        "connectivity configuration for serverless compute."
    ),
    docs="https://learn.microsoft.com/en-us/azure/databricks/security/network/serverless-network-security/serverless-private-link",
    kind="partial",
    clouds=frozenset({"azure"}),
    resources=("GET /api/2.1/unity-catalog/catalogs/{name}",),
)

# abfss://container@account.dfs.core.windows.net/path (also wasbs:// and blob endpoints)
STORAGE_URL = re.compile(r"^[a-z]+://[^@/]+@([a-z0-9]+)\.(?:dfs|blob)\.core\.", re.IGNORECASE)


def storage_account(url: str | None) -> str | None:
    found = STORAGE_URL.match(url or "")
    return found.group(1).lower() if found else None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    catalog: str = params["catalog"]
    link = ctx.ui_link(f"/explore/data/{catalog}")
    info = resources.if_exists(resources.catalog, ctx, catalog)
    if info is None:
        return Result.failed(
            f"Catalog {catalog} does not exist in the metastore.", link=link, catalog=catalog
        )
    urls = [u for u in (info.storage_root, info.storage_location) if u]
    accounts = sorted({a for a in map(storage_account, urls) if a})
    facts = {
        "catalog": catalog,
        "storage_root": info.storage_root,
        "storage_accounts": accounts,
        "account_id": params["account_id"],
        "account_level_check": (
            "GET /api/2.0/accounts/{account_id}/network-connectivity-configs/{ncc_id}/"
            "private-endpoint-rules -> connection_state ESTABLISHED (needs an account admin)"
        ),
    }
    if accounts:
        what = f"storage account(s) {', '.join(accounts)}"
    elif urls:
        what = f"storage {urls[0]} (not an ADLS/Blob URL)"
    else:
        what = "the metastore's default storage (the catalog has no storage root of its own)"
    return Result.review(
        f"Catalog {catalog} stores data in {what}; confirm in the Azure portal that each has "
        "private endpoints and public access disabled, and in the account console that the "
        "network connectivity configuration has ESTABLISHED private endpoint rules for serverless.",
        link=link,
        **facts,
    )
