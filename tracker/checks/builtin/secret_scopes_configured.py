"""Production secret scopes exist and hold secrets (docs/checks.md#secret_scopes_configured). Values are never read."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="secret_scopes_configured",
    title="Databricks secret scopes configured",
    items=("secrets-scopes-configured",),
    params=(
        Param(
            "secret_scopes", "list", "Secret scopes production code reads from (comma-separated)"
        ),
        Param("required_keys", "list", "Secret keys each scope must hold", required=False),
    ),
    severity="high",
    permission="READ on the secret scopes",
    remediation=(
        "Create the scope (databricks secrets create-scope NAME), put the production secrets "
        "in it, and grant READ to the service principal the jobs run as."
    ),
    docs="https://docs.databricks.com/en/security/secrets/index.html",
    resources=("GET /api/2.0/secrets/scopes/list", "GET /api/2.0/secrets/list"),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    wanted: list[str] = params["secret_scopes"]
    required_keys: list[str] = params.get("required_keys") or []
    link = ctx.ui_link("/settings/workspace/security")
    # Databricks compares secret scope names case-insensitively: "Production" is "production".
    existing = {s.name.casefold(): s.name for s in resources.secret_scopes(ctx) if s.name}
    problems: list[str] = []
    counts: dict[str, int] = {}
    for scope in wanted:
        actual = existing.get(scope.casefold())
        if actual is None:
            problems.append(f"scope {scope} does not exist")
            continue
        keys = {s.key for s in resources.secrets(ctx, actual) if s.key}
        counts[scope] = len(keys)
        if not keys:
            problems.append(f"scope {scope} holds no secrets")
        missing = [k for k in required_keys if k not in keys]
        if missing:
            problems.append(f"scope {scope} lacks {', '.join(missing)}")
    facts = {
        "scopes": wanted,
        "secret_counts": counts,
        "existing_scopes": sorted(existing.values()),
    }
    if failed := Result.failure("Secret scopes incomplete", problems, link=link, **facts):
        return failed
    summary = ", ".join(f"{s} ({counts[s]} secrets)" for s in wanted)
    return Result.passed(
        f"Secret scopes exist and hold secrets: {summary}.", examined=wanted, link=link, **facts
    )
