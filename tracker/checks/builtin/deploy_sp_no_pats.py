"""The CI/CD deploy service principal owns no personal access tokens; its OIDC federation policy
is account-level and confirmed by a person (docs/checks.md#deploy_sp_no_pats)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="deploy_sp_no_pats",
    title="CI/CD deploys with OIDC federation, no long-lived tokens",
    items=("gha-oidc-no-long-lived-tokens",),
    params=(
        Param(
            "deploy_sp_id",
            "str",
            "The deploy service principal: numeric id or application id (UUID)",
        ),
    ),
    severity="high",
    permission="workspace admin (token management)",
    remediation=(
        "Revoke the service principal's personal access tokens and let GitHub Actions authenticate "
        "with workload identity federation: an account-level federation policy on the service "
        "principal with issuer https://token.actions.githubusercontent.com."
    ),
    docs="https://docs.databricks.com/en/dev-tools/auth/provider-github.html",
    kind="partial",
    resources=(
        "GET /api/2.0/preview/scim/v2/ServicePrincipals",
        "GET /api/2.0/token-management/tokens",
    ),
)

FEDERATION_NOTE = (
    "its OIDC federation policy (issuer https://token.actions.githubusercontent.com) is "
    "account-level, which this workspace check cannot read: confirm it in the account console"
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    wanted: str = params["deploy_sp_id"]
    sp = next(
        (s for s in resources.service_principals(ctx) if wanted in (s.id, s.application_id)), None
    )
    link = ctx.ui_link("/settings/workspace/identity-and-access/service-principals")
    if sp is None or not sp.id:
        return Result.failed(
            f"No service principal with id or application id {wanted} in the workspace.",
            link=link,
            deploy_sp_id=wanted,
        )
    label = sp.display_name or sp.application_id or sp.id
    if sp.id.isdigit():
        link = ctx.ui_link(f"/settings/workspace/identity-and-access/service-principals/{sp.id}")
    # By owner, not creator: an admin may create a token on the SP's behalf (created_by_id is
    # the admin, owner_id the SP). The API filters only by creator, so filter here.
    every = ctx.cached(("token_management.list",), lambda: list(ctx.client.token_management.list()))
    tokens = [t for t in every if str(t.owner_id or t.created_by_id or "") == sp.id]
    now_ms = datetime.now(UTC).timestamp() * 1000
    live = [
        t for t in tokens if t.expiry_time is None or t.expiry_time <= 0 or t.expiry_time > now_ms
    ]
    facts = {
        "service_principal": label,
        "service_principal_id": sp.id,
        "application_id": sp.application_id,
        "tokens": len(tokens),
        "unexpired_tokens": len(live),
        "non_expiring_tokens": sum(
            1 for t in tokens if t.expiry_time is None or t.expiry_time <= 0
        ),
    }
    if live:
        return Result.failed(
            f"Deploy service principal {label} owns {len(live)} personal access token(s) "
            f"({facts['non_expiring_tokens']} never expire); CI should use OIDC federation instead.",
            link=link,
            **facts,
        )
    return Result.review(
        f"Deploy service principal {label} owns no personal access token; {FEDERATION_NOTE}.",
        link=link,
        **facts,
    )
