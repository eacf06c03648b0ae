"""Secrets are kept in an Azure Key Vault-backed secret scope (docs/checks.md#secrets_in_key_vault; Azure only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="secrets_in_key_vault",
    title="Secrets stored in Azure Key Vault",
    items=("secrets-azure-key-vault",),
    params=(
        Param(
            "keyvault_scope_name",
            "str",
            "The Key Vault-backed scope that must exist (any such scope when unset)",
            required=False,
        ),
    ),
    severity="medium",
    permission="permission to list secret scopes",
    remediation=(
        "Create an Azure Key Vault-backed secret scope (databricks secrets create-scope NAME "
        "--scope-backend-type AZURE_KEYVAULT ...) and move production secrets into the vault."
    ),
    docs="https://learn.microsoft.com/en-us/azure/databricks/security/secrets/#akv-ss",
    clouds=frozenset({"azure"}),
    resources=("GET /api/2.0/secrets/scopes/list",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    wanted: str | None = params.get("keyvault_scope_name")
    link = ctx.ui_link("/settings/workspace/security")
    scopes = resources.secret_scopes(ctx)
    backends = {
        s.name: (s.backend_type.value if s.backend_type else None) for s in scopes if s.name
    }
    vaults = [
        s
        for s in scopes
        if s.backend_type is not None
        and s.backend_type.value == "AZURE_KEYVAULT"
        and s.keyvault_metadata is not None
        and s.keyvault_metadata.dns_name
    ]
    facts: dict[str, Any] = {"scopes": backends, "keyvault_scope_name": wanted}
    if wanted:
        match = next((s for s in vaults if s.name == wanted), None)
        if match is None:
            state = f"is backed by {backends[wanted]}" if wanted in backends else "does not exist"
            return Result.failed(
                f"Secret scope {wanted} {state}, not Azure Key Vault.", link=link, **facts
            )
        vaults = [match]
    elif not vaults:
        return Result.failed(
            f"No Azure Key Vault-backed secret scope (scopes: {', '.join(sorted(backends)) or 'none'}).",
            link=link,
            **facts,
        )
    dns = vaults[0].keyvault_metadata.dns_name if vaults[0].keyvault_metadata else None
    facts["vault_dns"] = dns
    return Result.passed(
        f"Secret scope {vaults[0].name} is backed by Azure Key Vault {dns}.",
        examined=[vaults[0].name or "?"],
        link=link,
        **facts,
    )
