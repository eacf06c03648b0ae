"""Classic compute runs in a customer-managed VNet/VPC (docs/checks.md#network_vnet_injection; SAT NS-4).

The authoritative fact (``network_id`` of the workspace, or the Azure ARM resource's
``customVirtualNetworkId``) lives at the account / cloud level, which a workspace client cannot
read: this check identifies the workspace and says exactly where a person confirms it.
"""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import ACCOUNT_ID

META = CheckMeta(
    id="network_vnet_injection",
    title="Workspace deployed in a customer-managed VNet/VPC",
    items=("network-vnet-injection",),
    params=(
        ACCOUNT_ID,
        Param(
            "workspace_id",
            "str",
            "Numeric workspace id (read from the metastore assignment if unset)",
            required=False,
        ),
    ),
    severity="medium",
    permission="workspace access; an account admin (or Azure reader) confirms the network configuration",
    remediation=(
        "Deploy the workspace with VNet injection (Azure: customer-managed VNet) or a "
        "customer-managed VPC (AWS/GCP network configuration); this needs a new workspace or a "
        "network update from the account console."
    ),
    docs="https://docs.databricks.com/en/security/network/classic/customer-managed-vpc.html",
    kind="partial",
    resources=("GET /api/2.1/unity-catalog/current-metastore-assignment",),
)

ACCOUNT_CONSOLES = {
    "aws": "https://accounts.cloud.databricks.com",
    "azure": "https://accounts.azuredatabricks.net",
    "gcp": "https://accounts.gcp.databricks.com",
}


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors import NotFound

    account_id: str = params["account_id"]
    workspace_id: str | None = params.get("workspace_id")
    if not workspace_id:
        try:
            assigned = resources.current_metastore(ctx).workspace_id
        except NotFound:  # no metastore assigned: the workspace id stays unknown
            assigned = None
        workspace_id = str(assigned) if assigned else None
    console = ACCOUNT_CONSOLES[ctx.cloud]
    if ctx.cloud == "azure":
        where = (
            "the Azure portal: the Databricks workspace resource's Networking page "
            "(customVirtualNetworkId set = VNet injection)"
        )
    else:
        where = (
            f"the account console ({console}) > Workspaces > "
            f"{workspace_id or 'this workspace'}: a network configuration (network_id) is attached"
        )
    facts = {
        "cloud": ctx.cloud,
        "workspace_host": ctx.host,
        "workspace_id": workspace_id,
        "account_id": account_id,
        "account_console": console,
        "account_level_check": (
            "GET /api/2.0/accounts/{account_id}/workspaces/{workspace_id} -> network_id "
            "(needs an account admin; not readable with a workspace client)"
        ),
    }
    return Result.review(
        f"Workspace {workspace_id or ctx.host} on {ctx.cloud}: VNet/VPC injection is an "
        f"account- or cloud-level setting; confirm it in {where}.",
        link=f"{console}/workspaces/{workspace_id}" if workspace_id else console,
        **facts,
    )
